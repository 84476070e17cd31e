import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { s3Client } from "../../core/aws/s3.js";
import { buckets } from "../../infra/resources.js";
import { buildAgent } from "../../scripts/build-agent.js";
import { type AgentProcess, agentPid, alive, mtlsRequest, sha256File, spawnAgent } from "../support/agent-process.js";
import { Api, eventually, resourceName } from "../support/api.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { tenantEvents } from "../support/events.js";
import { foreignCa, rsaKey } from "../support/pki.js";

/**
 * Real agent processes against a real dev server (HTTP + mTLS listener,
 * WebSocket, sweep), on the local AWS stack: register, approve,
 * certificate, mTLS, health over the WebSocket, unreachable and back,
 * restart without a new identity, revocation, a foreign CA, HTTPS
 * fallback, and in-place upgrades with a good and a bad digest.
 */
const V1 = "1.0.0-e2e";
const V2 = "2.0.0-e2e";
// generous: on a loaded machine a heartbeat can take seconds, and a false "unreachable" makes the waits below flaky
const HEARTBEAT_TIMEOUT_S = 15;

let server: DevServer;
let admin: Api;
let work: string;
let v1Bundle: string;
let v2Bundle: string;
const domain = `e2e-${Date.now().toString(36)}`;
const project = "edge";
const base = `/v1/domains/${domain}/projects/${project}`;
const processes: AgentProcess[] = [];

interface Agent {
  name: string;
  stateDir: string;
  bundle: string;
  machineId: string;
  hostId?: string;
}
const agents: Record<"a" | "b" | "c", Agent> = {} as never;

function track(p: AgentProcess): AgentProcess {
  processes.push(p);
  return p;
}

function run(a: Agent, extra: string[] = []): AgentProcess {
  return track(spawnAgent(`${a.name}:run`, { bundle: a.bundle }, ["run", "--state-dir", a.stateDir, "--interval", "2", ...extra]));
}

async function host(id: string, projectBase = base) {
  const res = await admin.get(`${projectBase}/hosts/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const untilHost = async (id: string, ok: (h: any) => boolean, what: string, timeoutMs = 60_000, projectBase = base) => {
  let last: unknown;
  try {
    return await eventually(
      async () => {
        const h = await host(id, projectBase);
        last = h.agent;
        return ok(h) ? h : undefined;
      },
      timeoutMs,
      what,
    );
  } catch (e) {
    throw new Error(
      `${(e as Error).message}; last agent status: ${JSON.stringify(last)}\n${processes.map((p) => `--- ${p.name}\n${p.lines.slice(-15).join("\n")}`).join("\n")}`,
    );
  }
};

function tlsOf(a: Agent) {
  return {
    key: readFileSync(join(a.stateDir, "key.pem"), "utf8"),
    cert: readFileSync(join(a.stateDir, "cert.pem"), "utf8"),
    ca: readFileSync(join(a.stateDir, "ca.pem"), "utf8"),
  };
}

beforeAll(async () => {
  const endpoints = inject("awsEndpoints");
  process.env.AWS_ENDPOINT_URL = endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  work = mkdtempSync(join(tmpdir(), "ckp-agent-e2e-"));
  const [, v1, v2] = await Promise.all([
    startDevServer({ env: { CKP_AGENT_SWEEP_INTERVAL_MS: "500", CKP_AGENT_HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_S) } }).then(
      (s) => (server = s),
    ),
    buildAgent({ version: V1, outfile: join(work, "v1", "ckp-agent") }),
    buildAgent({ version: V2, outfile: join(work, "v2", "ckp-agent") }),
  ]);
  v1Bundle = v1.outfile;
  v2Bundle = v2.outfile;
  admin = new Api(server.url, server.adminToken);
  expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
  expect((await admin.post(`/v1/domains/${domain}/projects`, { name: project })).status).toBe(201);
  writeFileSync(join(work, "psk"), (await admin.get(`${base}/host-psk`)).body.psk, { mode: 0o600 });
  for (const name of ["a", "b", "c"] as const) {
    // each agent runs its own copy of the build: an upgrade replaces that file
    const dir = join(work, name);
    mkdirSync(join(dir, "bin"), { recursive: true });
    const bundle = join(dir, "bin", "ckp-agent");
    copyFileSync(v1Bundle, bundle);
    agents[name] = { name, stateDir: join(dir, "state"), bundle, machineId: `e2e-machine-${name}-${Date.now().toString(36)}` };
  }
});

afterAll(async () => {
  for (const a of Object.values(agents)) {
    const pid = agentPid(a.stateDir);
    if (alive(pid)) process.kill(pid as number, "SIGKILL");
  }
  await Promise.all(processes.map((p) => p.kill("SIGKILL")));
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("host agent", () => {
  it("registers three agents with the PSK; approval hands each its certificate (0600)", async () => {
    const register = (a: Agent, program: { bundle: string } | "npx") =>
      track(
        spawnAgent(`${a.name}:register`, program, [
          "register",
          "--server",
          server.url,
          "--domain",
          domain,
          "--project",
          project,
          "--psk-file",
          join(work, "psk"),
          "--state-dir",
          a.stateDir,
          "--machine-id",
          a.machineId,
          "--hostname",
          `node-${a.name}`,
          "--poll",
          "0.5",
        ]),
      );
    // one through `npx ckp-agent` (the repository's bin), two as the single-file build
    const procs = [register(agents.a, { bundle: v1Bundle }), register(agents.b, { bundle: v1Bundle }), register(agents.c, "npx")];
    const pending = await eventually(
      async () => {
        const res = await admin.get(`${base}/host-requests?status=pending`);
        return res.body.items.length === 3 ? res.body.items : undefined;
      },
      90_000,
      "three pending host requests",
    );
    await Promise.all(procs.map((p) => p.waitForLine(/waiting for approval/)));
    const byMachine = new Map(pending.map((r: { machineId: string; id: string }) => [r.machineId, r.id]));
    expect((await admin.post(`${base}/host-requests/${byMachine.get(agents.a.machineId)}/approve`)).status).toBe(200);
    const bulk = await admin.post(`${base}/host-requests/bulk-approve`, {
      ids: [byMachine.get(agents.b.machineId), byMachine.get(agents.c.machineId)],
    });
    expect(bulk.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(["approved", "approved"]);

    for (const [i, a] of [agents.a, agents.b, agents.c].entries()) {
      const p = procs[i] as AgentProcess;
      expect(await p.exited, p.lines.join("\n")).toBe(0);
      const out = JSON.parse(p.lines.find((l) => l.startsWith("{")) as string);
      a.hostId = out.hostId;
      expect(out.certificateSerial).toMatch(/^[0-9a-f]{32}$/);
      for (const f of ["key.pem", "cert.pem", "ca.pem", "identity.json"]) expect(statSync(join(a.stateDir, f)).mode & 0o777).toBe(0o600);
      expect(statSync(a.stateDir).mode & 0o777).toBe(0o700);
      const rec = await admin.get(`${base}/certificates/${out.certificateSerial}`);
      expect(rec.body).toMatchObject({ hostId: a.hostId, purpose: "host", revoked: false });
      expect(rec.body.pem).toBe(readFileSync(join(a.stateDir, "cert.pem"), "utf8"));
    }
  });

  it("runs: reports health over the WebSocket, through mTLS", async () => {
    for (const a of Object.values(agents)) run(a);
    for (const a of Object.values(agents)) {
      const h = await untilHost(
        a.hostId as string,
        (x) => x.agent?.status === "ready" && x.agent?.via === "websocket",
        `${a.name} ready over the WebSocket`,
      );
      expect(h.agent.version).toBe(V1);
      expect(h.agent.health).toMatchObject({
        uptimeSeconds: expect.any(Number),
        load: expect.any(Array),
        memory: { totalBytes: expect.any(Number), availableBytes: expect.any(Number) },
        disk: { path: "/", totalBytes: expect.any(Number) },
        kernel: expect.any(String),
      });
      expect(h.agent.health).toHaveProperty("containerRuntime");
      // the host preflight, run by the real agent on this machine: reported at registration and with its health, judged into conditions
      const preflight = {
        modules: { overlay: expect.any(Boolean), br_netfilter: expect.any(Boolean) },
        swapDevices: expect.any(Number),
        versions: expect.objectContaining({ containerd: expect.toSatisfy((v) => v === null || typeof v === "string") }),
        fixed: [],
      };
      expect(h.facts.preflight).toMatchObject(preflight);
      expect(h.agent.health.preflight).toMatchObject(preflight);
      expect(h.conditions.find((c: { type: string }) => c.type === "Preflight")?.status).toMatch(/^(True|False)$/);
      // reports keep coming
      const first = h.agent.lastSeenAt;
      await untilHost(a.hostId as string, (x) => x.agent.lastSeenAt > first, `${a.name} reports again`);
    }
    const events = await tenantEvents(server.env, { domain, project });
    const connected = events.filter((e) => e.type === "ckp.host.agent-connected");
    // one event per transition, not per heartbeat: a first report per host, then only returns from unreachable
    const first = connected.filter((e) => e.data.previous === "none");
    expect(first.map((e) => e.data.hostId).sort()).toEqual(
      Object.values(agents)
        .map((a) => a.hostId)
        .sort(),
    );
    expect(connected.every((e) => e.data.previous === "none" || e.data.previous === "unreachable")).toBe(true);
    const lost = events.filter((e) => e.type === "ckp.host.agent-lost").length;
    expect(connected.length - first.length).toBeLessThanOrEqual(lost);
  });

  it("a killed agent becomes unreachable; restarted, it is the same host again without a new request", async () => {
    const a = agents.a;
    process.kill(agentPid(a.stateDir) as number, "SIGKILL");
    const lost = await untilHost(a.hostId as string, (x) => x.agent?.status === "unreachable", "a unreachable", 120_000);
    expect(lost.agent.unreachableSince).toBeDefined();
    expect(
      (await tenantEvents(server.env, { domain, project })).some((e) => e.type === "ckp.host.agent-lost" && e.data.hostId === a.hostId),
    ).toBe(true);

    // registering again with the kept identity is a no-op
    const again = track(
      spawnAgent("a:register-again", { bundle: a.bundle }, [
        "register",
        "--server",
        server.url,
        "--domain",
        domain,
        "--project",
        project,
        "--psk-file",
        join(work, "psk"),
        "--state-dir",
        a.stateDir,
        "--machine-id",
        a.machineId,
      ]),
    );
    expect(await again.exited).toBe(0);
    expect(again.lines.join("\n")).toMatch(/already registered as host/);
    expect(JSON.parse(again.lines.find((l) => l.startsWith("{")) as string).hostId).toBe(a.hostId);

    run(a);
    await untilHost(a.hostId as string, (x) => x.agent?.status === "ready", "a ready again");
    expect((await admin.get(`${base}/host-requests`)).body.items).toHaveLength(3);
    expect((await admin.get(`${base}/hosts`)).body.items).toHaveLength(3);
    const events = await tenantEvents(server.env, { domain, project });
    const transitions = events
      .filter((e) => e.type === "ckp.host.agent-connected" && e.data.hostId === a.hostId)
      .map((e) => e.data.previous);
    expect(transitions[0]).toBe("none");
    expect(transitions.slice(1)).toContain("unreachable");
  });

  it("a revoked certificate is refused, on the WebSocket and over HTTPS", async () => {
    const b = agents.b;
    const tls = tlsOf(b);
    const before = await mtlsRequest(`${server.mtlsUrl}/v1/agent/heartbeat`, tls, { method: "POST", body: { version: V1, health: {} } });
    expect(before).toMatchObject({ status: 200, body: { type: "ack" } });
    const serial = (await host(b.hostId as string)).certificateSerial;
    expect((await admin.post(`${base}/certificates/${serial}/revoke`, { reason: "e2e" })).status).toBe(200);

    const after = await mtlsRequest(`${server.mtlsUrl}/v1/agent/heartbeat`, tls, { method: "POST", body: { version: V1, health: {} } });
    expect(after).toMatchObject({ status: 401, body: { detail: expect.stringMatching(/revoked/) } });
    expect(await mtlsRequest(`${server.mtlsUrl}/v1/agent/ws-ticket`, tls, { method: "POST" })).toMatchObject({ status: 401 });
    // the running agent's open WebSocket is cut off too: its host goes silent
    await untilHost(b.hostId as string, (x) => x.agent?.status === "unreachable", "revoked b unreachable", 120_000);
    await (processes.find((p) => p.name === "b:run") as AgentProcess).waitForLine(/revoked/);
  });

  it("a certificate from another CA, or none, is refused", async () => {
    const a = agents.a;
    const impostor = foreignCa();
    const key = rsaKey();
    const cert = impostor.issue({ uri: `urn:ckp:host:${domain}:${project}:${a.hostId}`, publicKeyPem: key.publicKey });
    const ca = readFileSync(join(a.stateDir, "ca.pem"), "utf8");
    const foreign = await mtlsRequest(`${server.mtlsUrl}/v1/agent/release`, { key: key.privateKey, cert, ca });
    expect(foreign).toHaveProperty("error"); // the TLS handshake fails: it never reaches the app
    const none = await mtlsRequest(`${server.mtlsUrl}/v1/agent/release`, { ca });
    expect(none).toHaveProperty("error");
    // host-only endpoints on the plain listener have no certificate to go by
    const plain = await fetch(`${server.url}/v1/agent/heartbeat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(plain.status).toBe(401);
    // and the genuine certificate still works
    expect(await mtlsRequest(`${server.mtlsUrl}/v1/agent/release`, tlsOf(a))).toMatchObject({ status: 404 });
  });

  it("falls back to HTTPS when the WebSocket is unavailable", async () => {
    const c = agents.c;
    process.kill(agentPid(c.stateDir) as number, "SIGKILL");
    run(c, ["--ws-url", "wss://127.0.0.1:9/unavailable"]);
    const h = await untilHost(c.hostId as string, (x) => x.agent?.via === "https" && x.agent?.status === "ready", "c reporting over HTTPS");
    expect(h.agent.health.kernel).toEqual(expect.any(String));
    process.kill(agentPid(c.stateDir) as number, "SIGKILL");
    run(c);
    await untilHost(c.hostId as string, (x) => x.agent?.via === "websocket" && x.agent?.status === "ready", "c back on the WebSocket");
  });

  it("upgrades in place: a bad digest keeps the old agent running, a good one swaps the build and restarts", async () => {
    const c = agents.c;
    const bucket = resourceName(server.env, buckets.artifacts.logical);
    const key = `agent/ckp-agent-${V2}.mjs`;
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(v2Bundle) }));
    const v1Sha = sha256File(c.bundle);
    const pidBefore = agentPid(c.stateDir);

    const bad = await admin.put("/v1/agent/release", { version: V2, sha256: "0".repeat(64), artifactKey: key });
    expect(bad.status, bad.text).toBe(200);
    const failed = await untilHost(c.hostId as string, (x) => x.agent?.upgrade?.status === "failed", "c reports the failed upgrade");
    expect(failed.agent.upgrade).toMatchObject({ version: V2, error: expect.stringMatching(/digest mismatch/) });
    expect(failed.agent.version).toBe(V1);
    expect(sha256File(c.bundle)).toBe(v1Sha);
    expect(agentPid(c.stateDir)).toBe(pidBefore);
    expect(alive(pidBefore)).toBe(true);

    const good = await admin.put("/v1/agent/release", { version: V2, sha256: sha256File(v2Bundle), artifactKey: key });
    expect(good.status).toBe(200);
    const upgraded = await untilHost(
      c.hostId as string,
      (x) => x.agent?.version === V2 && x.agent?.status === "ready",
      "c runs the new version",
      90_000,
    );
    expect(upgraded.agent.upgrade).toMatchObject({ status: "succeeded", version: V2 });
    expect(sha256File(c.bundle)).toBe(sha256File(v2Bundle));
    expect(agentPid(c.stateDir)).not.toBe(pidBefore);
    expect(alive(agentPid(c.stateDir))).toBe(true);
    expect(statSync(c.bundle).mode & 0o111).not.toBe(0);
    // a is upgraded by the same release; b, revoked, is not
    await untilHost(agents.a.hostId as string, (x) => x.agent?.version === V2, "a runs the new version", 90_000);
    expect(sha256File(agents.b.bundle)).toBe(v1Sha);
  });

  it("the upgrade command installs the named release and restarts the running agent", async () => {
    // a project that approves by itself: register returns at once with the certificate
    const autoBase = `/v1/domains/${domain}/projects/auto`;
    expect((await admin.post(`/v1/domains/${domain}/projects`, { name: "auto", autoApproveHosts: true })).status).toBe(201);
    writeFileSync(join(work, "psk-auto"), (await admin.get(`${autoBase}/host-psk`)).body.psk, { mode: 0o600 });
    mkdirSync(join(work, "d", "bin"), { recursive: true });
    const d: Agent = {
      name: "d",
      stateDir: join(work, "d", "state"),
      bundle: join(work, "d", "bin", "ckp-agent"),
      machineId: `e2e-machine-d-${Date.now().toString(36)}`,
    };
    copyFileSync(v1Bundle, d.bundle);
    const reg = track(
      spawnAgent("d:register", { bundle: d.bundle }, [
        "register",
        "--server",
        server.url,
        "--domain",
        domain,
        "--project",
        "auto",
        "--psk-file",
        join(work, "psk-auto"),
        "--state-dir",
        d.stateDir,
        "--machine-id",
        d.machineId,
      ]),
    );
    expect(await reg.exited, reg.lines.join("\n")).toBe(0);
    d.hostId = JSON.parse(reg.lines.find((l) => l.startsWith("{")) as string).hostId;
    run(d, ["--no-upgrade"]);
    await untilHost(
      d.hostId as string,
      (x) => x.agent?.status === "ready" && x.agent?.version === V1,
      "d ready on the old version",
      60_000,
      autoBase,
    );
    const pidBefore = agentPid(d.stateDir);

    const upgrade = track(spawnAgent("d:upgrade", { bundle: d.bundle }, ["upgrade", "--state-dir", d.stateDir]));
    expect(await upgrade.exited, upgrade.lines.join("\n")).toBe(0);
    expect(upgrade.lines.join("\n")).toMatch(
      new RegExp(`installed ${V2}[\\s\\S]*asked the running agent \\(pid ${pidBefore}\\) to restart`),
    );
    expect(sha256File(d.bundle)).toBe(sha256File(v2Bundle));
    await untilHost(
      d.hostId as string,
      (x) => x.agent?.version === V2 && x.agent?.status === "ready",
      "d restarted on the new version",
      90_000,
      autoBase,
    );
    expect(agentPid(d.stateDir)).not.toBe(pidBefore);
    expect(alive(pidBefore)).toBe(false);
    (agents as Record<string, Agent>).d = d; // cleaned up with the others
  });

  it("refuses releases whose artifact is missing, and non-admins", async () => {
    const missing = await admin.put("/v1/agent/release", { version: "9.9.9", sha256: "a".repeat(64), artifactKey: "agent/none.mjs" });
    expect(missing.status).toBe(422);
    expect((await admin.put("/v1/agent/release", { version: "9.9.9", sha256: "a".repeat(64) })).status).toBe(400);
    const res = await admin.get("/v1/agent/release");
    expect(res.body).toMatchObject({ version: V2 });
    const created = await admin.post("/v1/tokens", { name: "e2e", role: "project-admin", domain, project });
    expect(created.status, created.text).toBe(201);
    const projectAdmin = admin.as(created.body.token as string);
    const refused = await projectAdmin.put("/v1/agent/release", { version: "9.9.9", sha256: "a".repeat(64), url: "https://example.com/x" });
    expect(refused.status, refused.text).toBe(403);
    expect((await projectAdmin.get("/v1/agent/release")).status).toBe(403);
  });
});
