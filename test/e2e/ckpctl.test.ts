import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ManagementCluster, startManagementCluster } from "../../scripts/capi/run.js";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { type ClusterDoubles, clusterDoubles, registerStorageProfile } from "../support/addons.js";
import { register, registration } from "../support/agent.js";
import { Api, eventually } from "../support/api.js";
import { type Ctl, ckpctl, parseTable } from "../support/ckpctl.js";
import { BMS_TEMPLATE, UBUNTU_2004 } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";

/**
 * ckpctl, the real single-file binary, against the real dev server on the
 * local stack, a management cluster of its own (kube-apiserver with the
 * CAPI CRDs, Cluster API's own core, kubeadm bootstrap and BYOH managers),
 * the doubles of what cannot run here (Kamaji's tenant control planes, BYOH's
 * host agents, the Helm add-on provider and the kubelets) and the Orbiter
 * BMS simulator: a whole session
 * from login to a Ready cluster, scaled both ways, upgraded and deleted,
 * with each --dry-run plan checked against what the operation then did.
 */
const crdDir = process.env.CKP_CRD_DIR ?? resolve(import.meta.dirname, "../../../shared/crds");

describe("ckpctl, end to end", () => {
  let stack: Awaited<ReturnType<typeof ensureLocalStack>>;
  let mgmt: ManagementCluster;
  let kube: KubeApiserver;
  let server: DevServer;
  let doubles: ClusterDoubles;
  let ctl: Ctl;
  let work: string;
  const bms = new OrbiterBmsSimulator({ secret: "hw-secret", pools: { rack1: { servers: 2 } } });
  const domain = "acme";
  const project = "edge";

  beforeAll(async () => {
    stack = await ensureLocalStack();
    process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
    ctl = await ckpctl();
    work = join(ctl.configPath, "../../..");
    mgmt = await startManagementCluster({ crdDir });
    kube = mgmt.api;
    server = await startDevServer({ env: { CKP_SAGA_MAX_POLL_SECONDS: "2" } });
    await bms.start();
    doubles = clusterDoubles(kube, { delayMs: 1000 });
    doubles.start();
  }, 300_000);

  afterAll(async () => {
    await doubles?.stop();
    await bms.stop();
    await server?.stop();
    await mgmt?.stop();
    await stack?.stop();
  });

  const ok = async (args: string[], o?: { stdin?: string; env?: Record<string, string> }) => {
    const r = await ctl(args, o);
    expect(r.code, `ckpctl ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };
  const json = async (args: string[]) => JSON.parse((await ok([...args, "-o", "json"])).stdout);
  const kubeGet = async (path: string) => kubeRequest(kube, "GET", path);

  it("a session: login, resources, a cluster from plan to Ready, scaled, upgraded, deleted", async () => {
    // ------------------------------------------------------------ help, version, login, contexts
    expect((await ok(["--help"])).stdout).toContain("Usage: ckpctl");
    expect((await ok(["help", "get"])).stdout).toContain("-l, --selector");
    expect((await ok(["--version"])).stdout.trim()).toBe("9.8.7-e2e");
    const notLoggedIn = await ctl(["get", "clusters"]);
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.stderr).toMatch(/^error: not logged in: run ckpctl login <url>/);

    const wrong = await ctl(["login", server.url, "--context", "e2e"], { stdin: "not-a-token\n" });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    const login = await ok(["login", server.url, "--context", "e2e"], { stdin: `${server.adminToken}\n` });
    expect(login.stdout).toContain("logged in to");
    expect(statSync(ctl.configPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(ctl.configPath, "..")).mode & 0o777).toBe(0o700);
    expect(readFileSync(ctl.configPath, "utf8")).toContain(server.adminToken);
    expect((await ok(["config", "view"])).stdout).not.toContain(server.adminToken);

    await ok(["create", "domain", domain]);
    // a cluster is Ready once its addons are, the storage plugin among them: it needs the domain's storage profile
    await registerStorageProfile(new Api(server.url, server.adminToken), domain);
    await ok(["create", "project", project, "--domain", domain]);
    await ok(["config", "set-context", "e2e", "--domain", domain, "--project", project]);
    const contexts = parseTable((await ok(["config", "get-contexts"])).stdout);
    expect(contexts).toEqual([{ CURRENT: "*", NAME: "e2e", SERVER: server.url, DOMAIN: domain, PROJECT: project }]);
    // flags and CKP_* variables win over the context
    expect((await ok(["get", "clusters"], { env: { CKP_PROJECT: "other" } })).stderr).toBe("No clusters found in acme/other.\n");
    expect((await ok(["get", "clusters", "--project", "edge"], { env: { CKP_PROJECT: "other" } })).stderr).toBe(
      "No clusters found in acme/edge.\n",
    );

    // ------------------------------------------------------------ providers, from manifests (apply is idempotent)
    const manifests = join(work, "infra.yaml");
    writeFileSync(
      manifests,
      [
        {
          kind: "Credential",
          metadata: { name: "orbiter" },
          spec: { type: "orbiter-bms", endpoint: bms.http.url, hardwareAccessSecret: "hw-secret" },
        },
        {
          kind: "ManagementCluster",
          metadata: { name: "mc-1" },
          spec: { kubeconfig: readFileSync(kube.kubeconfigPath, "utf8"), labels: { region: "local" } },
        },
        {
          kind: "ProviderCluster",
          metadata: { name: "bms" },
          spec: {
            type: "orbiter-bms",
            credential: "orbiter",
            placement: { matchLabels: { region: "local" } },
            defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
          },
        },
        ...["v1.31.2", "v1.32.11"].map((v, i) => ({
          kind: "ByohBundle",
          metadata: { name: `${v}/ubuntu-20.04` },
          spec: {
            repository: "docker.io/coredgeio",
            ociReference: `docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:${v}`,
            digest: `sha256:${(i === 0 ? "a" : "b").repeat(64)}`,
            packages: { kubeadm: `${v.slice(1)}-ckp` },
          },
        })),
      ]
        .map((d) => yaml.dump(d))
        .join("---\n"),
    );
    expect((await ok(["apply", "-f", manifests])).stdout.trim().split("\n")).toEqual([
      "credential/orbiter created",
      "management-cluster/mc-1 created",
      "provider-cluster/bms created",
      "bundle/v1.31.2/ubuntu-20.04 created",
      "bundle/v1.32.11/ubuntu-20.04 created",
    ]);
    expect((await ok(["apply", "-f", manifests])).stdout).not.toMatch(/created|configured/);
    const mcs = parseTable((await ok(["get", "management-clusters"])).stdout);
    expect(mcs).toMatchObject([{ NAME: "mc-1", CLUSTERS: "0", SCHEDULABLE: "true" }]);

    // ------------------------------------------------------------ hosts: register, approve by selector and in bulk, group
    const psk = (await ok(["host-psk"])).stdout.trim();
    const api = new Api(server.url, server.adminToken);
    for (let i = 0; i < 4; i++) {
      const r = await register(api, registration({ domain, project }, psk, { hostname: `node-${i}`, facts: UBUNTU_2004 }));
      expect(r.status, r.text).toBe(202);
    }
    const pending = parseTable((await ok(["get", "host-requests", "--status", "pending"])).stdout);
    expect(pending.map((r) => r.HOSTNAME).sort()).toEqual(["node-0", "node-1", "node-2", "node-3"]);
    expect(Object.keys(pending[0] ?? {})).toEqual(["ID", "HOSTNAME", "STATUS", "HOST", "AGE"]);
    const one = pending.find((r) => r.HOSTNAME === "node-3")?.ID as string;
    expect((await ok(["approve", "hr", one])).stdout).toMatch(new RegExp(`^host-request/${one} approved \\(host host_`));
    const bulk = await ok(["approve", "host-requests", "-l", "hostname in (node-0,node-1)"]);
    expect(
      parseTable(bulk.stdout)
        .map((r) => [r.HOSTNAME, r.OUTCOME])
        .sort(),
    ).toEqual([
      ["node-0", "approved"],
      ["node-1", "approved"],
    ]);
    expect(bulk.stderr).toContain("2 approved, 0 failed");
    // a machine nobody expects: rejected by selector, with the reason
    const intruder = await register(api, registration({ domain, project }, psk, { hostname: "intruder", facts: UBUNTU_2004 }));
    expect(intruder.status).toBe(202);
    const rejected = await ok(["reject", "hr", "-l", "hostname=intruder", "--reason", "not ours"]);
    expect(parseTable(rejected.stdout)).toMatchObject([{ HOSTNAME: "intruder", OUTCOME: "rejected" }]);
    expect((await json(["get", "hr", intruder.body.requestId])).reason).toBe("not ours");
    expect(parseTable((await ok(["approve", "hr", "--all-pending"])).stdout).map((r) => r.HOSTNAME)).toEqual(["node-2"]);
    expect((await ctl(["approve", "hr", intruder.body.requestId])).code).toBe(1);
    await eventually(
      async () => {
        const items = (await json(["get", "hosts", "--status", "create-completed"])).items as Array<{ id: string; hostname: string }>;
        return items.length === 4 ? items : undefined;
      },
      180_000,
      "hosts provisioned",
    );
    await ok(["create", "host-group", "workers", "--label", "tier=gold"]);
    await ok(["patch", "host", "node-3", "-p", '{"labels":{"disk":"ssd"}}']);
    const added = await ok(["add-hosts", "workers", "node-0", "node-1", "node-2", "node-3"]);
    expect(added.stderr).toContain("4 added, 0 failed");
    const hostTable = parseTable((await ok(["get", "hosts"])).stdout);
    expect(Object.keys(hostTable[0] ?? {})).toEqual(["ID", "HOSTNAME", "STATUS", "GROUP", "CLUSTER", "AGENT", "AGE"]);
    expect(hostTable.every((h) => h.GROUP === "workers" && h.STATUS === "create-completed" && h.CLUSTER === "")).toBe(true);
    expect(parseTable((await ok(["get", "hosts", "-l", "disk=ssd"])).stdout).map((h) => h.HOSTNAME)).toEqual(["node-3"]);
    const wide = parseTable((await ok(["get", "hosts", "node-0", "-o", "wide"])).stdout);
    expect(wide).toMatchObject([{ HOSTNAME: "node-0", OS: "ubuntu-20.04", ARCH: "amd64", CPUS: "4", MEMORY: "8Gi" }]);

    // ------------------------------------------------------------ create: the plan, a refused plan, then the real thing
    const create = [
      "create",
      "cluster",
      "edge-1",
      "--kubernetes-version",
      "v1.31.2",
      "--provider-cluster",
      "bms",
      "--host-group",
      "workers",
    ];
    // every missing flag named at once
    const incomplete = await ctl(["create", "cluster", "edge-1", "--provider-cluster", "bms"]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain("create cluster needs --kubernetes-version, --host-group, --workers (or --template NAME)");
    const refused = await ctl([...create, "--workers", "2", "--kubernetes-version", "v1.28.0", "--dry-run"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/✗ kubernetes-version\s+.*v1\.28\.0/);
    expect(refused.stdout).toContain("Refused:");
    expect(refused.stdout).toContain("Dry run: nothing was changed.");

    const createPlan = await json([...create, "--workers", "2", "--dry-run"]);
    expect(createPlan).toMatchObject({ operation: "create", accepted: true, managementCluster: { name: "mc-1" } });
    expect(createPlan.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(createPlan.hosts.take).toHaveLength(2);
    expect(createPlan.machines.create).toEqual([]);
    expect(createPlan.steps).toEqual([
      "resolve-provider",
      "assign-hosts",
      "issue-certificates",
      "apply-objects",
      "wait-control-plane",
      "install-cni",
      "wait-workers",
      "install-addons",
      "wait-addons",
    ]);
    expect(createPlan.objects.every((o: { action: string }) => o.action === "create")).toBe(true);
    const plannedKinds = createPlan.objects.map((o: { kind: string; name: string }) => `${o.kind}/${o.name}`);
    expect(plannedKinds).toEqual(
      expect.arrayContaining(["Cluster/edge-1", "KamajiControlPlane/edge-1", "MachineDeployment/workers", "Secret/edge-1-ca"]),
    );
    expect(parseTable((await ok(["get", "clusters"])).stdout)).toEqual([]);

    const watch = ctl.background(["get", "clusters", "--watch", "--interval", "0.5"]);
    const created = await ok([...create, "--workers", "2", "--wait", "--timeout", "15m"]);
    await eventually(async () => (/edge-1\s+v1\.31\.2\s+Ready\s+2\/2/.test(watch.output()) ? true : undefined), 30_000, "get --watch");
    await watch.stop();
    expect(watch.output()).toMatch(/edge-1\s+v1\.31\.2\s+Provisioning\s+0\/2\s+\S+/);
    expect(created.stdout).toContain("cluster/edge-1 created");
    // a line per step with its state and time, then Ready
    expect(created.stderr).toMatch(/✓ resolve-provider\s+succeeded\s+\d/);
    expect(created.stderr).toMatch(/- provision-machines\s+skipped/);
    expect(created.stderr).toMatch(/✓ wait-workers\s+succeeded/);
    expect(created.stderr).toMatch(/cluster edge-1 is Ready: Kubernetes v1\.31\.2, 2\/2 worker\(s\) ready/);

    const cluster = (await json(["get", "cluster", "edge-1"])) as { id: string; hostIds: string[] };
    expect(new Set(cluster.hostIds)).toEqual(new Set(createPlan.hosts.take.map((h: { id: string }) => h.id)));
    const ns = `ckp-${cluster.id.replace(/_/g, "-")}`;
    for (const o of createPlan.objects as Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>) {
      const group = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
      const plural = `${o.kind.toLowerCase()}${o.kind.endsWith("s") ? "es" : "s"}`;
      const p = o.kind === "Namespace" ? `${group}/namespaces/${ns}` : `${group}/namespaces/${ns}/${plural}/${o.name}`;
      expect((await kubeGet(p)).status, `${o.kind} ${o.name}`).toBe(200);
    }
    const clusters = parseTable((await ok(["get", "clusters"])).stdout);
    expect(clusters).toMatchObject([{ NAME: "edge-1", VERSION: "v1.31.2", PHASE: "Ready", WORKERS: "2/2", STEP: "" }]);
    expect(Object.keys(clusters[0] ?? {})).toEqual(["NAME", "VERSION", "PHASE", "WORKERS", "STEP", "AGE"]);
    expect((await ok(["get", "clusters", "-o", "name"])).stdout).toBe("cluster/edge-1\n");
    const described = (await ok(["describe", "cluster", "edge-1"])).stdout;
    expect(described).toMatch(/Phase:\s+Ready/);
    expect(described).toMatch(/Image registry:\s+\S+ \(the installation's default\)/);
    expect(described).toMatch(/Steps:\n\s+STEP\s+STATE/);
    expect(described).toMatch(/wait-control-plane\s+succeeded/);
    expect(described).toMatch(/Conditions:\n\s+TYPE\s+STATUS/);
    expect(described).toMatch(/Events:[\s\S]*ckp\.cluster\.created/);

    // ------------------------------------------------------------ addons: listed with what was found in the cluster; one changed
    const addons = parseTable((await ok(["addons", "cluster", "edge-1"])).stdout);
    expect(Object.keys(addons[0] ?? {})).toEqual(["ADDON", "ENABLED", "VERSION", "STATE", "SINCE", "MESSAGE"]);
    expect(addons.find((a) => a.ADDON === "cilium")).toMatchObject({ ENABLED: "yes", STATE: "Healthy" });
    const required = await ctl(["addon", "cluster", "edge-1", "cilium", "--disable"]);
    expect(required.code).toBe(1);
    expect(required.stderr).toContain("cluster.addon-not-optional");
    const hubble = await ok(["addon", "cluster", "edge-1", "cilium", "--set", "hubble.enabled=true", "--wait", "--timeout", "15m"]);
    expect(hubble.stdout).toBe("cluster/edge-1 addon cilium: enabled (Updating)\n");
    expect(hubble.stderr).toMatch(/✓ wait-addons\s+succeeded/);
    const cilium = (
      (await json(["addons", "cluster", "edge-1"])) as Array<{ name: string; values: { hubble?: { enabled?: boolean } } }>
    ).find((a) => a.name === "cilium");
    expect(cilium?.values.hubble?.enabled).toBe(true);

    // ------------------------------------------------------------ scale up: the plan names the host taken and the replicas change
    const up = await json(["scale", "cluster", "edge-1", "--workers", "3", "--dry-run"]);
    expect(up).toMatchObject({ operation: "scale", accepted: true, from: { workers: 2 }, to: { workers: 3 } });
    expect(up.hosts.take).toHaveLength(1);
    const md = up.objects.find((o: { kind: string }) => o.kind === "MachineDeployment");
    expect(md).toMatchObject({ action: "update", changes: [{ path: "spec.replicas", from: 2, to: 3 }] });
    expect(up.objects.filter((o: { action: string }) => o.action === "update")).toHaveLength(1);
    const tooMany = await json(["scale", "cluster", "edge-1", "--workers", "9", "--dry-run"]).catch(() => undefined);
    expect(tooMany).toBeUndefined();
    const tooManyRun = await ctl(["scale", "cluster", "edge-1", "--workers", "9", "--dry-run", "-o", "json"]);
    expect(tooManyRun.code).toBe(1);
    expect(JSON.parse(tooManyRun.stdout)).toMatchObject({ accepted: false, refusal: { code: "cluster.insufficient-hosts" } });
    expect(JSON.parse(tooManyRun.stdout).checks).toContainEqual(expect.objectContaining({ name: "free-hosts", ok: false }));

    const scaled = await ok(["scale", "cluster", "edge-1", "--workers", "3", "--wait", "--timeout", "15m"]);
    expect(scaled.stderr).toMatch(/✓ assign-hosts\s+succeeded/);
    const afterUp = (await json(["get", "cluster", "edge-1"])) as { hostIds: string[] };
    expect(afterUp.hostIds.filter((h) => !cluster.hostIds.includes(h))).toEqual([up.hosts.take[0].id]);
    expect((await kubeGet(`/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/machinedeployments/workers`)).body.spec.replicas).toBe(3);

    // ------------------------------------------------------------ scale down: the plan names the host CAPI then releases
    const down = await json(["scale", "cluster", "edge-1", "--workers", "2", "--dry-run"]);
    expect(down.hosts.release).toHaveLength(1);
    expect(down.hosts.release[0].to).toBe("group");
    expect(down.machines.markForDeletion).toHaveLength(1);
    await ok(["scale", "cluster", "edge-1", "--workers", "2", "--wait", "--timeout", "15m"]);
    const afterDown = (await json(["get", "cluster", "edge-1"])) as { hostIds: string[] };
    const released = afterUp.hostIds.filter((h) => !afterDown.hostIds.includes(h));
    expect(released).toEqual([down.hosts.release[0].id]);
    // the Machine the plan named is the one real CAPI removed
    const machinesLeft = (await kubeGet(`/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/machines`)).body.items.map(
      (m: { metadata: { name: string } }) => m.metadata.name,
    );
    expect(machinesLeft).toHaveLength(2);
    expect(machinesLeft).not.toContain(down.machines.markForDeletion[0]);

    // ------------------------------------------------------------ upgrade: one minor at a time; the plan shows the version fields moving
    const skip = await ctl(["upgrade", "cluster", "edge-1", "--to", "v1.34.3", "--dry-run", "-o", "json"]);
    expect(skip.code).toBe(1);
    expect(JSON.parse(skip.stdout).checks).toContainEqual(
      expect.objectContaining({ name: "upgrade-target", ok: false, code: "cluster.upgrade-not-allowed" }),
    );
    const upg = await json(["upgrade", "cluster", "edge-1", "--to", "v1.32.11", "--dry-run"]);
    expect(upg).toMatchObject({
      operation: "upgrade",
      accepted: true,
      from: { kubernetesVersion: "v1.31.2" },
      to: { kubernetesVersion: "v1.32.11" },
    });
    const kcp = upg.objects.find((o: { kind: string }) => o.kind === "KamajiControlPlane");
    expect(kcp.changes).toContainEqual({ path: "spec.version", from: "v1.31.2", to: "v1.32.11" });
    const mdUp = upg.objects.find((o: { kind: string }) => o.kind === "MachineDeployment");
    expect(mdUp.changes).toContainEqual({ path: "spec.template.spec.version", from: "v1.31.2", to: "v1.32.11" });
    const human = (await ok(["upgrade", "cluster", "edge-1", "--to", "v1.32.11", "--dry-run"])).stdout;
    expect(human).toMatch(/~ update {2}KamajiControlPlane [^\n]*\/edge-1\n(?: {6}[^\n]*\n)*? {6}spec\.version: v1\.31\.2 → v1\.32\.11\n/);
    // nothing changed by the plans
    expect(
      (await kubeGet(`/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/kamajicontrolplanes/edge-1`)).body.spec.version,
    ).toBe("v1.31.2");
    await ok(["upgrade", "cluster", "edge-1", "--to", "v1.32.11", "--wait", "--timeout", "15m"]);
    expect(
      (await kubeGet(`/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/kamajicontrolplanes/edge-1`)).body.spec.version,
    ).toBe("v1.32.11");
    expect(parseTable((await ok(["get", "clusters"])).stdout)).toMatchObject([{ NAME: "edge-1", VERSION: "v1.32.11", PHASE: "Ready" }]);

    // ------------------------------------------------------------ delete: the plan lists what is there; events follow it
    const del = await json(["delete", "cluster", "edge-1", "--dry-run"]);
    expect(del.operation).toBe("delete");
    expect(del.hosts.release.map((h: { id: string }) => h.id).sort()).toEqual([...afterDown.hostIds].sort());
    const present = del.objects.map((o: { kind: string; name: string }) => `${o.kind}/${o.name}`);
    expect(present).toEqual(expect.arrayContaining(["Cluster/edge-1", "MachineDeployment/workers", "Secret/edge-1-ca", `Namespace/${ns}`]));
    expect(del.objects.every((o: { action: string }) => o.action === "delete")).toBe(true);
    const follow = ctl.background(["events", "--follow", "--interval", "0.5", "--limit", "1"]);
    // the follow has read once (its header and the latest event) before the delete: every event after it must show
    await eventually(async () => (follow.output().includes("SUBJECT") ? true : undefined), 30_000, "events --follow started");
    await ok(["delete", "cluster", "edge-1", "--wait", "--timeout", "15m"]);
    for (const o of del.objects as Array<{ apiVersion: string; kind: string; name: string }>) {
      if (o.kind !== "Namespace") continue;
      expect((await kubeGet(`/api/v1/namespaces/${o.name}`)).status).not.toBe(200);
    }
    await eventually(async () => (follow.output().includes("ckp.cluster.deleted") ? true : undefined), 30_000, "events --follow");
    await follow.stop();
    expect(follow.output()).toMatch(/ckp\.cluster\.delete-requested\s+clusters\//);
    expect(parseTable((await ok(["get", "hosts"])).stdout).every((h) => h.CLUSTER === "")).toBe(true);

    // ------------------------------------------------------------ a failing operation: --wait exits 5 naming the step
    // no agent release is published, so machines for the missing workers cannot be bootstrapped
    const failing = await ctl([...create.map((w) => (w === "edge-1" ? "edge-2" : w)), "--workers", "6", "--wait", "--timeout", "10m"]);
    expect(failing.code, failing.stderr).toBe(5);
    expect(failing.stderr).toMatch(/^error: cluster edge-2 create failed at step provision-machines \(AgentReleaseUnavailable\): /m);
    expect(failing.stderr).toMatch(/✗ provision-machines\s+failed/);
    expect((await ctl(["wait", "cluster", "edge-2"])).code).toBe(5);
    await ok(["delete", "cluster", "edge-2", "--wait", "--timeout", "10m"]);
    expect((await ctl(["wait", "cluster", "edge-2"])).code).toBe(4);
    expect(doubles.errors()).toEqual([]);
  }, 2_400_000);
});
