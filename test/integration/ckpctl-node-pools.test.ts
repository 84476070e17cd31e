import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { newId } from "../../core/shared/ids.js";
import { tables } from "../../infra/resources.js";
import { adminApi, resourceName, useLocalAws } from "../support/api.js";
import { type Ctl, ckpctl, parseTable } from "../support/ckpctl.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * ckpctl over Karpenter (docs/autoscaling.md, docs/cli.md): node pools of a
 * cluster created, listed, described and deleted with `-c CLUSTER`, the
 * refusals printed as the API's problems, `describe cluster` with its
 * autoscaling line, and `autoscale cluster` refused for a cluster that is not
 * on a CCS VM provider cluster. The clusters are written to the table as
 * the saga leaves them (no management cluster here): a pool's status reads
 * Unknown, its cluster cannot be reached. test/kube/node-pools.test.ts
 * covers the workload cluster.
 */
const admin = adminApi();

describe("ckpctl: node pools and autoscale", () => {
  let t: Tenant;
  let table: string;
  let ctl: Ctl;
  let env: Record<string, string>;
  let karpenter: Cluster;
  let bms: Cluster;

  async function cluster(o: Partial<Cluster>): Promise<Cluster> {
    const now = new Date().toISOString();
    const c: Cluster = {
      id: newId("cl"),
      name: uniqueName("c"),
      domain: t.domain,
      project: t.project,
      kubernetesVersion: "v1.31.2",
      cni: { name: "cilium", version: "v1.16.5" },
      providerCluster: "ccs",
      hostGroup: "vms",
      workers: 2,
      machines: { os: "ubuntu-20.04", arch: "amd64" },
      network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
      extraArgs: {},
      labels: {},
      annotations: {},
      phase: "Ready",
      conditions: [],
      operation: "create",
      generation: 1,
      step: "wait-addons",
      steps: [],
      provisioned: [],
      hostIds: [],
      createdAt: now,
      updatedAt: now,
      version: 1,
      ...o,
    };
    await dynamoDocumentClient().send(new PutCommand({ TableName: table, Item: clusterItem(c) }));
    return c;
  }

  beforeAll(async () => {
    t = await newTenant();
    table = resourceName(useLocalAws(), tables.main.logical);
    karpenter = await cluster({
      addons: {
        storage: { enabled: false, values: {} },
        velero: { enabled: false, values: {} },
        karpenter: { enabled: true, values: { minWorkers: 1, maxWorkers: 5, logLevel: "info" } },
      },
      resolved: { providerCluster: { name: "ccs", type: "ccs-vm" } },
    });
    bms = await cluster({
      providerCluster: "bms",
      hostGroup: "workers",
      addons: { storage: { enabled: false, values: {} }, velero: { enabled: false, values: {} } },
      resolved: { providerCluster: { name: "bms", type: "orbiter-bms" } },
    });
    ctl = await ckpctl();
    env = {
      CKP_SERVER: admin.base,
      CKP_TOKEN: await tokenFor(admin, "project-admin", t.domain, t.project),
      CKP_DOMAIN: t.domain,
      CKP_PROJECT: t.project,
    };
  }, 180_000);

  const run = (args: string[]) => ctl(args, { env });
  const ok = async (args: string[]) => {
    const r = await run(args);
    expect(r.code, `ckpctl ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };

  it("creates node pools from flags and from a manifest, lists and describes them, and deletes one", async () => {
    const made = await ok([
      "create",
      "nodepool",
      "general",
      "-c",
      karpenter.name,
      "--arch",
      "amd64",
      "--flavor",
      "m1.large",
      "--flavor",
      "m1.xlarge",
      "--cpu-limit",
      "16",
      "--memory-limit",
      "64Gi",
      "--taint",
      "dedicated=web:NoSchedule",
      "--label",
      "team=web",
      "--consolidation",
      "WhenEmpty",
      "--consolidate-after",
      "10m",
      "--weight",
      "10",
    ]);
    expect(made.stdout).toBe("node-pool/general created\n");
    const stored = (await admin.get(`${t.base}/clusters/${karpenter.id}/node-pools/general`)).body;
    expect(stored).toMatchObject({
      requirements: { architectures: ["amd64"], flavors: ["m1.large", "m1.xlarge"] },
      labels: { team: "web" },
      taints: [{ key: "dedicated", value: "web", effect: "NoSchedule" }],
      limits: { cpu: "16", memory: "64Gi" },
      disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "10m" },
      weight: 10,
    });

    // a manifest names its cluster in metadata.cluster (by id here); apply again changes nothing, then a change is a PATCH
    const manifest = (cpu: string) =>
      JSON.stringify({ kind: "NodePool", metadata: { name: "batch", cluster: karpenter.id }, spec: { limits: { cpu } } });
    expect((await ctl(["apply", "-f", "-"], { env, stdin: manifest("8") })).stdout).toBe("node-pool/batch created\n");
    expect((await ctl(["apply", "-f", "-"], { env, stdin: manifest("8") })).stdout).toBe("node-pool/batch unchanged\n");
    expect((await ctl(["apply", "-f", "-"], { env, stdin: manifest("12") })).stdout).toBe("node-pool/batch configured\n");
    expect((await admin.get(`${t.base}/clusters/${karpenter.id}/node-pools/batch`)).body).toMatchObject({
      limits: { cpu: "12" },
      version: 2,
    });

    const list = parseTable((await ok(["get", "nodepools", "-c", karpenter.name])).stdout);
    expect(list.map((r) => [r.NAME, r.STATE, r.NODES, r.CPU, r["LIMIT REACHED"], r.CLAIMS])).toEqual([
      ["batch", "Unknown", "0", "0/12", "no", "0"],
      ["general", "Unknown", "0", "0/16", "no", "0"],
    ]);
    const wide = parseTable((await ok(["get", "np", "general", "--cluster", karpenter.name, "-o", "wide"])).stdout)[0];
    expect(wide).toMatchObject({ MEMORY: "0/64Gi", ARCH: "amd64", FLAVORS: "m1.large,m1.xlarge", CONSOLIDATION: "WhenEmpty after 10m" });
    expect(JSON.parse((await ok(["get", "node-pool", "general", "-c", karpenter.name, "-o", "json"])).stdout)).toMatchObject({
      name: "general",
      clusterId: karpenter.id,
    });

    const described = (await ok(["describe", "nodepool", "general", "-c", karpenter.name])).stdout;
    expect(described).toMatch(/Kind:\s+NodePool/);
    expect(described).toMatch(/State:\s+Unknown \(.*no management cluster/);
    expect(described).toMatch(/Flavors:\s+m1\.large, m1\.xlarge/);
    expect(described).toMatch(/Taints:\s+dedicated=web:NoSchedule/);
    expect(described).toMatch(/Limits:\s+cpu 16, memory 64Gi/);
    expect(described).toMatch(/Disruption:\s+WhenEmpty after 10m/);
    expect(described).toContain("NodeClaims:   <none>");
    expect(described).toContain("ckp.nodepool.created");

    expect((await ok(["delete", "nodepool", "batch", "-c", karpenter.name])).stdout).toBe("node-pool/batch deleted\n");
    expect(parseTable((await ok(["get", "nodepools", "-c", karpenter.name])).stdout).map((r) => r.NAME)).toEqual(["general"]);
    const gone = await run(["get", "nodepool", "batch", "-c", karpenter.name]);
    expect(gone.code).toBe(4);
  });

  it("prints the API's problem for a cluster without Karpenter, an invalid pool, and a missing --cluster", async () => {
    const refused = await run(["create", "nodepool", "nope", "-c", bms.name, "--cpu-limit", "4"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("(422 node-pool.autoscaling-disabled)");
    expect(refused.stderr).toContain("enable the karpenter addon first");

    const invalid = await run(["create", "nodepool", "bad", "-c", karpenter.name, "--cpu-limit", "lots"]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/\(400 invalid-request\).*limits\.cpu/);

    const noCluster = await run(["get", "nodepools"]);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toContain("node-pools belong to a cluster: give --cluster NAME (-c)");
    const noLimit = await run(["create", "nodepool", "x", "-c", karpenter.name]);
    expect(noLimit.code).toBe(2);
    expect(noLimit.stderr).toContain("--cpu-limit");
    const unknown = await run(["get", "nodepools", "-c", "no-such-cluster"]);
    expect(unknown.code).toBe(4);
  });

  it("describes a cluster's autoscaling, and refuses Karpenter for a cluster that is not on a CCS VM provider cluster", async () => {
    const described = (await ok(["describe", "cluster", karpenter.name])).stdout;
    expect(described).toMatch(/Autoscaling:\s+Karpenter, 1-5 workers, 0 of them autoscaled/);
    expect((await ok(["describe", "cluster", bms.name])).stdout).toMatch(/Autoscaling:\s+off/);
    expect(parseTable((await ok(["get", "clusters", "-o", "wide"])).stdout).find((r) => r.NAME === karpenter.name)?.AUTOSCALING).toBe(
      "1-5",
    );

    const refused = await run(["autoscale", "cluster", bms.name, "--min", "1", "--max", "3"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("(422 cluster.autoscaling-not-supported)");
    expect(refused.stderr).toContain("Karpenter autoscaling is supported only for CCS VM host groups");

    const usage = await run(["autoscale", "cluster", bms.name]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("autoscale needs --min N and --max M (or --disable)");

    // the same bounds again change nothing
    const same = await ok(["autoscale", "cluster", karpenter.name, "--max", "5"]);
    expect(same.stdout).toBe(`cluster/${karpenter.name} autoscaling: Karpenter, 1-5 workers (unchanged)\n`);
    // new bounds start the addons operation
    const changed = await ok(["autoscale", "cluster", karpenter.name, "--min", "2", "--max", "8"]);
    expect(changed.stdout).toBe(`cluster/${karpenter.name} autoscaling: Karpenter, 2-8 workers (Updating)\n`);
    // (the addons operation then fails here: the cluster has no management cluster)
    expect((await admin.get(`${t.base}/clusters/${karpenter.id}`)).body).toMatchObject({
      operation: "addons",
      addons: { karpenter: { enabled: true, values: { minWorkers: 2, maxWorkers: 8 } } },
    });
  });

  it("kubeconfig cluster: prints the API's 409 while the cluster has no control plane, and writes nothing", async () => {
    const file = `${tmpdir()}/ckpctl-${uniqueName("kc")}.kubeconfig`;
    const r = await run(["kubeconfig", "cluster", bms.name, "--file", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("(409 cluster.kubeconfig-unavailable)");
    expect(existsSync(file)).toBe(false);
  });
});
