import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentDownloadUrl } from "../../core/infrastructure/agent-bootstrap.js";
import { DEFAULT_CLOUD_INIT, renderCloudInit } from "../../core/infrastructure/cloud-init.js";
import { BootedMachine } from "../doubles/machine-agent.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { adminApi, eventually, useLocalAws } from "../support/api.js";
import { publishBundles, UBUNTU_2004 } from "../support/clusters.js";
import { buildDeb, type SigningKey, signDeb, signingKey } from "../support/debs.js";
import { newTenant, type Tenant } from "../support/tenants.js";

/**
 * Package integrity end to end (product §2.4): a booted machine (the
 * machine double, running the real agent build) installs a pulled BYOH
 * bundle with `ckp-agent install-bundle`. The agent reads the manifest and
 * the trusted keys from GET /v1/agent/bundle, checks every .deb (built here
 * with dpkg-deb, signed with keys made here), and only then calls dpkg; a
 * refusal installs nothing and shows on the host as agent.packages.
 */
const VERSION = "v1.31.2";
const admin = adminApi();
let t: Tenant;
let m: BootedMachine;
let hostId: string;
let work: string;
let coredge: SigningKey;
let stranger: SigningKey;
const machines: BootedMachine[] = [];
let boot: (name: string, facts: Record<string, unknown>) => Promise<{ machine: BootedMachine; hostId: string }>;

beforeAll(async () => {
  const build = await publishTestAgentRelease(admin, useLocalAws());
  await publishBundles(admin, [VERSION]);
  t = await newTenant({ autoApproveHosts: true });
  work = mkdtempSync(join(tmpdir(), "ckp-pkg-int-"));
  [coredge, stranger] = await Promise.all([signingKey("Coredge.io packages"), signingKey("not Coredge")]);
  const added = await admin.post("/v1/package-keys", { publicKey: coredge.publicKey });
  expect(added.status, added.text).toBe(201);

  boot = async (name, facts) => {
    const userData = renderCloudInit(DEFAULT_CLOUD_INIT, {
      hostname: name,
      machineId: `m-${randomBytes(8).toString("hex")}`,
      clusterId: "cl_test",
      clusterName: "pkg",
      agent: {
        apiUrl: admin.base,
        domain: t.domain,
        project: t.project,
        psk: t.psk,
        build: { version: build.version, sha256: build.sha256, url: agentDownloadUrl(admin.base, build.sha256) },
      },
    });
    const machine = new BootedMachine(name, { facts });
    machines.push(machine);
    expect(await machine.boot(Buffer.from(userData).toString("base64")), machine.describe()).toBe("registered");
    return { machine, hostId: JSON.parse(readFileSync(join(machine.root, "var/lib/ckp-agent/identity.json"), "utf8")).hostId };
  };
  ({ machine: m, hostId } = await boot("pkg-0", UBUNTU_2004));
});

afterAll(async () => {
  await Promise.all(machines.map((x) => x.stop()));
  if (coredge) await admin.post(`/v1/package-keys/${coredge.fingerprint}/retire`);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A pulled bundle: kubeadm signed by the trusted key, plus whatever `extra` adds. */
async function bundle(name: string, extra: (dir: string) => Promise<void> = async () => {}): Promise<string> {
  const dir = mkdtempSync(join(work, `${name}-`));
  await signDeb(buildDeb(dir, { name: "kubeadm" }), coredge);
  await extra(dir);
  return dir;
}

/** The host's agent.packages once it reports the installation at `after` or later. */
async function reported(after: string) {
  return eventually(
    async () => {
      const h = (await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).body;
      return h.agent?.packages && h.agent.packages.at >= after ? h.agent.packages : undefined;
    },
    30_000,
    "the installation on the host",
  );
}

async function install(dir: string) {
  const before = m.dpkgCalls.length;
  const at = new Date().toISOString();
  const code = await m.installBundle(dir, VERSION);
  return { code, dpkg: m.dpkgCalls.slice(before), packages: await reported(at) };
}

describe("installing a BYOH bundle's packages on a machine", () => {
  it("installs packages signed by a trusted key and maintained by Coredge.io, and reports them on the host", async () => {
    const dir = await bundle("good", async (d) => signDeb(buildDeb(d, { name: "kubelet" }), coredge));
    const r = await install(dir);
    expect(r.code, m.describe()).toBe(0);
    expect(r.dpkg).toEqual([`-i ${join(dir, "kubeadm_1.31.2-ckp_amd64.deb")} ${join(dir, "kubelet_1.31.2-ckp_amd64.deb")}`]);
    expect(r.packages).toMatchObject({
      status: "installed",
      bundle: expect.stringMatching(/^docker\.io\/coredgeio\/byoh-bundle-ubuntu_20\.04_x86-64_k8s:v1\.31\.2@sha256:[0-9a-f]{64}$/),
      packages: ["kubeadm_1.31.2-ckp_amd64.deb", "kubelet_1.31.2-ckp_amd64.deb"],
    });
  });

  const refusals: Array<[string, (dir: string) => Promise<void>, Record<string, unknown>]> = [
    ["unsigned", async (d) => void buildDeb(d, { name: "kubelet" }), { check: "signature", reason: expect.stringContaining("not signed") }],
    [
      "tampered",
      async (d) => {
        const f = buildDeb(d, { name: "kubelet" });
        await signDeb(f, coredge);
        const bytes = readFileSync(f);
        bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
        writeFileSync(f, bytes);
      },
      { check: "signature", reason: expect.stringContaining("does not match the package") },
    ],
    [
      "wrongly keyed",
      async (d) => signDeb(buildDeb(d, { name: "kubelet" }), stranger),
      { check: "signature", reason: expect.stringContaining("not a trusted key") },
    ],
    [
      "wrong-maintainer",
      async (d) => signDeb(buildDeb(d, { name: "kubelet", maintainer: "Someone <x@example.com>" }), coredge),
      { check: "maintainer", reason: 'the maintainer is "Someone <x@example.com>", not Coredge.io' },
    ],
  ];

  it.each(refusals)(
    "refuses the %s package: nothing is installed, and the host shows the package, the check and the key",
    async (kind, add, why) => {
      const r = await install(await bundle(kind.replace(/\W/g, "-"), add));
      expect(r.code, m.describe()).toBe(1);
      expect(r.dpkg).toEqual([]);
      expect(r.packages).toMatchObject({ status: "refused", refusal: { package: "kubelet_1.31.2-ckp_amd64.deb", ...why } });
      const key = r.packages.refusal.key;
      if (kind === "tampered") expect(key).toBe(coredge.fingerprint);
      if (kind === "wrongly keyed") expect(stranger.fingerprint.endsWith(key)).toBe(true);
      expect(m.describe()).toContain("refused kubelet_1.31.2-ckp_amd64.deb");
    },
  );

  it("stops trusting a key once a platform admin retires it", async () => {
    const other = await signingKey("Coredge.io packages (next)");
    expect((await admin.post("/v1/package-keys", { publicKey: other.publicKey })).status).toBe(201);
    const dir = await bundle("retired", async (d) => signDeb(buildDeb(d, { name: "kubelet" }), other));
    expect((await install(dir)).code, m.describe()).toBe(0);
    expect((await admin.post(`/v1/package-keys/${other.fingerprint}/retire`)).status).toBe(200);
    const r = await install(dir);
    expect(r.code).toBe(1);
    expect(r.packages).toMatchObject({ status: "refused", refusal: { package: "kubelet_1.31.2-ckp_amd64.deb", check: "signature" } });
    expect(other.fingerprint.endsWith(r.packages.refusal.key)).toBe(true);
  });

  it("tells a host whose OS has no bundles so, and installs nothing", async () => {
    const { machine } = await boot("pkg-jammy", { ...UBUNTU_2004, os: { id: "ubuntu", version: "22.04" } });
    expect(await machine.installBundle(await bundle("jammy"), VERSION)).toBe(1);
    expect(machine.dpkgCalls).toEqual([]);
    expect(machine.describe()).toContain("runs ubuntu-22.04, for which no BYOH bundles exist");
  });
});
