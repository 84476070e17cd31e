import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ADDON_NAMES, ADDONS, addonValues, addonVersion, catalogView, KUBERNETES_MINORS, minorOf } from "../../core/addons/catalog.js";
import { desiredAddons } from "../../core/addons/desired.js";
import { judgeAddon, judgeCheck, judgeRelease, judgeResourceSets, stalledResourceSet, summarize } from "../../core/addons/health.js";
import type { AddonFinding } from "../../core/addons/model.js";
import { RETRY_ANNOTATION, renderAddon, renderResourceSet, resourceSetRetry } from "../../core/addons/render.js";
import { cephMonitor } from "../../core/addons/storage-model.js";
import { summarizeMachineHealth } from "../../core/clusters/machine-health.js";
import type { Cluster } from "../../core/clusters/model.js";
import { OPERATION_STEPS } from "../../core/clusters/operations.js";
import { STEPS } from "../../core/clusters/steps.js";
import { KUBERNETES_RELEASES } from "../../core/clusters/versions.js";
import type { KubeObject } from "../../core/kube/objects.js";
import { renderValuesTemplate } from "../doubles/addon-controllers.js";

const cluster = (o: Partial<Cluster> = {}) =>
  ({
    id: "cl_01jabcdefghjkmnpqrstvwxyz0",
    name: "demo",
    domain: "acme",
    project: "edge",
    kubernetesVersion: "v1.31.2",
    cni: { name: "cilium", version: "v1.17.6" },
    addons: { storage: { enabled: true, profile: "ceph", values: {} }, velero: { enabled: false, values: {} } },
    ...o,
  }) as Cluster;

const CEPH = {
  profile: "ceph",
  cephClusterId: "fsid-1",
  monitors: ["10.0.0.1:6789"],
  pool: "rbd",
  userId: "csi",
  userKey: "QUJDREVGR0hJSktMTU5PUA==",
};

describe("the addon catalog", () => {
  it("pairs every CNI version with the compatibility matrix, and Calico with product §2.2 (v3.28.2 to 1.30, v3.30.5 from 1.31)", () => {
    for (const r of KUBERNETES_RELEASES) {
      for (const cni of ["cilium", "calico", "flannel"] as const)
        expect(addonVersion(cni, r.version)?.version, `${cni} ${r.version}`).toBe(r.cni[cni]);
    }
    expect(addonVersion("calico", "v1.30.6")?.version).toBe("v3.28.2");
    expect(addonVersion("calico", "v1.31.2")?.version).toBe("v3.30.5");
  });

  it("has a version of every addon for every minor of the matrix, and none beyond it", () => {
    expect(KUBERNETES_MINORS).toEqual(["1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"]);
    for (const n of ADDON_NAMES) expect(Object.keys(ADDONS[n].versions).sort(), n).toEqual([...KUBERNETES_MINORS].sort());
    expect(addonVersion("velero", "v1.36.0")).toBeUndefined();
    expect(minorOf("v1.31.2")).toBe("1.31");
  });

  it("fills defaults and refuses values outside an addon's schema", () => {
    expect(addonValues("cilium", {})).toEqual({ hubble: { enabled: false }, operator: { replicas: 1 } });
    expect(addonValues("ceph-rbd-csi", undefined)).toEqual({ provisionerReplicas: 2, fsType: "ext4" });
    expect(() => addonValues("velero", { backupEverything: true })).toThrow();
    expect(() => addonValues("cilium", { operator: { replicas: 9 } })).toThrow();
  });

  it("serves values schemas and health checks as data", () => {
    const view = catalogView();
    const ceph = view.find((a) => a.name === "ceph-rbd-csi");
    expect(ceph?.valuesSchema).toMatchObject({ type: "object", properties: { fsType: { enum: ["ext4", "xfs"] } } });
    expect(ceph?.health.map((h) => h.kind)).toEqual(["Deployment", "DaemonSet", "CSIDriver", "StorageClass"]);
    expect(ADDONS.velero.health(addonValues("velero", { deployNodeAgent: true }) as never).map((h) => h.name)).toContain("node-agent");
  });

  it("a cluster runs its own CNI, the storage plugin and Velero as it asked, at its (target) Kubernetes version", () => {
    const d = desiredAddons(cluster({ target: { kubernetesVersion: "v1.32.11" } }));
    expect(d.map((a) => `${a.name}:${a.enabled}:${a.version?.version}`)).toEqual([
      "cilium:true:v1.17.6",
      "ceph-rbd-csi:true:v3.14.1",
      "velero:false:v1.18.1",
      "karpenter:false:v0.2.0",
    ]);
    // clusters created before addons were managed: the CNI only
    const { addons: _a, ...old } = cluster();
    expect(desiredAddons(old as Cluster).map((a) => a.enabled)).toEqual([true, false, false, false]);
  });
});

describe("addon rendering", () => {
  const clusterObj = {
    metadata: { name: "demo", namespace: "ckp-x", uid: "u" },
    spec: { clusterNetwork: { pods: { cidrBlocks: ["10.42.0.0/16"] } }, controlPlaneEndpoint: { host: "10.1.2.3", port: 6443 } },
  };

  it("renders Cilium's values as CAAPH templates over the Cluster: pod CIDR and the Kamaji endpoint, without kube-proxy", () => {
    const [hcp] = renderAddon(cluster(), desiredAddons(cluster())[0] as never, { imageRegistry: "registry.example/ckp" });
    expect(hcp?.spec).toMatchObject({
      clusterSelector: { matchLabels: { "ckp.io/cluster-id": cluster().id } },
      repoURL: "oci://registry.example/ckp/charts",
      chartName: "cilium",
      version: "1.17.6",
      releaseName: "cilium",
      namespace: "kube-system",
    });
    const rendered = yaml.load(renderValuesTemplate(String(hcp?.spec?.valuesTemplate), clusterObj as never)) as any;
    expect(rendered).toMatchObject({
      kubeProxyReplacement: true,
      k8sServiceHost: "10.1.2.3",
      k8sServicePort: 6443,
      ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.42.0.0/16"] } },
      image: { repository: "registry.example/ckp/cilium/cilium", tag: "v1.17.6" },
    });
  });

  it("keeps the Ceph key out of the chart values: it goes in a ClusterResourceSet's Secret", () => {
    const storage = desiredAddons(cluster())[1];
    const objs = renderAddon(cluster(), storage as never, { imageRegistry: "r.example", ceph: CEPH });
    expect(objs.map((o) => o.kind)).toEqual(["Secret", "ClusterResourceSet", "HelmChartProxy"]);
    const [secret, crs, hcp] = objs as [KubeObject, KubeObject, KubeObject];
    expect(secret.type).toBe("addons.cluster.x-k8s.io/resource-set");
    const inner = Buffer.from((secret.data as Record<string, string>)["ceph-secret.yaml"] as string, "base64").toString();
    expect(yaml.loadAll(inner)).toContainEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "csi-rbd-secret", namespace: "ckp-storage" },
      stringData: { userID: "csi", userKey: CEPH.userKey },
    });
    expect(crs.spec).toMatchObject({ strategy: "Reconcile", resources: [{ kind: "Secret", name: "ceph-rbd-csi-resources" }] });
    expect(JSON.stringify(hcp)).not.toContain(CEPH.userKey);
    expect(yaml.load(String(hcp.spec?.valuesTemplate))).toMatchObject({
      secret: { create: false, name: "csi-rbd-secret" },
      storageClass: {
        name: "ckp-block",
        reclaimPolicy: "Delete",
        allowVolumeExpansion: true,
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
      },
    });
  });
});

describe("judging an addon's health", () => {
  const ds = (status: Record<string, number>, generation = 1) =>
    ({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "cilium", namespace: "kube-system", generation },
      status,
    }) as KubeObject;
  const check = { kind: "DaemonSet", namespace: "kube-system", name: "cilium", rule: "ready on every node" } as const;

  it("a DaemonSet is ready on every node, or says how many are", () => {
    const full = { desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, observedGeneration: 1 };
    expect(judgeCheck(check, ds(full), 3)).toEqual({ ok: true, message: "DaemonSet kube-system/cilium 3/3 ready" });
    expect(judgeCheck(check, ds({ ...full, numberReady: 2 }), 3)).toEqual({ ok: false, message: "DaemonSet kube-system/cilium 2/3 ready" });
    expect(judgeCheck(check, ds({ ...full, desiredNumberScheduled: 2, numberReady: 2 }), 3).message).toBe(
      "DaemonSet kube-system/cilium 2/3 ready, scheduled on 2 of 3 node(s)",
    );
    expect(judgeCheck(check, ds(full, 2), 3).ok).toBe(false);
    expect(judgeCheck(check, undefined, 3)).toEqual({ ok: false, message: "DaemonSet kube-system/cilium missing" });
  });

  it("a StorageClass must have the catalog's fields", () => {
    const sc = ADDONS["ceph-rbd-csi"].health({} as never).find((h) => h.kind === "StorageClass") as never;
    const obj = {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ckp-block", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "rbd.csi.ceph.com",
      reclaimPolicy: "Delete",
      allowVolumeExpansion: true,
    } as KubeObject;
    expect(judgeCheck(sc, obj, 1).ok).toBe(true);
    expect(judgeCheck(sc, { ...obj, reclaimPolicy: "Retain", metadata: { name: "ckp-block" } } as KubeObject, 1).message).toBe(
      "StorageClass ckp-block: reclaimPolicy Retain, not Delete, not the default class",
    );
  });

  it("a release must be deployed at the wanted chart version before the workload counts", () => {
    const a = desiredAddons(cluster())[0] as never;
    const hrp = (spec: object, status: object, generation = 1) =>
      ({ apiVersion: "x", kind: "HelmReleaseProxy", metadata: { name: "r", generation }, spec, status }) as KubeObject;
    expect(judgeRelease(a, undefined)?.state).toBe("Installing");
    expect(judgeRelease(a, hrp({ version: "1.16.5" }, { status: "deployed", observedGeneration: 1 }))?.message).toBe(
      "cilium: Helm release at chart 1.16.5, 1.17.6 wanted",
    );
    expect(judgeRelease(a, hrp({ version: "1.17.6" }, { status: "failed", observedGeneration: 1 }))?.state).toBe("Unhealthy");
    expect(judgeRelease(a, hrp({ version: "1.17.6" }, { status: "deployed", observedGeneration: 1 }))).toBeUndefined();
  });

  it("a values change just applied counts only once CAAPH has observed the chart proxy's spec: its release may still be the one before", () => {
    const a = desiredAddons(cluster())[0] as never;
    const deployed = {
      apiVersion: "x",
      kind: "HelmReleaseProxy",
      metadata: { name: "r", generation: 1 },
      spec: { version: "1.17.6" },
      status: { status: "deployed", observedGeneration: 1 },
    } as KubeObject;
    const hcp = (generation: number, observedGeneration: number) =>
      ({ apiVersion: "x", kind: "HelmChartProxy", metadata: { name: "cilium", generation }, status: { observedGeneration } }) as KubeObject;
    expect(judgeRelease(a, deployed, hcp(2, 1))).toEqual({
      state: "Installing",
      message: "cilium: the Helm add-on provider has not yet acted on the chart proxy's latest spec",
    });
    expect(judgeRelease(a, deployed, hcp(2, 2))).toBeUndefined();
  });

  it("an addon's ClusterResourceSets count only once CAPI reports them applied; a failed one is stalled, and its retry changes nothing but an annotation", () => {
    const [, rendered] = renderResourceSet(cluster(), "velero", { "backup-locations.yaml": "kind: Secret" }) as [KubeObject, KubeObject];
    const withCondition = (condition?: object) => ({ ...rendered, status: condition ? { conditions: [condition] } : {} }) as KubeObject;
    expect(judgeResourceSets([])).toBeUndefined();
    expect(judgeResourceSets([withCondition()])).toEqual(["ClusterResourceSet velero: not applied yet"]);
    const failed = withCondition({
      type: "ResourcesApplied",
      status: "False",
      reason: "ApplyFailed",
      message: 'namespaces "velero" not found',
    });
    expect(judgeResourceSets([failed])).toEqual(['ClusterResourceSet velero: ApplyFailed: namespaces "velero" not found']);
    expect(stalledResourceSet(failed)).toBe(true);
    const applied = withCondition({ type: "ResourcesApplied", status: "True" });
    expect(judgeResourceSets([applied])).toBeUndefined();
    expect(stalledResourceSet(applied)).toBe(false);
    // a client that cannot reach the workload cluster is CAPI's to retry: not a stalled apply
    expect(stalledResourceSet(withCondition({ type: "ResourcesApplied", status: "False", reason: "RemoteClusterClientFailed" }))).toBe(
      false,
    );

    const retry = resourceSetRetry({ ...failed, metadata: { ...failed.metadata, uid: "u", resourceVersion: "7" } }, "2026-12-05T09:00:00Z");
    expect(retry.spec).toEqual(rendered.spec);
    expect(retry.metadata).toEqual({ ...rendered.metadata, annotations: { [RETRY_ANNOTATION]: "2026-12-05T09:00:00Z" } });
  });

  it("Velero is installing, not healthy, until its backup locations are applied and each validated once", async () => {
    const velero = desiredAddons(cluster({ addons: { velero: { enabled: true, values: {} } } as never })).find((a) => a.name === "velero");
    if (!velero?.version) throw new Error("no velero in the catalog");
    const release = {
      apiVersion: "x",
      kind: "HelmReleaseProxy",
      metadata: { name: "velero", generation: 1 },
      spec: { version: velero.version.chartVersion },
      status: { status: "deployed", observedGeneration: 1 },
    } as KubeObject;
    const ready = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "velero" },
      spec: { replicas: 1 },
      status: { readyReplicas: 1, updatedReplicas: 1 },
    };
    const bsl = (phase?: string) => ({
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: { name: "main" },
      status: phase ? { phase } : {},
    });
    const reader = (phase?: string) => ({
      get: async (ref: { kind: string }) =>
        (ref.kind === "CustomResourceDefinition"
          ? { ...ready, status: { conditions: [{ type: "Established", status: "True" }] } }
          : ready) as KubeObject,
      nodeCount: async () => 1,
      list: async () => [bsl(phase)] as KubeObject[],
    });
    const [, set] = renderResourceSet(cluster(), "velero", {}) as [KubeObject, KubeObject];
    const applied = { ...set, status: { conditions: [{ type: "ResourcesApplied", status: "True" }] } } as KubeObject;
    const failed = {
      ...set,
      status: { conditions: [{ type: "ResourcesApplied", status: "False", reason: "ApplyFailed", message: "no matches for kind" }] },
    } as KubeObject;
    expect(await judgeAddon(velero, release, reader("Available"), undefined, [failed])).toMatchObject({
      state: "Installing",
      message: "velero: ClusterResourceSet velero: ApplyFailed: no matches for kind",
    });
    expect(await judgeAddon(velero, release, reader(), undefined, [applied])).toMatchObject({
      state: "Installing",
      message: "velero: backup location main not yet validated by Velero",
    });
    // an unavailable bucket is reported, not judged
    expect(await judgeAddon(velero, release, reader("Unavailable"), undefined, [applied])).toMatchObject({
      state: "Healthy",
      backupLocations: [{ name: "main", phase: "Unavailable" }],
    });
  });

  it("sums findings up: the worst first, names what is not ready, and keeps `since` while nothing changes", () => {
    const f = (addon: string, state: AddonFinding["state"], message: string) => ({ addon, state, message, since: "" }) as AddonFinding;
    const a = summarize(
      [f("cilium", "Healthy", "ok"), f("velero", "Unhealthy", "velero: Deployment velero/velero 0/1 ready")],
      undefined,
      "t1",
    );
    expect(a).toMatchObject({
      healthy: false,
      reason: "AddonUnhealthy",
      message: "velero: Deployment velero/velero 0/1 ready",
      since: "t1",
    });
    const b = summarize([f("cilium", "Healthy", "ok"), f("velero", "Unhealthy", "velero: Deployment velero/velero 0/1 ready")], a, "t2");
    expect(b.since).toBe("t1");
    expect(b.addons.find((x) => x.addon === "velero")?.since).toBe("t1");
    expect(summarize([f("cilium", "Unknown", "cilium: unreachable"), f("velero", "Installing", "v")], undefined, "t").reason).toBe(
      "WorkloadUnreachable",
    );
    expect(summarize([f("cilium", "Healthy", "ok"), f("velero", "Disabled", "off")], b, "t3")).toMatchObject({
      healthy: true,
      since: "t3",
    });
  });
});

describe("an addon that was Healthy once", () => {
  const f = (state: AddonFinding["state"]) => ({ addon: "velero", state, message: state, since: "" }) as AddonFinding;
  const velero = (h: ReturnType<typeof summarize>) => h.addons.find((a) => a.addon === "velero");

  it("keeps when it was first Healthy through updates, failures and unreadable spells; forgets it once disabled", () => {
    const installing = summarize([f("Installing")], undefined, "t0");
    expect(velero(installing)?.healthySince).toBeUndefined();
    const healthy = summarize([f("Healthy")], installing, "t1");
    expect(velero(healthy)?.healthySince).toBe("t1");
    let h = healthy;
    for (const [state, at] of [
      ["Installing", "t2"],
      ["Unhealthy", "t3"],
      ["Unknown", "t4"],
      ["Healthy", "t5"],
    ] as const) {
      h = summarize([f(state)], h, at);
      expect(velero(h)?.healthySince, state).toBe("t1");
    }
    const off = summarize([f("Disabled")], h, "t6");
    expect(velero(off)?.healthySince).toBeUndefined();
    expect(velero(summarize([f("Installing")], off, "t7"))?.healthySince).toBeUndefined();
  });
});

describe("machine health", () => {
  const machine = (name: string, conditions: object[] = []) =>
    ({ apiVersion: "x", kind: "Machine", metadata: { name }, status: { conditions } }) as KubeObject;
  const mhc = {
    apiVersion: "x",
    kind: "MachineHealthCheck",
    metadata: { name: "workers" },
    status: { expectedMachines: 3, currentHealthy: 2, remediationsAllowed: 0 },
  } as KubeObject;

  it("names the Machines under remediation, and remembers the ones replaced since", () => {
    const marked = machine("w-1", [
      { type: "HealthCheckSucceeded", status: "False", message: "Condition Ready on node n1 is reporting status False for more than 300s" },
      { type: "OwnerRemediated", status: "False", reason: "WaitingForRemediation" },
    ]);
    const first = summarizeMachineHealth(mhc, [marked, machine("w-2"), machine("w-3")], undefined, "t1");
    expect(first.remediating).toEqual([
      { machine: "w-1", reason: "Condition Ready on node n1 is reporting status False for more than 300s" },
    ]);
    expect(first.message).toContain("2 of 3 machine(s) healthy");
    const second = summarizeMachineHealth(mhc, [machine("w-2"), machine("w-3"), machine("w-4")], first, "t2");
    expect(second.remediating).toEqual([]);
    expect(second.replaced).toEqual([{ machine: "w-1", at: "t2" }]);
    expect(summarizeMachineHealth(mhc, [machine("w-2")], second, "t3").replaced).toEqual([{ machine: "w-1", at: "t2" }]);
    expect(summarizeMachineHealth(undefined, [], undefined, "t").found).toBe(false);
  });
});

describe("steps and storage profiles", () => {
  it("every step an operation runs has a body and a condition", () => {
    for (const [op, steps] of Object.entries(OPERATION_STEPS))
      for (const s of steps) expect(STEPS[s]?.condition, `${op}: ${s}`).toBeTruthy();
    expect(OPERATION_STEPS.create.indexOf("install-cni")).toBeLessThan(OPERATION_STEPS.create.indexOf("wait-workers"));
    expect(OPERATION_STEPS.create.at(-1)).toBe("wait-addons");
    expect(OPERATION_STEPS.upgrade.indexOf("upgrade-addons")).toBeGreaterThan(OPERATION_STEPS.upgrade.indexOf("wait-control-plane"));
    expect(OPERATION_STEPS.upgrade.indexOf("upgrade-addons")).toBeLessThan(OPERATION_STEPS.upgrade.indexOf("upgrade-workers"));
    expect(OPERATION_STEPS.delete[0]).toBe("delete-addons");
  });

  it("accepts Ceph monitors as host[:port]", () => {
    for (const ok of ["10.0.0.1", "10.0.0.1:6789", "mon-a.ceph.example:3300", "[fd00::1]:6789"])
      expect(cephMonitor.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["10.0.0.1:0", "10.0.0.1:99999", "fd00::1", "", "http://mon:6789"])
      expect(cephMonitor.safeParse(bad).success, bad).toBe(false);
  });
});
