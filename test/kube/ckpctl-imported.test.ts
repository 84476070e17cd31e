import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { HelmInstallJobs } from "../doubles/helm-install-jobs.js";
import { adminApi, useLocalAws } from "../support/api.js";
import { type Ctl, ckpctl, parseTable } from "../support/ckpctl.js";
import { closedPort } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * ckpctl bringing clusters under management (docs/cli.md, docs/tunnel.md):
 * a second real kube-apiserver imported by its kubeconfig and read live
 * (get, describe), a cluster and a remote management cluster registered
 * (the agent manifest on stdout or in a file, what to do with it on
 * stderr), new agent tokens, an unreachable kubeconfig's 422, and detach.
 * No agent runs here: test/kube/imported-clusters.test.ts covers the tunnel.
 */
const admin = adminApi();
let other: KubeApiserver;
let t: Tenant;
let ctl: Ctl;
let run: (args: string[]) => ReturnType<Ctl>;
const dir = mkdtempSync(join(tmpdir(), "ckpctl-imported-"));
const mcName = uniqueName("mc-far");

async function node(name: string, o: { roles?: string[]; ready: boolean }): Promise<void> {
  const labels = Object.fromEntries((o.roles ?? []).map((r) => [`node-role.kubernetes.io/${r}`, ""]));
  expect(
    (await kubeRequest(other, "POST", "/api/v1/nodes", { body: { apiVersion: "v1", kind: "Node", metadata: { name, labels } } })).status,
  ).toBe(201);
  const status = await kubeRequest(other, "PATCH", `/api/v1/nodes/${name}/status`, {
    contentType: "application/merge-patch+json",
    body: {
      status: {
        conditions: [{ type: "Ready", status: o.ready ? "True" : "False", reason: "Kubelet", message: "" }],
        nodeInfo: { kubeletVersion: "v1.30.14" },
      },
    },
  });
  expect(status.status, JSON.stringify(status.body)).toBe(200);
}

/** The objects of an agent manifest, and its registration token. */
function agentManifest(text: string): { kinds: string[]; token: string } {
  const docs = yaml.loadAll(text) as Array<{ kind: string; metadata: { name: string }; stringData?: { token?: string } }>;
  const deployment = docs.find((d) => d.kind === "Deployment");
  expect(deployment?.metadata.name).toBe("ckp-cluster-agent");
  const token = docs.find((d) => d.stringData?.token)?.stringData?.token ?? "";
  expect(token).toMatch(/^ckpreg_/);
  return { kinds: docs.map((d) => d.kind), token };
}

beforeAll(async () => {
  useLocalAws();
  [other, t, ctl] = await Promise.all([startKubeApiserver(), newTenant(), ckpctl()]);
  await node("cp-1", { roles: ["control-plane"], ready: true });
  await node("worker-1", { roles: ["worker"], ready: true });
  await node("worker-2", { ready: false });
  const env = { CKP_SERVER: t.projectAdmin.base, CKP_TOKEN: t.projectAdmin.token as string, CKP_DOMAIN: t.domain, CKP_PROJECT: t.project };
  run = (args) => ctl(args, { env });
}, 300_000);

afterAll(async () => {
  await admin.delete(
    `/v1/management-clusters/${(await admin.get("/v1/management-clusters?limit=500")).body.items.find((m: any) => m.name === mcName)?.id}`,
  );
  await other?.stop();
});

describe("ckpctl: clusters brought under management", () => {
  let firstToken: string;

  it("registers a cluster: the agent manifest alone on stdout (pipes into kubectl apply -f -), what to do on stderr", async () => {
    const r = await run(["register", "cluster", "edge-site", "--description", "behind NAT"]);
    expect(r.code, r.stderr).toBe(0);
    const m = agentManifest(r.stdout);
    firstToken = m.token;
    expect(m.kinds).toEqual(expect.arrayContaining(["Namespace", "ServiceAccount", "Secret", "ConfigMap", "Deployment"]));
    expect(r.stderr).toMatch(/imported-cluster\/edge-site registered \(ic_\w+\), awaiting its agent/);
    expect(r.stderr).toContain("kubectl apply -f -");
    expect(r.stderr).toMatch(/single-use and expires at \S+ \(in 2[34]h\)/);
    expect(r.stderr).toContain("ckpctl agent-token imported-cluster edge-site");

    // to a file only its owner reads, with a shorter token life
    const file = join(dir, "edge-2.yaml");
    const f = await run(["register", "ic", "edge-2", "-f", file, "--ttl", "2h", "--label", "site=far"]);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toBe(
      `imported-cluster/edge-2 registered (${f.stdout.match(/\((ic_\w+)\)/)?.[1]}), awaiting its agent; agent manifest written to ${file} (mode 600)\n`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    agentManifest(readFileSync(file, "utf8"));
    expect(f.stderr).toContain(`kubectl apply -f ${file}`);
    expect(f.stderr).toMatch(/\(in 2h\)/);
  });

  it("imports a reachable cluster by its kubeconfig; get and describe show its version and nodes as read now", async () => {
    const r = await run(["import", "cluster", "legacy", "--kubeconfig", other.kubeconfigPath, "--label", "env=prod"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`imported-cluster/legacy imported: Kubernetes v1.30.14, 2/3 node(s) ready (server ${other.server})\n`);

    const list = await run(["get", "imported-clusters"]);
    expect(list.code, list.stderr).toBe(0);
    const rows = Object.fromEntries(parseTable(list.stdout).map((x) => [x.NAME, x]));
    expect(Object.keys(rows[Object.keys(rows)[0] as string] ?? {})).toEqual(["NAME", "ACCESS", "KUBERNETES", "NODES", "AGE"]);
    expect(rows.legacy).toMatchObject({ ACCESS: "kubeconfig", KUBERNETES: "v1.30.14", NODES: "2/3" });
    expect(rows["edge-site"]).toMatchObject({ ACCESS: "agent", KUBERNETES: "", NODES: "" });

    const wide = Object.fromEntries(parseTable((await run(["get", "ic", "-o", "wide"])).stdout).map((x) => [x.NAME, x]));
    expect(wide["edge-site"]).toMatchObject({ TUNNEL: "awaiting-agent", ID: expect.stringMatching(/^ic_/) });
    expect(wide.legacy).toMatchObject({ TUNNEL: "-" });

    const one = JSON.parse((await run(["get", "importedcluster", "legacy", "-o", "json"])).stdout);
    expect(one.live).toMatchObject({ reachable: true, kubernetesVersion: "v1.30.14", health: { nodesReady: 2, nodesTotal: 3 } });
    expect((await run(["get", "ic", "-l", "env=prod", "-o", "name"])).stdout).toBe("imported-cluster/legacy\n");

    const d = await run(["describe", "imported-cluster", "legacy"]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/Kind:\s+ImportedCluster/);
    expect(d.stdout).toMatch(new RegExp(`Access:\\s+kubeconfig \\(server ${other.server}\\)`));
    expect(d.stdout).toMatch(/Reachable:\s+yes/);
    expect(d.stdout).toMatch(/Kubernetes:\s+v1\.30\.14/);
    expect(d.stdout).toMatch(/API server:\s+ready/);
    expect(d.stdout).toMatch(/Nodes ready:\s+2 of 3/);
    const block = d.stdout.slice(d.stdout.indexOf("Nodes:\n") + 7).split("\n");
    const nodes = parseTable(
      block
        .slice(
          0,
          block.findIndex((l) => !l.startsWith("  ")),
        )
        .map((l) => l.slice(2))
        .join("\n"),
    );
    expect(nodes).toEqual([
      { NAME: "cp-1", ROLES: "control-plane", READY: "True", KUBELET: "v1.30.14" },
      { NAME: "worker-1", ROLES: "worker", READY: "True", KUBELET: "v1.30.14" },
      { NAME: "worker-2", ROLES: "<none>", READY: "False", KUBELET: "v1.30.14" },
    ]);
    expect(d.stdout).toContain("ckp.importedcluster.imported");

    // the API lists them beside the CAPI clusters; ckpctl's clusters are those it can scale, upgrade and delete
    const capi = await run(["get", "clusters", "-o", "wide"]);
    expect(capi.code, capi.stderr).toBe(0);
    expect(capi.stdout).not.toContain("legacy");

    // by selector: each listed cluster is read live too
    expect((await run(["describe", "ic", "-l", "env=prod"])).stdout).toMatch(/Name:\s+legacy\n[\s\S]*Reachable:\s+yes/);

    const agent = await run(["describe", "ic", "edge-site"]);
    expect(agent.stdout).toMatch(/Reachable:\s+no: TunnelDisconnected/);
    expect(agent.stdout).toMatch(/Tunnel:\s+awaiting its agent since/);
  });

  it("refuses a kubeconfig that does not reach a cluster: exit 1 with the 422 problem, nothing stored", async () => {
    const file = join(dir, "nowhere.kubeconfig");
    writeFileSync(file, readFileSync(other.kubeconfigPath, "utf8").replace(other.server, `https://127.0.0.1:${await closedPort()}`));
    const r = await run(["import", "cluster", "nowhere", "--kubeconfig", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Error from server: .*\(422 imported-cluster\.unreachable\): .*unreachable.*\n$/);
    expect(r.stderr).toContain("ckpctl register cluster nowhere");
    expect((await run(["get", "ic", "nowhere"])).code).toBe(4);
  });

  it("registers a remote management cluster (platform admin), its manifest written to a file", async () => {
    const file = join(dir, "mc.yaml");
    const r = await ctl(["register", "management-cluster", mcName, "--label", "region=far", "-f", file], {
      env: { CKP_SERVER: admin.base, CKP_TOKEN: admin.token as string },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^management-cluster/${mcName} registered \\(mc_\\w+\\), awaiting its agent; agent manifest written to`),
    );
    agentManifest(readFileSync(file, "utf8"));
    expect(r.stderr).toContain(`ckpctl agent-token management-cluster ${mcName}`);
    const mc = (await admin.get("/v1/management-clusters?limit=500")).body.items.find((m: any) => m.name === mcName);
    expect(mc).toMatchObject({ connectivity: "remote", labels: { region: "far" } });

    const d = await ctl(["describe", "mc", mcName], { env: { CKP_SERVER: admin.base, CKP_TOKEN: admin.token as string } });
    expect(d.stdout).toMatch(/connectivity: remote/);
    expect(d.stdout).toMatch(/Tunnel:\s+awaiting its agent since/);

    // a project admin may not
    const denied = await run(["register", "mc", uniqueName("mc")]);
    expect(denied.code).toBe(3);

    const token = await ctl(["agent-token", "mc", mcName, "--ttl", "1d"], {
      env: { CKP_SERVER: admin.base, CKP_TOKEN: admin.token as string },
    });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stderr).toMatch(/\(in 24h\)/);
    agentManifest(token.stdout);
  });

  it("hands out a new agent token and manifest for a registered cluster; none for one imported by kubeconfig", async () => {
    const r = await run(["agent-token", "imported-cluster", "edge-site", "--ttl", "30m"]);
    expect(r.code, r.stderr).toBe(0);
    const m = agentManifest(r.stdout);
    expect(m.token).not.toBe(firstToken);
    expect(r.stderr).toMatch(/imported-cluster\/edge-site: a new agent registration token/);
    expect(r.stderr).toMatch(/\(in 30m\)/);
    const id = parseTable((await run(["get", "ic", "-o", "wide"])).stdout).find((x) => x.NAME === "edge-site")?.ID as string;
    const agent = (await t.projectAdmin.get(`${t.base}/imported-clusters/${id}/agent`)).body;
    expect(agent.tokens.filter((x: any) => x.state === "unused")).toHaveLength(2);

    const none = await run(["agent-token", "ic", "legacy"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("422");
    expect((await run(["agent-token", "ic", "no-such"])).code).toBe(4);
    expect((await run(["agent-token", "host", "x"])).code).toBe(2);
  });

  it("turns Velero on and off on an imported cluster (addon … --enable/--disable --wait) and lists it (addons)", async () => {
    // the Helm process of the installer Job's pod and the job controller's verdict: no kubelet runs here
    const jobs = new HelmInstallJobs(other);
    jobs.start();
    try {
      const off = await run(["addons", "imported-cluster", "legacy"]);
      expect(off.code, off.stderr).toBe(0);
      expect(parseTable(off.stdout)).toEqual([
        { ADDON: "velero", ENABLED: "no", VERSION: "", STATE: "Disabled", SINCE: "", MESSAGE: "never enabled" },
      ]);

      const on = await run(["addon", "ic", "legacy", "velero", "--enable", "--set", "snapshotsEnabled=true", "--wait", "--timeout", "2m"]);
      expect(on.code, on.stderr).toBe(0);
      expect(on.stdout).toBe("imported-cluster/legacy addon velero: enabled, generation 1\n");
      expect(on.stderr).toMatch(/imported-cluster\/legacy velero Ready/);
      const secret = await kubeRequest(other, "GET", "/api/v1/namespaces/ckp-system/secrets/velero-values");
      expect(Buffer.from(secret.body.data["values.yaml"], "base64").toString("utf8")).toContain("snapshotsEnabled: true");

      const [row] = parseTable((await run(["addons", "ic", "legacy"])).stdout);
      expect(row).toMatchObject({ ADDON: "velero", ENABLED: "yes", VERSION: "v1.18.1", STATE: "Ready" });
      expect(row?.MESSAGE).toContain("AddonHealthy");
      const json = JSON.parse((await run(["addons", "ic", "legacy", "-o", "json"])).stdout);
      expect(json.velero).toMatchObject({ enabled: true, generation: 1, phase: "Ready", values: { snapshotsEnabled: true } });

      // a --set goes over the current values: snapshotsEnabled stays
      const more = await run(["addon", "ic", "legacy", "velero", "--set", "defaultVolumesToFsBackup=true", "--wait", "--timeout", "2m"]);
      expect(more.code, more.stderr).toBe(0);
      expect(JSON.parse((await run(["addons", "ic", "legacy", "-o", "json"])).stdout).velero).toMatchObject({
        generation: 2,
        values: { snapshotsEnabled: true, defaultVolumesToFsBackup: true },
      });

      // what the API refuses, and what ckpctl refuses before asking
      const cilium = await run(["addon", "ic", "legacy", "cilium", "--enable"]);
      expect(cilium.code).toBe(1);
      expect(cilium.stderr).toContain("imported-cluster.addon-not-supported");
      const bad = await run(["addon", "ic", "legacy", "velero", "--set", "nope=1"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/nope/);
      expect((await run(["addon", "ic", "legacy", "velero"])).code).toBe(2);
      expect((await run(["addon", "ic", "legacy", "velero", "--disable", "--set", "a=1"])).code).toBe(2);
      expect((await run(["addon", "host", "x", "velero", "--enable"])).stderr).toContain("takes cluster or imported-cluster");

      const disabled = await run(["addon", "ic", "legacy", "velero", "--disable", "--wait", "--timeout", "2m"]);
      expect(disabled.code, disabled.stderr).toBe(0);
      expect(disabled.stdout).toBe("imported-cluster/legacy addon velero: disabled, generation 3\n");
      expect(parseTable((await run(["addons", "ic", "legacy"])).stdout)[0]).toMatchObject({ ENABLED: "no", STATE: "Disabled" });
    } finally {
      await jobs.stop();
    }
  });

  it("is not made with create, which says what makes one", async () => {
    const r = await run(["create", "imported-cluster", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ckpctl import cluster NAME --kubeconfig FILE, or ckpctl register cluster NAME");
  });

  it("detaches: the cluster itself is left as it was, and ckpctl says how to remove the agent", async () => {
    const r = await run(["delete", "imported-cluster", "edge-site"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("imported-cluster/edge-site detached\n");
    expect(r.stderr).toContain("the cluster itself was not touched");
    expect(r.stderr).toContain("kubectl delete namespace ckp-system");

    const legacy = await run(["delete", "ic", "legacy"]);
    expect(legacy.stdout).toBe("imported-cluster/legacy detached\n");
    expect(legacy.stderr).not.toContain("ckp-system");
    expect((await kubeRequest(other, "GET", "/api/v1/nodes")).body.items).toHaveLength(3);

    const names = parseTable((await run(["get", "ic"])).stdout).map((x) => x.NAME);
    expect(names).toEqual(["edge-2"]);
    const events = (await t.projectAdmin.get(`${t.base}/events?type=ckp.importedcluster.detached`)).body.items;
    expect(events).toHaveLength(2);
  });
});
