import { describe, expect, it } from "vitest";
import { type Cluster, createClusterInput } from "../../core/clusters/model.js";
import { canonicalDuration, LABELS, renderClusterObjects } from "../../core/clusters/render.js";
import { renderFor } from "../../core/clusters/runtime.js";
import { type ClusterSpecInput, clusterNamespace } from "../../core/clusters/spec.js";
import { PLACEHOLDER_BUNDLE } from "../../core/clusters/steps/common.js";
import { findRelease, KUBERNETES_RELEASES } from "../../core/clusters/versions.js";
import { DomainError } from "../../core/shared/errors.js";
import { cluster as sagaCluster } from "../doubles/memory-saga-env.js";

const base: ClusterSpecInput = {
  clusterId: "cl_01jabcdefghjkmnpqrstvwxyz0",
  domain: "acme",
  project: "edge",
  name: "demo",
  kubernetesVersion: "v1.31.2",
  workers: { count: 2, hostGroup: "pool" },
  imageRegistry: "docker.io/coredgeio",
  byohBundle: { repository: "docker.io/coredgeio/byoh-bundle" },
};

const find = (kind: string, spec: ClusterSpecInput = base) => renderClusterObjects(spec).find((o) => o.kind === kind) as any;

describe("CAPI rendering", () => {
  it("points kubeadm, Kamaji and CoreDNS at the configured registry (product §6.3)", () => {
    const kct = find("KubeadmConfigTemplate");
    // the component tags are the compatibility matrix's for v1.31.2 (seed §3.2)
    const release = findRelease("v1.31.2");
    expect(release).toMatchObject({ etcd: "v3.5.15-0", coredns: "v1.11.3", pause: "v3.10" });
    expect(kct.spec.template.spec.clusterConfiguration).toEqual({
      imageRepository: "docker.io/coredgeio",
      dns: { imageRepository: "docker.io/coredgeio", imageTag: release?.coredns },
      etcd: { local: { imageRepository: "docker.io/coredgeio", imageTag: release?.etcd } },
    });
    const kcp = find("KamajiControlPlane");
    expect(kcp.spec.registry).toBe("docker.io/coredgeio");
    expect(kcp.spec.addons.coreDNS).toEqual({ imageRepository: "docker.io/coredgeio", imageTag: release?.coredns });
    expect(kcp.spec.addons.konnectivity).toEqual({
      agent: { image: "docker.io/coredgeio/kas-network-proxy/proxy-agent" },
      server: { image: "docker.io/coredgeio/kas-network-proxy/proxy-server", port: 8132 },
    });
    expect(find("KamajiControlPlane", { ...base, cni: "calico" }).spec.addons.kubeProxy.imageRepository).toBe("docker.io/coredgeio");
    // the sandbox image: containerd's sandbox_image at the matrix's pause tag; the default registry needs no hosts.toml
    expect(kct.spec.template.spec.preKubeadmCommands).toEqual([
      `sed -i 's#^\\(\\s*\\)sandbox_image = .*#\\1sandbox_image = "docker.io/coredgeio/pause:v3.10"#' /etc/containerd/config.toml`,
      "systemctl restart containerd",
    ]);
    expect(kct.spec.template.spec.files).toBeUndefined();
    // each version its own tags
    for (const r of KUBERNETES_RELEASES) {
      const k = find("KubeadmConfigTemplate", { ...base, kubernetesVersion: r.version }).spec.template.spec;
      expect(k.clusterConfiguration.dns.imageTag).toBe(r.coredns);
      expect(k.clusterConfiguration.etcd.local.imageTag).toBe(r.etcd);
      expect(k.preKubeadmCommands[0]).toContain(`/pause:${r.pause}"`);
    }
  });

  it("a private registry with credentials and a CA: containerd's hosts.toml from a Secret, the CA file, Kamaji's pods pulling through a ServiceAccount", () => {
    const spec: ClusterSpecInput = {
      ...base,
      imageRegistry: "registry.corp.example:5000/ckp",
      registry: { custom: true, auth: true, ca: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" },
    };
    const objects = renderClusterObjects(spec);
    const kct = objects.find((o) => o.kind === "KubeadmConfigTemplate") as any;
    expect(kct.spec.template.spec.files).toEqual([
      {
        path: "/etc/containerd/certs.d/registry.corp.example:5000/hosts.toml",
        permissions: "0600",
        contentFrom: { secret: { name: "demo-registry", key: "hosts.toml" } },
      },
      { path: "/etc/containerd/certs.d/registry.corp.example:5000/ca.crt", permissions: "0644", content: spec.registry?.ca },
    ]);
    expect(kct.spec.template.spec.preKubeadmCommands).toEqual([
      `sed -i 's#^\\(\\s*\\)sandbox_image = .*#\\1sandbox_image = "registry.corp.example:5000/ckp/pause:v3.10"#' /etc/containerd/config.toml`,
      `sed -i 's#^\\(\\s*\\)config_path = .*#\\1config_path = "/etc/containerd/certs.d"#' /etc/containerd/config.toml`,
      "systemctl restart containerd",
    ]);
    const sa = objects.find((o) => o.kind === "ServiceAccount") as any;
    expect(sa).toMatchObject({ metadata: { name: "demo-control-plane" }, imagePullSecrets: [{ name: "demo-registry-auth" }] });
    // the ServiceAccount comes right after the Namespace, before the control plane that names it
    expect(objects.indexOf(sa)).toBe(1);
    const kcp = objects.find((o) => o.kind === "KamajiControlPlane") as any;
    expect(kcp.spec.deployment.serviceAccountName).toBe("demo-control-plane");
    expect(kcp.spec.registry).toBe("registry.corp.example:5000/ckp");
    // without credentials: no ServiceAccount, no pull secret
    const anonymous = renderClusterObjects({ ...spec, registry: { custom: true, auth: false } });
    expect(anonymous.some((o) => o.kind === "ServiceAccount")).toBe(false);
    expect((anonymous.find((o) => o.kind === "KamajiControlPlane") as any).spec.deployment).toBeUndefined();
  });

  it("runs no kube-proxy for Cilium, which replaces it, and one for the other CNIs", () => {
    expect(find("KamajiControlPlane").spec.addons).not.toHaveProperty("kubeProxy");
    for (const cni of ["calico", "flannel"] as const)
      expect(find("KamajiControlPlane", { ...base, cni }).spec.addons.kubeProxy).toEqual({ imageRepository: "docker.io/coredgeio" });
  });

  it("fills defaults: Cilium, CAPI networks, two control plane replicas behind a LoadBalancer", () => {
    const cluster = find("Cluster");
    expect(cluster.metadata.labels[LABELS.cni]).toBe("cilium");
    expect(cluster.spec.clusterNetwork).toEqual({
      pods: { cidrBlocks: ["10.244.0.0/16"] },
      services: { cidrBlocks: ["10.96.0.0/12"] },
      serviceDomain: "cluster.local",
    });
    expect(cluster.spec.controlPlaneEndpoint).toBeUndefined();
    expect(find("KamajiControlPlane").spec).toMatchObject({ version: "v1.31.2", replicas: 2, network: { serviceType: "LoadBalancer" } });
    expect(find("MachineDeployment").spec.replicas).toBe(2);
  });

  it("states the workers' rolling update: one node at a time, no surge (BYOH has no spare hosts), one remediation at a time", () => {
    expect(find("MachineDeployment").spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      remediation: { maxInFlight: 1 },
    });
  });

  it("puts every object in the cluster's namespace with the tenant labels, and wires the references", () => {
    const objs = renderClusterObjects({ ...base, labels: { team: "a", [LABELS.domain]: "spoofed" }, annotations: { a: "b" } });
    const ns = clusterNamespace(base.clusterId);
    expect(ns).toBe("ckp-cl-01jabcdefghjkmnpqrstvwxyz0");
    for (const o of objs.slice(1)) {
      expect(o.metadata.namespace).toBe(ns);
      expect(o.metadata.labels).toMatchObject({
        team: "a",
        [LABELS.domain]: "acme",
        [LABELS.project]: "edge",
        [LABELS.clusterId]: base.clusterId,
      });
      expect(o.metadata.annotations).toEqual({ a: "b" });
    }
    const cluster = objs.find((o) => o.kind === "Cluster") as any;
    expect(cluster.spec.controlPlaneRef).toEqual({
      apiVersion: "controlplane.cluster.x-k8s.io/v1alpha1",
      kind: "KamajiControlPlane",
      name: "demo",
      namespace: ns,
    });
    expect(cluster.spec.infrastructureRef).toEqual({
      apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1",
      kind: "ByoCluster",
      name: "demo",
      namespace: ns,
    });
    const md = objs.find((o) => o.kind === "MachineDeployment") as any;
    expect(md.spec.template.spec.bootstrap.configRef.kind).toBe("KubeadmConfigTemplate");
    expect(md.spec.template.spec.infrastructureRef.kind).toBe("ByoMachineTemplate");
    expect(md.spec.selector.matchLabels).toEqual(
      md.spec.template.metadata.labels[LABELS.capiDeployment] ? { [LABELS.capiCluster]: "demo", [LABELS.capiDeployment]: "workers" } : {},
    );
    const bmt = objs.find((o) => o.kind === "ByoMachineTemplate") as any;
    expect(bmt.spec.template.spec.installerRef).toMatchObject({ kind: "K8sInstallerConfigTemplate", name: "workers" });
    // only hosts the saga assigned to this very cluster: BYOH searches every namespace, and the group is shared
    expect(bmt.spec.template.spec.selector.matchLabels).toEqual({ [LABELS.hostGroup]: "pool", [LABELS.clusterId]: base.clusterId });
    const other = renderClusterObjects({ ...base, clusterId: "cl_01jzzzzzzzzzzzzzzzzzzzzzzz" }).find(
      (o) => o.kind === "ByoMachineTemplate",
    ) as any;
    expect(other.spec.template.spec.selector.matchLabels[LABELS.clusterId]).not.toBe(
      bmt.spec.template.spec.selector.matchLabels[LABELS.clusterId],
    );
    expect((objs.find((o) => o.kind === "K8sInstallerConfigTemplate") as any).spec.template.spec).toEqual({
      bundleRepo: "docker.io/coredgeio/byoh-bundle",
      bundleType: "k8s",
    });
    expect((objs.find((o) => o.kind === "ByoCluster") as any).spec.bundleLookupBaseRegistry).toBe("docker.io/coredgeio/byoh-bundle");
  });

  it("renders the endpoint, extra args and health check", () => {
    const s = {
      ...base,
      controlPlane: { endpoint: { host: "192.0.2.7" } },
      extraArgs: { apiServer: { "audit-log-maxage": "30" }, kubelet: { "max-pods": "110" } },
      unhealthyAfter: "8m",
    };
    expect(find("Cluster", s).spec.controlPlaneEndpoint).toEqual({ host: "192.0.2.7", port: 6443 });
    expect(find("ByoCluster", s).spec.controlPlaneEndpoint).toEqual({ host: "192.0.2.7", port: 6443 });
    expect(find("KamajiControlPlane", s).spec.network).toMatchObject({ serviceAddress: "192.0.2.7", certSANs: ["192.0.2.7"] });
    expect(find("KamajiControlPlane", s).spec.apiServer.extraArgs).toEqual(["--audit-log-maxage=30"]);
    expect(find("KubeadmConfigTemplate", s).spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs).toEqual({
      "max-pods": "110",
    });
    // durations as Kubernetes writes them back, so applying again changes nothing
    expect(find("MachineHealthCheck", s).spec.unhealthyConditions).toEqual([
      { type: "Ready", status: "Unknown", timeout: "8m0s" },
      { type: "Ready", status: "False", timeout: "8m0s" },
    ]);
    expect(find("MachineHealthCheck", s).spec.nodeStartupTimeout).toBe("20m0s");
  });

  it("takes a cluster's own MachineHealthCheck timeout; 5m when it set none; refuses one under 30 s or over a day", () => {
    const input = {
      name: "c1",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "g",
      workers: 1,
    };
    expect(createClusterInput.parse(input).machineHealthCheck).toEqual({ unhealthyAfter: "5m" });
    for (const ok of ["30s", "90s", "1m", "9999m", "24h"]) {
      expect(createClusterInput.safeParse({ ...input, machineHealthCheck: { unhealthyAfter: ok } }).success, ok).toBe(true);
    }
    for (const bad of ["29s", "0m", "25h", "5", "1d", "05m"]) {
      expect(createClusterInput.safeParse({ ...input, machineHealthCheck: { unhealthyAfter: bad } }).success, bad).toBe(false);
    }
    const mhc = (c: Partial<Cluster>) =>
      renderFor(sagaCluster(c), { kubernetesVersion: "v1.31.2", workers: 1, bundle: PLACEHOLDER_BUNDLE }).find(
        (o) => o.kind === "MachineHealthCheck",
      ) as any;
    expect(mhc({ machineHealthCheck: { unhealthyAfter: "90s" } }).spec.unhealthyConditions[1]).toEqual({
      type: "Ready",
      status: "False",
      timeout: "1m30s",
    });
    expect(mhc({}).spec.unhealthyConditions[1].timeout).toBe("5m0s");
  });

  it("writes durations in Kubernetes' canonical form", () => {
    expect(["30s", "90s", "5m", "60m", "2h", "0s"].map(canonicalDuration)).toEqual(["30s", "1m30s", "5m0s", "1h0m0s", "2h0m0s", "0s"]);
  });

  it("refuses an invalid spec with field errors", () => {
    const bad = (o: Partial<Record<keyof ClusterSpecInput, unknown>>, path: string) => {
      const e = (() => {
        try {
          renderClusterObjects({ ...base, ...o } as ClusterSpecInput);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).fields?.map((f) => f.path)).toContain(path);
    };
    bad({ kubernetesVersion: "1.30" }, "kubernetesVersion");
    bad({ cni: "weave" }, "cni");
    bad({ network: { podCidrs: ["10.244.0.0/33"] } }, "network.podCidrs.0");
    bad({ workers: { count: 0, hostGroup: "pool" } }, "workers.count");
    bad({ extraArgs: { kubelet: { "--max-pods": "1" } } }, "extraArgs.kubelet.--max-pods");
    bad({ imageRegistry: "https://docker.io" }, "imageRegistry");
    bad({ name: "Demo" }, "name");
  });
});
