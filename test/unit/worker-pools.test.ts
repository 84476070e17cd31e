import { describe, expect, it } from "vitest";
import { createClusterInput, scaleClusterInput } from "../../core/clusters/model.js";
import { checkWorkerPools, poolOf, poolsOf } from "../../core/clusters/pools.js";
import type { KubeObjectLike } from "../../core/clusters/ports.js";
import { renderClusterObjects } from "../../core/clusters/render.js";
import type { ClusterSpecInput } from "../../core/clusters/spec.js";
import { waitWorkers } from "../../core/clusters/steps/capi-state.js";
import { PLACEHOLDER_BUNDLE } from "../../core/clusters/steps/common.js";
import type { StepContext } from "../../core/clusters/steps.js";
import { DomainError } from "../../core/shared/errors.js";
import { MemoryCapi, MemoryClusterTable, memorySagaEnv, cluster as sagaCluster } from "../doubles/memory-saga-env.js";

const base: ClusterSpecInput = {
  clusterId: "cl_01jabcdefghjkmnpqrstvwxyz0",
  domain: "acme",
  project: "edge",
  name: "demo",
  kubernetesVersion: "v1.31.2",
  workers: { count: 2, hostGroup: "pool" },
  extraArgs: { kubelet: { "max-pods": "200" } },
  imageRegistry: "docker.io/coredgeio",
  byohBundle: { repository: "docker.io/coredgeio/byoh-bundle" },
};

const twoPools: ClusterSpecInput = {
  ...base,
  workers: { count: 2, hostGroup: "pool", roles: ["worker"] },
  workerPools: [
    {
      name: "infra",
      hostGroup: "infra-hosts",
      count: 3,
      roles: ["infra"],
      taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
    },
  ],
};

const named = (spec: ClusterSpecInput, kind: string, name: string) =>
  renderClusterObjects(spec).find((o) => o.kind === kind && o.metadata.name === name) as any;

describe("worker pools: rendering", () => {
  it("renders the primary pool exactly as before when the cluster has no further pools", () => {
    const objects = renderClusterObjects(base);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/ckp-cl-01jabcdefghjkmnpqrstvwxyz0",
      "K8sInstallerConfigTemplate/workers",
      "KubeadmConfigTemplate/workers",
      "ByoMachineTemplate/workers",
      "ByoCluster/demo",
      "KamajiControlPlane/demo",
      "Cluster/demo",
      "MachineDeployment/workers",
      "MachineHealthCheck/workers",
    ]);
    const kct = named(base, "KubeadmConfigTemplate", "workers");
    expect(kct.spec.template.spec.joinConfiguration.nodeRegistration).toEqual({ kubeletExtraArgs: { "max-pods": "200" } });
    const md = named(base, "MachineDeployment", "workers");
    expect(Object.keys(md.spec.template.metadata.labels).filter((k) => k.startsWith("node-role"))).toEqual([]);
  });

  it("renders each further pool as its own templates, MachineDeployment and health check, templates before the Cluster", () => {
    const names = renderClusterObjects(twoPools).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).toEqual([
      "Namespace/ckp-cl-01jabcdefghjkmnpqrstvwxyz0",
      "K8sInstallerConfigTemplate/workers",
      "KubeadmConfigTemplate/workers",
      "ByoMachineTemplate/workers",
      "K8sInstallerConfigTemplate/workers-infra",
      "KubeadmConfigTemplate/workers-infra",
      "ByoMachineTemplate/workers-infra",
      "ByoCluster/demo",
      "KamajiControlPlane/demo",
      "Cluster/demo",
      "MachineDeployment/workers",
      "MachineHealthCheck/workers",
      "MachineDeployment/workers-infra",
      "MachineHealthCheck/workers-infra",
    ]);
    const md = named(twoPools, "MachineDeployment", "workers-infra");
    expect(md.spec.replicas).toBe(3);
    expect(md.spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(md.spec.selector.matchLabels).toEqual({
      "cluster.x-k8s.io/cluster-name": "demo",
      "cluster.x-k8s.io/deployment-name": "workers-infra",
    });
    expect(md.spec.template.metadata.labels).toMatchObject({
      "node-role.kubernetes.io/infra": "",
      "cluster.x-k8s.io/deployment-name": "workers-infra",
    });
    expect(md.spec.template.metadata.labels).not.toHaveProperty("node-role.kubernetes.io/worker");
    expect(md.spec.template.spec.bootstrap.configRef.name).toBe("workers-infra");
    expect(md.spec.template.spec.infrastructureRef.name).toBe("workers-infra");
    expect(named(twoPools, "MachineDeployment", "workers").spec.template.metadata.labels).toMatchObject({
      "node-role.kubernetes.io/worker": "",
    });

    const kct = named(twoPools, "KubeadmConfigTemplate", "workers-infra");
    expect(kct.spec.template.spec.joinConfiguration.nodeRegistration).toEqual({
      // node-role labels are not the kubelet's to set (NodeRestriction): only the pool's own label goes there
      kubeletExtraArgs: { "max-pods": "200", "node-labels": "ckp.io/worker-pool=infra" },
      taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
    });
    const bmt = named(twoPools, "ByoMachineTemplate", "workers-infra");
    expect(bmt.spec.template.spec.selector.matchLabels).toEqual({
      "ckp.io/host-group": "infra-hosts",
      "ckp.io/cluster-id": "cl_01jabcdefghjkmnpqrstvwxyz0",
    });
    expect(bmt.spec.template.spec.installerRef.name).toBe("workers-infra");
    expect(named(twoPools, "MachineHealthCheck", "workers-infra").spec.selector.matchLabels["cluster.x-k8s.io/deployment-name"]).toBe(
      "workers-infra",
    );
  });

  it("adds the pool label to node-labels a cluster already passes the kubelet, and a valueless taint without value", () => {
    const kct = named(
      {
        ...base,
        extraArgs: { kubelet: { "node-labels": "rack=r1" } },
        workerPools: [{ name: "gpu", hostGroup: "gpus", count: 1, taints: [{ key: "nvidia.com/gpu", effect: "NoExecute" }] }],
      },
      "KubeadmConfigTemplate",
      "workers-gpu",
    );
    expect(kct.spec.template.spec.joinConfiguration.nodeRegistration).toEqual({
      kubeletExtraArgs: { "node-labels": "rack=r1,ckp.io/worker-pool=gpu" },
      taints: [{ key: "nvidia.com/gpu", effect: "NoExecute" }],
    });
  });
});

describe("worker pools: the request", () => {
  const request = {
    name: "demo",
    kubernetesVersion: "v1.31.2",
    providerCluster: "bms",
    hostGroup: "pool",
    workers: 2,
    addons: { storage: { enabled: false } },
  };

  it("accepts pools with roles and taints; refuses bad roles, effects and too many pools by schema", () => {
    const ok = createClusterInput.safeParse({
      ...request,
      workerRoles: ["worker"],
      workerPools: [
        {
          name: "infra",
          hostGroup: "infra-hosts",
          count: 1,
          roles: ["infra"],
          taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
        },
      ],
    });
    expect(ok.success).toBe(true);
    for (const bad of [
      { workerPools: [{ name: "infra", hostGroup: "h", count: 1, roles: ["Infra"] }] },
      { workerPools: [{ name: "infra", hostGroup: "h", count: 1, taints: [{ key: "a", effect: "Sometimes" }] }] },
      { workerPools: [{ name: "infra", hostGroup: "h", count: 0 }] },
      { workerPools: Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, hostGroup: `g${i}`, count: 1 })) },
      { workerTaints: [{ key: "bad key", effect: "NoSchedule" }] },
    ])
      expect(createClusterInput.safeParse({ ...request, ...bad }).success, JSON.stringify(bad)).toBe(false);
    expect(scaleClusterInput.safeParse({ workers: 2, pool: "infra" }).success).toBe(true);
  });

  it("refuses the primary's name, a name or host group used twice, and a repeated taint, with a stable code and the fields", () => {
    const refuse = (pools: Parameters<typeof checkWorkerPools>[1], taints?: Parameters<typeof checkWorkerPools>[0]["workerTaints"]) => {
      try {
        checkWorkerPools({ hostGroup: "pool", workerTaints: taints }, pools);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe("cluster.worker-pool-invalid");
        return (e as DomainError).fields?.map((f) => f.path);
      }
      return [];
    };
    expect(refuse([{ name: "workers", hostGroup: "a", count: 1 }])).toEqual(["workerPools.0.name"]);
    expect(
      refuse([
        { name: "a", hostGroup: "ga", count: 1 },
        { name: "a", hostGroup: "gb", count: 1 },
      ]),
    ).toEqual(["workerPools.1.name"]);
    expect(refuse([{ name: "a", hostGroup: "pool", count: 1 }])).toEqual(["workerPools.0.hostGroup"]);
    expect(
      refuse(
        [],
        [
          { key: "k", effect: "NoSchedule" },
          { key: "k", value: "v", effect: "NoSchedule" },
        ],
      ),
    ).toEqual(["workerTaints.1"]);
    expect(refuse([{ name: "a", hostGroup: "ga", count: 1 }])).toEqual([]);
  });
});

describe("worker pools: the cluster's pools", () => {
  const c = {
    name: "demo",
    hostGroup: "pool",
    workers: 2,
    hostIds: ["h1", "h2", "h3"],
    workerPools: [{ name: "infra", hostGroup: "infra-hosts", count: 1, hostIds: ["h3"] }],
  };

  it("lists the primary pool first with the hosts no further pool holds", () => {
    expect(poolsOf(c)).toEqual([
      { name: "workers", objectName: "workers", hostGroup: "pool", count: 2, hostIds: ["h1", "h2"] },
      { name: "infra", objectName: "workers-infra", hostGroup: "infra-hosts", count: 1, hostIds: ["h3"], index: 0 },
    ]);
    expect(poolsOf({ ...c, workerPools: undefined })).toHaveLength(1);
  });

  it("answers an unknown pool with a not-found of its own code", () => {
    expect(() => poolOf(c, "gpu")).toThrow(expect.objectContaining({ code: "cluster.worker-pool-unknown" }));
    expect(poolOf(c, "infra").index).toBe(0);
  });
});

describe("worker pools: ckpctl's --pool", () => {
  it("reads name, group, count and repeated roles and taints; a taint keeps its own '='", async () => {
    const { parseWorkerPool } = await import("../../cli/commands/write.js");
    expect(parseWorkerPool("name=infra,group=infra-hosts,count=2,role=infra,role=monitoring,taint=infra=reserved:NoSchedule")).toEqual({
      name: "infra",
      hostGroup: "infra-hosts",
      count: 2,
      roles: ["infra", "monitoring"],
      taints: [{ key: "infra", value: "reserved", effect: "NoSchedule" }],
    });
    expect(parseWorkerPool("name=gpu,group=gpus,count=1,taint=nvidia.com/gpu:NoExecute")).toEqual({
      name: "gpu",
      hostGroup: "gpus",
      count: 1,
      taints: [{ key: "nvidia.com/gpu", effect: "NoExecute" }],
    });
    expect(() => parseWorkerPool("name=gpu,count=1")).toThrow(/name=NAME,group=HOST-GROUP,count=N/);
    expect(() => parseWorkerPool("name=gpu,group=g,count=1,colour=blue")).toThrow(/unknown key colour/);
  });
});

describe("worker pools: the saga waits for every pool", () => {
  const c = sagaCluster({
    workers: 2,
    hostIds: ["h1", "h2", "h3"],
    workerPools: [{ name: "infra", hostGroup: "infra-hosts", count: 1, hostIds: ["h3"] }],
    resolved: { providerCluster: { name: "bms", type: "orbiter-bms" }, managementClusterId: "mc_1", managementCluster: "mc" },
  });
  const context = (capi: MemoryCapi): StepContext => ({
    env: memorySagaEnv(new MemoryClusterTable(c), capi).env,
    c,
    t: { domain: c.domain, project: c.project },
    ctx: { actor: { kind: "system", id: "t" }, correlationId: "c" },
    guard: { clusterId: c.id, generation: 1, step: "wait-workers" },
  });
  const report = async (capi: MemoryCapi, name: string, replicas: number, ready: number) => {
    const md = capi
      .render(c, { kubernetesVersion: c.kubernetesVersion, workers: c.workers, bundle: PLACEHOLDER_BUNDLE })
      .find((o) => o.kind === "MachineDeployment" && o.metadata.name === name) as KubeObjectLike;
    await capi.apply("mc_1", [
      {
        ...md,
        metadata: { ...md.metadata, generation: 1 },
        status: { observedGeneration: 1, replicas, readyReplicas: ready, updatedReplicas: ready },
      },
    ]);
  };

  it("waits for a further pool's MachineDeployment after the primary's is ready, and records each pool's counts", async () => {
    const capi = new MemoryCapi();
    await report(capi, "workers", 2, 2);
    expect(await waitWorkers(context(capi))).toMatchObject({
      kind: "wait",
      reason: "ObjectsMissing",
      message: "MachineDeployment workers-infra is missing on the management cluster",
    });
    await report(capi, "workers-infra", 1, 0);
    const waiting = await waitWorkers(context(capi));
    expect(waiting).toMatchObject({
      kind: "wait",
      reason: "WorkersProgressing",
      message: "pool infra: 0 of 1 worker(s) ready, 0 at v1.31.2",
    });
    expect(waiting.kind === "wait" && waiting.observed?.pools).toEqual([
      { name: "workers", replicas: 2, readyReplicas: 2, updatedReplicas: 2 },
      { name: "infra", replicas: 1, readyReplicas: 0, updatedReplicas: 0 },
    ]);
    await report(capi, "workers-infra", 1, 1);
    expect(await waitWorkers(context(capi))).toMatchObject({
      kind: "done",
      message: "pool workers: 2 worker(s) ready at v1.31.2; pool infra: 1 worker(s) ready at v1.31.2",
    });
  });

  it("fails on a further pool's MachineDeployment reporting a failure", async () => {
    const capi = new MemoryCapi();
    await report(capi, "workers", 2, 2);
    const md = capi
      .render(c, { kubernetesVersion: c.kubernetesVersion, workers: c.workers, bundle: PLACEHOLDER_BUNDLE })
      .find((o) => o.metadata.name === "workers-infra" && o.kind === "MachineDeployment") as KubeObjectLike;
    await capi.apply("mc_1", [{ ...md, status: { failureReason: "BadTemplate" } }]);
    await expect(waitWorkers(context(capi))).rejects.toMatchObject({
      reason: "CapiFailure",
      message: "MachineDeployment workers-infra failed: BadTemplate",
    });
  });
});
