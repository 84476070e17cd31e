import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { desiredAddons } from "../../core/addons/desired.js";
import { renderAddon, renderRegistryPullSet } from "../../core/addons/render.js";
import { addonRegistry, prepareRegistry, registryRender, registrySecrets } from "../../core/clusters/registry.js";
import { renderClusterObjects } from "../../core/clusters/render.js";
import { type ClusterSpecInput, clusterNamespace } from "../../core/clusters/spec.js";
import { KubeWaitTimeout } from "../../core/kube/client.js";
import { conditionsOf, isConditionTrue, type KubeObject, refOf } from "../../core/kube/objects.js";
import { kubeFor } from "../../core/management/access.js";
import { DomainError, RetryableError } from "../../core/shared/errors.js";
import { newId } from "../../core/shared/ids.js";
import { errorToProblem } from "../../functions/api/problem.js";
import { ProviderDoubles } from "../doubles/provider-doubles.js";
import { adminApi } from "../support/api.js";
import { registerTestManagementCluster, registerUnreachableManagementCluster, testDeps, testKube } from "../support/kube.js";
import { foreignCa } from "../support/pki.js";

const REGISTRY = "registry.ckp.example/coredge";
/** the registry's CA: one of the tests' own making */
const TEST_CA = foreignCa().certPem;

function spec(o: Partial<ClusterSpecInput> = {}): ClusterSpecInput {
  return {
    clusterId: newId("cl"),
    domain: "acme",
    project: "edge",
    name: "demo",
    kubernetesVersion: "v1.30.6",
    cni: "cilium",
    network: { podCidrs: ["10.244.0.0/16"], serviceCidrs: ["10.96.0.0/12"] },
    controlPlane: { endpoint: { host: "192.0.2.10", port: 6443 } },
    workers: { count: 3, hostGroup: "pool-a", hostSelector: { "kubernetes.io/arch": "amd64" } },
    extraArgs: {
      kubelet: { "max-pods": "200" },
      apiServer: { "audit-log-maxage": "30" },
      controllerManager: { "node-monitor-grace-period": "40s" },
      scheduler: { v: "2" },
    },
    labels: { team: "platform" },
    annotations: { "ckp.io/requested-by": "tests" },
    imageRegistry: REGISTRY,
    byohBundle: { repository: "registry.ckp.example/byoh-bundles" },
    ...o,
  };
}

/** A tiny app that answers with whatever `fn` throws, mapped exactly as the API maps errors. */
function problemOf(fn: () => Promise<unknown>): Promise<Response> {
  const app = new Hono();
  app.get("/", async (c) => c.json(await fn()));
  app.onError((err, c) => errorToProblem(c, err).response);
  return Promise.resolve(app.request("/"));
}

describe("rendering checked by the real kube-apiserver", () => {
  const admin = adminApi();

  it("applies the rendered object set with fieldValidation=Strict; it is accepted and reads back as rendered", async () => {
    const mc = await registerTestManagementCluster(admin);
    const kube = await kubeFor(testDeps(), mc.id);
    const s = spec();
    const objects = renderClusterObjects(s);
    expect(objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "K8sInstallerConfigTemplate",
      "KubeadmConfigTemplate",
      "ByoMachineTemplate",
      "ByoCluster",
      "KamajiControlPlane",
      "Cluster",
      "MachineDeployment",
      "MachineHealthCheck",
    ]);
    const applied = await kube.applyAll(objects);
    expect(applied).toHaveLength(objects.length);
    for (const a of applied) {
      const managers = (a.metadata.managedFields as Array<{ manager: string; operation: string }>).map(
        (m) => `${m.manager}/${m.operation}`,
      );
      expect(managers).toContain("ckp-control-plane/Apply");
    }

    const ns = clusterNamespace(s.clusterId);
    const read = async (kind: string, name: string, apiVersion: string) =>
      (await kube.get({ apiVersion, kind, name, namespace: ns })) as KubeObject & { spec: any };
    const kcp = await read("KamajiControlPlane", "demo", "controlplane.cluster.x-k8s.io/v1alpha1");
    expect(kcp.spec).toMatchObject({
      version: "v1.30.6",
      registry: REGISTRY,
      // the spec's CNI is Cilium, which replaces kube-proxy
      addons: { coreDNS: { imageRepository: REGISTRY, imageTag: "v1.11.3" } },
      apiServer: { extraArgs: ["--audit-log-maxage=30"] },
      network: { serviceAddress: "192.0.2.10" },
    });
    expect(kcp.spec.addons.kubeProxy).toBeUndefined();
    const kct = await read("KubeadmConfigTemplate", "workers", "bootstrap.cluster.x-k8s.io/v1beta1");
    // as rendered, plus the empty sections the kubeadm bootstrap provider's defaulting webhook adds
    expect(kct.spec.template.spec.clusterConfiguration).toEqual({
      imageRepository: REGISTRY,
      dns: { imageRepository: REGISTRY, imageTag: "v1.11.3" },
      etcd: { local: { imageRepository: REGISTRY, imageTag: "v3.5.15-0" } },
      apiServer: {},
      controllerManager: {},
      networking: {},
      scheduler: {},
    });
    expect(kct.spec.template.spec.preKubeadmCommands[0]).toContain(`sandbox_image = "${REGISTRY}/pause:v3.9"`);
    expect(kct.spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs).toEqual({ "max-pods": "200" });
    const cluster = await read("Cluster", "demo", "cluster.x-k8s.io/v1beta1");
    expect(cluster.spec.clusterNetwork).toEqual({
      pods: { cidrBlocks: ["10.244.0.0/16"] },
      services: { cidrBlocks: ["10.96.0.0/12"] },
      serviceDomain: "cluster.local",
    });
    expect(cluster.metadata.labels).toMatchObject({ "ckp.io/cluster-id": s.clusterId, "ckp.io/cni": "cilium", team: "platform" });
    expect(cluster.metadata.annotations).toMatchObject({ "ckp.io/requested-by": "tests" });
    const bmt = await read("ByoMachineTemplate", "workers", "infrastructure.cluster.x-k8s.io/v1beta1");
    expect(bmt.spec.template.spec.selector.matchLabels).toEqual({
      "kubernetes.io/arch": "amd64",
      "ckp.io/host-group": "pool-a",
      "ckp.io/cluster-id": s.clusterId,
    });
    const md = await read("MachineDeployment", "workers", "cluster.x-k8s.io/v1beta1");
    expect(md.spec.replicas).toBe(3);

    // applying the same objects again changes nothing of what the control plane owns: its field set and the time it
    // last changed stay as they were (Cluster API's controllers go on writing finalizers, owner references and status)
    const ours = (o: KubeObject) =>
      JSON.stringify(
        (o.metadata.managedFields as Array<{ manager: string; operation: string }>).find(
          (m) => m.manager === "ckp-control-plane" && m.operation === "Apply",
        ),
      );
    await new Promise((r) => setTimeout(r, 1100)); // managedFields times have one-second resolution
    const again = await kube.applyAll(objects);
    expect(again.map(ours)).toEqual(applied.map(ours));
    // a changed spec updates in place
    await kube.applyAll(renderClusterObjects({ ...s, workers: { count: 5, hostGroup: "pool-a" } }));
    expect((await read("MachineDeployment", "workers", "cluster.x-k8s.io/v1beta1")).spec.replicas).toBe(5);
    // a dry run is validated but not stored
    const dry = renderClusterObjects({ ...s, name: "dry" }).filter((o) => o.kind === "Cluster");
    await kube.applyAll(dry, { dryRun: true });
    expect(await read("Cluster", "dry", "cluster.x-k8s.io/v1beta1")).toBeUndefined();
    // CAPI takes the cluster down
    expect(await kube.delete(refOf(objects.find((o) => o.kind === "Cluster") as KubeObject))).toBe(true);
  }, 300_000);

  it("a private registry with credentials and a CA: its Secrets, ServiceAccount, bootstrap files and chart pulls are accepted as rendered (Strict)", async () => {
    const mc = await registerTestManagementCluster(admin);
    const kube = await kubeFor(testDeps(), mc.id);
    const deps = testDeps();
    const c = { id: newId("cl"), domain: "acme", project: "edge", name: "private" };
    const registry = await prepareRegistry(deps.secrets, c, {
      type: "private",
      url: "registry.corp.example:5000/ckp",
      credentials: { username: "puller", password: "s3cret-pull" },
      caBundle: TEST_CA,
    });
    const s = spec({
      clusterId: c.id,
      name: c.name,
      imageRegistry: "registry.corp.example:5000/ckp",
      registry: registryRender(registry),
    });
    const objects = renderClusterObjects(s);
    objects.splice(1, 0, ...(await registrySecrets(deps.secrets, { ...c, imageRegistry: registry })));
    expect(objects.map((o) => o.kind).slice(0, 4)).toEqual(["Namespace", "Secret", "Secret", "ServiceAccount"]);
    const applied = await kube.applyAll(objects);
    expect(applied).toHaveLength(objects.length);
    const ns = clusterNamespace(c.id);
    const get = async (apiVersion: string, kind: string, name: string) =>
      (await kube.get({ apiVersion, kind, name, namespace: ns })) as any;
    const auth = await get("v1", "Secret", "private-registry-auth");
    expect(auth.type).toBe("kubernetes.io/dockerconfigjson");
    const docker = JSON.parse(Buffer.from(auth.data[".dockerconfigjson"], "base64").toString());
    expect(docker.auths["registry.corp.example:5000"]).toMatchObject({ username: "puller", password: "s3cret-pull" });
    const hosts = Buffer.from((await get("v1", "Secret", "private-registry")).data["hosts.toml"], "base64").toString();
    expect(hosts).toContain('server = "https://registry.corp.example:5000"');
    expect(hosts).toContain('ca = "/etc/containerd/certs.d/registry.corp.example:5000/ca.crt"');
    expect(hosts).toContain(`Authorization = "Basic ${Buffer.from("puller:s3cret-pull").toString("base64")}"`);
    expect((await get("v1", "ServiceAccount", "private-control-plane")).imagePullSecrets).toEqual([{ name: "private-registry-auth" }]);
    const kcp = await get("controlplane.cluster.x-k8s.io/v1alpha1", "KamajiControlPlane", "private");
    expect(kcp.spec.deployment.serviceAccountName).toBe("private-control-plane");
    expect(kcp.spec.addons.konnectivity.agent.image).toBe("registry.corp.example:5000/ckp/kas-network-proxy/proxy-agent");
    const kct = await get("bootstrap.cluster.x-k8s.io/v1beta1", "KubeadmConfigTemplate", "workers");
    expect(kct.spec.template.spec.files).toEqual([
      {
        path: "/etc/containerd/certs.d/registry.corp.example:5000/hosts.toml",
        permissions: "0600",
        contentFrom: { secret: { name: "private-registry", key: "hosts.toml" } },
      },
      { path: "/etc/containerd/certs.d/registry.corp.example:5000/ca.crt", permissions: "0644", content: TEST_CA },
    ]);

    // an addon pulls its chart with the registry's Secrets and its images with a pull secret the ClusterResourceSet carries
    const options = await addonRegistry(deps.secrets, { ...c, imageRegistry: registry }, REGISTRY);
    const cilium = desiredAddons({ kubernetesVersion: "v1.30.6", cni: { name: "cilium", version: "v1.16.5" } }).find(
      (a) => a.name === "cilium",
    );
    if (!cilium || !options.dockerConfigJson) throw new Error("expected cilium and a pull secret");
    const { dockerConfigJson, ...renderOptions } = options;
    const ref = { ...c };
    const addonObjects = [...renderRegistryPullSet(ref, cilium, dockerConfigJson), ...renderAddon(ref, cilium, renderOptions)];
    await kube.applyAll(addonObjects);
    const hcp = await get("addons.cluster.x-k8s.io/v1alpha1", "HelmChartProxy", "cilium");
    expect(hcp.spec.repoURL).toBe("oci://registry.corp.example:5000/ckp/charts");
    expect(hcp.spec.credentials).toEqual({ secret: { name: "private-registry-auth", namespace: ns }, key: ".dockerconfigjson" });
    expect(hcp.spec.tlsConfig).toEqual({ caSecret: { name: "private-registry", namespace: ns } });
    expect(hcp.spec.valuesTemplate).toContain("ckp-registry-pull");
    const crs = await get("addons.cluster.x-k8s.io/v1beta1", "ClusterResourceSet", "cilium-registry-pull");
    expect(crs.spec.resources).toEqual([{ kind: "Secret", name: "cilium-registry-pull" }]);
    const set = await get("v1", "Secret", "cilium-registry-pull");
    const carried = Buffer.from(set.data["registry-pull.yaml"], "base64").toString();
    expect(carried).toContain("kubernetes.io/dockerconfigjson");
    expect(carried).toContain("name: ckp-registry-pull");
    expect(await kube.delete(refOf(objects.find((o) => o.kind === "Cluster") as KubeObject))).toBe(true);
  }, 300_000);

  it("a deliberately broken object is rejected and the apiserver's message reaches the caller as problem+json 422", async () => {
    const mc = await registerTestManagementCluster(admin);
    const kube = await kubeFor(testDeps(), mc.id);
    const objects = renderClusterObjects(spec());
    await kube.applyAll(objects.slice(0, 1));
    const cluster = objects.find((o) => o.kind === "Cluster") as KubeObject;
    const kcp = objects.find((o) => o.kind === "KamajiControlPlane") as KubeObject;
    // what the apiserver itself answered: a server-side apply that does not fit the schema is its 500
    // "failed to create typed patch object" (kubernetes/kubernetes#122480), a value validation refuses its 422
    const broken: Array<[KubeObject, RegExp, number]> = [
      [{ ...cluster, spec: { ...cluster.spec, bogusField: "x" } }, /\.spec\.bogusField: field not declared in schema/, 500],
      [{ ...cluster, spec: { ...cluster.spec, paused: "yes" } }, /\.spec\.paused: expected boolean/, 500],
      [{ ...kcp, spec: { ...kcp.spec, kubelet: { cgroupfs: "nope" } } }, /spec\.kubelet\.cgroupfs: Unsupported value: "nope"/, 422],
    ];
    for (const [obj, message, apiserverCode] of broken) {
      const err = await kube.apply(obj).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ kind: "unprocessable" });
      expect((err as Error).message).toMatch(message);

      const res = await problemOf(() => kube.apply(obj));
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = (await res.json()) as { detail: string; kubernetes: { code: number } };
      expect(body.detail).toMatch(message);
      expect(body.detail).toContain(`management cluster ${mc.name} rejected apply ${obj.kind}`);
      expect(body.kubernetes.code).toBe(apiserverCode);
    }
    // a create (not an apply) with an unknown field: the apiserver's 400 is also 422 for the caller
    const created = await kube
      .create({ ...cluster, metadata: { ...cluster.metadata, name: "strict" }, spec: { ...cluster.spec, bogusField: 1 } })
      .catch((e: unknown) => e);
    expect(created).toMatchObject({ kind: "unprocessable" });
    expect((created as Error).message).toMatch(/strict decoding error: unknown field "spec\.bogusField"/);
    // nothing was stored
    expect(await kube.get(refOf(cluster))).toBeUndefined();
    // a kind the management cluster does not serve (its provider is not installed)
    const unserved = await kube
      .apply({
        apiVersion: "widgets.example.com/v1",
        kind: "Widget",
        metadata: { name: "w", namespace: cluster.metadata.namespace as string },
      })
      .catch((e: unknown) => e);
    expect(unserved).toMatchObject({ kind: "unprocessable" });
    expect((unserved as Error).message).toMatch(/does not serve this kind.*Widget/);
  });

  it("applies in waves: Namespaces first, then Secrets, then the rest; a wave that fails stops the later ones", async () => {
    const mc = await registerTestManagementCluster(admin);
    const kube = await kubeFor(testDeps(), mc.id);
    const ns = clusterNamespace(newId("cl"));
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "after", namespace: ns }, stringData: { a: "b" } };
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } };
    // the Secret comes first in the list and still goes in after its Namespace
    const applied = await kube.applyAll([secret, namespace]);
    expect(applied.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`Secret/after`, `Namespace/${ns}`]);
    const refused = await kube
      .applyAll([
        { ...secret, metadata: { name: "never", namespace: ns } },
        namespace,
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "Not_A_Name" } },
      ])
      .catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/Not_A_Name/);
    expect(await kube.get({ apiVersion: "v1", kind: "Secret", name: "never", namespace: ns })).toBeUndefined();
  });

  it("an unreachable management cluster: applies fail retryably, as 503 with Retry-After, never 500", async () => {
    const mc = await registerUnreachableManagementCluster(admin);
    const kube = await kubeFor(testDeps(), mc.id);
    const objects = renderClusterObjects(spec());
    await expect(kube.applyAll(objects)).rejects.toBeInstanceOf(RetryableError);
    const res = await problemOf(() => kube.applyAll(objects));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/is unreachable/);
  });

  it("reads status and conditions, waits for a condition with a timeout, and lists in pages", async () => {
    const mc = await registerTestManagementCluster(admin);
    const kube = await kubeFor(testDeps(), mc.id);
    const s = spec();
    const objects = renderClusterObjects(s);
    await kube.applyAll(objects);
    const cluster = objects.find((o) => o.kind === "Cluster") as KubeObject;
    const ref = refOf(cluster);

    await expect(kube.waitFor(ref, (o) => isConditionTrue(o, "Ready"), { timeoutMs: 1_500, intervalMs: 200 })).rejects.toBeInstanceOf(
      KubeWaitTimeout,
    );
    await expect(kube.waitFor(ref, (o) => isConditionTrue(o, "Ready"), { timeoutMs: 1_000, intervalMs: 200 })).rejects.toBeInstanceOf(
      RetryableError,
    );

    // the tenant control plane comes up (its double): Cluster API reports the Cluster Ready
    const providers = new ProviderDoubles(testKube(), { matches: (l) => l["ckp.io/cluster-id"] === s.clusterId });
    providers.start();
    try {
      const ready = await kube.waitFor(ref, (o) => isConditionTrue(o, "Ready"), { timeoutMs: 180_000, intervalMs: 500 });
      expect(conditionsOf(ready)).toContainEqual(expect.objectContaining({ type: "Ready", status: "True" }));
      expect(conditionsOf(ready)).toContainEqual(expect.objectContaining({ type: "ControlPlaneReady", status: "True" }));
      expect(ready?.status?.phase).toBe("Provisioned");

      // paged lists (limit + continue)
      const seen: string[] = [];
      let next: string | undefined;
      do {
        const page = await kube.list("infrastructure.cluster.x-k8s.io/v1beta1", "K8sInstallerConfigTemplate", {
          limit: 1,
          ...(next ? { continue: next } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
        next = page.continue;
      } while (next);
      expect(seen).toContain(`${clusterNamespace(s.clusterId)}/workers`);
      // counted without reading them all: the server's remainingItemCount, or pages where a selector hides it
      // (other files' tests create and delete Namespaces meanwhile: compared while the list stays the same)
      const notDefault = "kubernetes.io/metadata.name!=default";
      const countedWhileStill = async () => {
        for (let attempt = 0; ; attempt++) {
          const before = (await kube.list("v1", "Namespace")).items.length;
          const all = await kube.count("v1", "Namespace");
          const selected = await kube.count("v1", "Namespace", { labelSelector: notDefault });
          const after = (await kube.list("v1", "Namespace")).items.length;
          if (before === after || attempt === 20) return { before, after, all, selected };
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      const counted = await countedWhileStill();
      expect(counted.before).toBeGreaterThan(2);
      expect(counted).toEqual({ before: counted.after, after: counted.after, all: counted.after, selected: counted.after - 1 });
      expect(await kube.count("infrastructure.cluster.x-k8s.io/v1beta1", "K8sInstallerConfigTemplate")).toBe(seen.length);

      // deleted: CAPI's finalizer holds it while CAPI takes the rest down; once gone, a second delete finds nothing
      expect(await kube.delete(ref)).toBe(true);
      await kube.waitFor(ref, (o) => o === undefined, { timeoutMs: 180_000, intervalMs: 500 });
      expect(await kube.delete(ref)).toBe(false);
    } finally {
      await providers.stop();
    }
  }, 600_000);
});
