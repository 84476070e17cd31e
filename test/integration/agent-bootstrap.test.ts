import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Client } from "../../core/aws/s3.js";
import { agentDownloadUrl } from "../../core/infrastructure/agent-bootstrap.js";
import { AGENT_BIN_PATH, AGENT_CONFIG_PATH, AGENT_UNIT_PATH } from "../../core/infrastructure/agent-install.js";
import { DEFAULT_CLOUD_INIT, renderCloudInit } from "../../core/infrastructure/cloud-init.js";
import type { AgentBootstrap } from "../../core/infrastructure/driver.js";
import { buckets } from "../../infra/resources.js";
import { BootedMachine } from "../doubles/machine-agent.js";
import { spawnAgent } from "../support/agent-process.js";
import { publishTestAgentRelease, type TestAgentBuild } from "../support/agent-release.js";
import { adminApi, eventually, resourceName, useLocalAws } from "../support/api.js";
import { newTenant, type Tenant } from "../support/tenants.js";

/**
 * How a machine a provider creates gets its agent: the unauthenticated
 * download of published builds, the install script cloud-init runs (the
 * real one, under sh, with its digest check), and the real agent
 * registering from the config file cloud-init wrote.
 */
const admin = adminApi();
let build: TestAgentBuild;
let auto: Tenant;
const machines: BootedMachine[] = [];
let work: string;

beforeAll(async () => {
  build = await publishTestAgentRelease(admin, useLocalAws());
  auto = await newTenant({ autoApproveHosts: true });
  work = mkdtempSync(join(tmpdir(), "ckp-bootstrap-"));
});
afterAll(async () => {
  await Promise.all(machines.map((m) => m.stop()));
  if (work) rmSync(work, { recursive: true, force: true });
});

function bootstrap(t: Tenant, o: { sha256?: string; url?: string } = {}): AgentBootstrap {
  return {
    apiUrl: admin.base,
    domain: t.domain,
    project: t.project,
    psk: t.psk,
    build: {
      version: build.version,
      sha256: o.sha256 ?? build.sha256,
      url: o.url ?? agentDownloadUrl(admin.base, o.sha256 ?? build.sha256),
    },
  };
}

const sha = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("agent download (GET /v1/agent/download)", () => {
  it("serves published builds without a credential, the current one or any one by digest", async () => {
    const current = await fetch(`${admin.base}/v1/agent/download`);
    expect(current.status).toBe(200);
    expect(current.headers.get("content-type")).toBe("application/octet-stream");
    expect(current.headers.get("cache-control")).toBe("no-cache");
    const currentBody = Buffer.from(await current.arrayBuffer());
    expect(sha(currentBody)).toBe(current.headers.get("x-ckp-agent-sha256"));

    const pinned = await fetch(agentDownloadUrl(admin.base, build.sha256));
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get("x-ckp-agent-version")).toBe(build.version);
    expect(pinned.headers.get("cache-control")).toContain("immutable");
    expect(sha(Buffer.from(await pinned.arrayBuffer()))).toBe(build.sha256);

    // a newer release does not take the pinned build away from machines booting with it
    const other = randomBytes(1024);
    const key = `agent/not-an-agent-${randomBytes(4).toString("hex")}`;
    await s3Client().send(new PutObjectCommand({ Bucket: resourceName(useLocalAws(), buckets.artifacts.logical), Key: key, Body: other }));
    const v2 = await admin.put("/v1/agent/release", { version: `${build.version}.next`, sha256: sha(other), artifactKey: key });
    expect(v2.status, v2.text).toBe(200);
    try {
      const again = await fetch(agentDownloadUrl(admin.base, build.sha256));
      expect(sha(Buffer.from(await again.arrayBuffer()))).toBe(build.sha256);
      const newest = await fetch(`${admin.base}/v1/agent/download`);
      expect(sha(Buffer.from(await newest.arrayBuffer()))).toBe(sha(other));
    } finally {
      await publishTestAgentRelease(admin, useLocalAws());
    }
  });

  it("serves nothing but published builds, and says why", async () => {
    const unknown = await fetch(agentDownloadUrl(admin.base, "c".repeat(64)));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect(((await unknown.json()) as { detail: string }).detail).toContain(`agent build with sha256 ${"c".repeat(64)} was not found`);
    const bad = await fetch(`${admin.base}/v1/agent/download?sha256=../../pki/truststore.pem`);
    expect(bad.status).toBe(400);
    // documented as the one agent path that takes no credential besides registration
    const doc = (await (await fetch(`${admin.base}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.paths["/v1/agent/download"]?.get?.security).toEqual([]);
    expect(doc.paths["/v1/agent/release/artifact"]?.get?.security).toEqual([{ hostCertificate: [] }]);
  });
});

describe("a booted machine's cloud-init", () => {
  it("downloads the pinned build, checks it, installs the unit, and the real agent registers with the chosen machine id", async () => {
    const machineId = `m-${randomBytes(8).toString("hex")}`;
    const userData = renderCloudInit(DEFAULT_CLOUD_INIT, {
      hostname: "boot-ok-0",
      machineId,
      clusterId: "cl_test",
      clusterName: "boot",
      agent: bootstrap(auto),
    });
    const m = new BootedMachine("boot-ok-0", {
      facts: { os: { id: "ubuntu", version: "20.04" }, arch: "amd64", cpus: 2, memoryBytes: 4 * 1024 ** 3 },
      runAgent: true,
    });
    machines.push(m);
    expect(await m.boot(Buffer.from(userData).toString("base64")), m.describe()).toBe("running");

    // what the script installed
    expect(sha(readFileSync(join(m.root, AGENT_BIN_PATH)))).toBe(build.sha256);
    expect(statSync(join(m.root, AGENT_BIN_PATH)).mode & 0o111).not.toBe(0);
    expect(statSync(join(m.root, AGENT_CONFIG_PATH)).mode & 0o777).toBe(0o600);
    const unit = readFileSync(join(m.root, AGENT_UNIT_PATH), "utf8");
    expect(unit).toContain(
      `ExecStartPre=${process.execPath} ${join(m.root, AGENT_BIN_PATH)} register --config ${join(m.root, AGENT_CONFIG_PATH)}`,
    );
    expect(unit).toMatch(/^ExecStart=.* run --config .* --restart exit$/m);
    expect(m.systemctlCalls).toEqual(["daemon-reload", "enable --now --no-block ckp-agent.service"]);
    // the state the agent kept: its certificate, for the machine id the control plane chose
    const identity = JSON.parse(readFileSync(join(m.root, "var/lib/ckp-agent/identity.json"), "utf8"));
    expect(identity).toMatchObject({ machineId, hostname: "boot-ok-0", domain: auto.domain, project: auto.project });
    const host = (await auto.projectAdmin.get(`${auto.base}/hosts/${identity.hostId}`)).body;
    expect(host).toMatchObject({ machineId, hostname: "boot-ok-0", certificateSerial: identity.certificateSerial });
    expect(host.facts.os).toEqual({ id: "ubuntu", version: "20.04" });
    // the unit's ExecStart (`run --config … --restart exit`) reports over mTLS with the new certificate
    const running = await eventually(
      async () => {
        const h = (await auto.projectAdmin.get(`${auto.base}/hosts/${identity.hostId}`)).body;
        return h.agent?.status === "ready" ? h : undefined;
      },
      60_000,
      "the running agent's first report",
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${m.describe()}`);
    });
    expect(running.agent.version).toBe(build.version);

    // a reboot runs the user data again (as cloud-init --force would): the build is kept, the identity too
    await m.halt();
    expect(await m.boot(Buffer.from(userData).toString("base64")), m.describe()).toBe("running");
    const [install2, register2] = m.processes.slice(-3);
    expect(install2?.lines.join("\n")).toContain(`ckp-agent ${build.version} is installed already`);
    expect(register2?.lines.join("\n")).toContain(`already registered as host ${identity.hostId}`);
    expect((await auto.projectAdmin.get(`${auto.base}/hosts`)).body.items).toHaveLength(1);
  });

  it("refuses a build whose digest is not the pinned one: nothing installed, nothing started", async () => {
    const t = await newTenant();
    // the current build, with another digest pinned: what a tampered download looks like
    const userData = renderCloudInit(DEFAULT_CLOUD_INIT, {
      hostname: "boot-bad-0",
      machineId: `m-${randomBytes(8).toString("hex")}`,
      clusterId: "cl_test",
      clusterName: "boot",
      agent: bootstrap(t, { sha256: "d".repeat(64), url: `${admin.base}/v1/agent/download` }),
    });
    const m = new BootedMachine("boot-bad-0", { facts: {} });
    machines.push(m);
    expect(await m.boot(Buffer.from(userData).toString("base64"))).toBe("failed");
    expect(m.error).toMatch(/install script exited with 1/);
    expect(m.processes[0]?.lines.join("\n")).toContain(
      `digest mismatch: ${admin.base}/v1/agent/download is not the build the control plane named (sha256 ${"d".repeat(64)}); nothing installed`,
    );
    expect(existsSync(join(m.root, AGENT_BIN_PATH))).toBe(false);
    expect(existsSync(`${join(m.root, AGENT_BIN_PATH)}.download`)).toBe(false);
    expect(existsSync(join(m.root, AGENT_UNIT_PATH))).toBe(false);
    expect(m.systemctlCalls).toEqual([]);
    expect((await t.projectAdmin.get(`${t.base}/host-requests`)).body.items).toEqual([]);
  });
});

describe("ckp-agent register --config", () => {
  it("registers from the file; flags override it; a bad file is refused with what to fix", async () => {
    const t = await newTenant();
    const machineId = `m-${randomBytes(8).toString("hex")}`;
    const cfg = join(work, "agent.yaml");
    // the file names a server that does not answer: --server wins
    writeFileSync(
      cfg,
      `server: http://127.0.0.1:9\ndomain: ${t.domain}\nproject: ${t.project}\npsk: ${JSON.stringify(t.psk)}\nmachineId: ${machineId}\nhostname: from-config\n`,
      { mode: 0o600 },
    );
    const reg = spawnAgent("config:register", { bundle: build.file }, [
      "register",
      "--config",
      cfg,
      "--server",
      admin.base,
      "--state-dir",
      join(work, "state"),
      "--poll",
      "0.5",
    ]);
    try {
      const pending = await eventually(
        async () => {
          const r = await t.projectAdmin.get(`${t.base}/host-requests?status=pending`);
          return r.body.items.length === 1 ? r.body.items[0] : undefined;
        },
        60_000,
        "the request from the config",
      );
      expect(pending).toMatchObject({ machineId, hostname: "from-config" });
      expect((await t.projectAdmin.post(`${t.base}/host-requests/${pending.id}/approve`)).status).toBe(200);
      expect(await reg.exited, reg.lines.join("\n")).toBe(0);
    } finally {
      await reg.kill("SIGKILL");
    }

    writeFileSync(cfg, "server: https://ckp.example.com\nsever: typo\n");
    const bad = spawnAgent("config:bad", { bundle: build.file }, ["register", "--config", cfg, "--state-dir", join(work, "state-bad")]);
    expect(await bad.exited).toBe(1);
    expect(bad.lines.join("\n")).toContain(`${cfg}: unknown setting(s) sever`);
    writeFileSync(cfg, "server: https://ckp.example.com\n");
    const short = spawnAgent("config:short", { bundle: build.file }, [
      "register",
      "--config",
      cfg,
      "--state-dir",
      join(work, "state-short"),
    ]);
    expect(await short.exited).toBe(1);
    expect(short.lines.join("\n")).toContain(`register needs --domain (or domain in ${cfg})`);
  });
});
