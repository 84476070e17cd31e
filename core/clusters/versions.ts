import { unprocessable } from "../shared/errors.js";

/**
 * The CKP compatibility matrix (product §2.2, §3.2, §4): each supported
 * Kubernetes version with the component versions CKP ships for it.
 *
 * etcd, CoreDNS, pause, containerd, CRI and Calico are the seed's columns.
 * The seed names Cilium (the default CNI of CAPI-managed clusters, §5.3,
 * §9.3) and Flannel without versions; the versions below are the upstream
 * releases whose support range covers each Kubernetes minor.
 */
export type CniName = "cilium" | "calico" | "flannel";

export interface KubernetesRelease {
  version: string;
  etcd: string;
  coredns: string;
  pause: string;
  containerd: string;
  cri: string;
  cni: Record<CniName, string>;
  cncfCertified: boolean;
  status: "supported" | "latest";
}

const release = (
  version: string,
  etcd: string,
  coredns: string,
  pause: string,
  calico: string,
  cilium: string,
  flannel: string,
): KubernetesRelease => ({
  version,
  etcd,
  coredns,
  pause,
  containerd: "1.7.0+",
  cri: "v1",
  cni: { calico, cilium, flannel },
  cncfCertified: true,
  status: "supported",
});

export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
  release("v1.29.0", "v3.5.12-0", "v1.11.1", "v3.9", "v3.28.2", "v1.16.5", "v0.26.1"),
  release("v1.30.6", "v3.5.15-0", "v1.11.3", "v3.9", "v3.28.2", "v1.16.5", "v0.26.1"),
  release("v1.31.2", "v3.5.15-0", "v1.11.3", "v3.10", "v3.30.5", "v1.17.6", "v0.26.7"),
  release("v1.32.11", "v3.5.15-0", "v1.11.3", "v3.10", "v3.30.5", "v1.17.6", "v0.26.7"),
  release("v1.33.7", "v3.5.15-0", "v1.11.3", "v3.10", "v3.30.5", "v1.18.2", "v0.27.2"),
  release("v1.34.3", "v3.5.15-0", "v1.11.3", "v3.10", "v3.30.5", "v1.18.2", "v0.27.2"),
  { ...release("v1.35.1", "v3.5.15-0", "v1.11.3", "v3.10", "v3.30.5", "v1.18.2", "v0.27.2"), status: "latest" },
];

export const SUPPORTED_VERSIONS = KUBERNETES_RELEASES.map((r) => r.version);
export const CNI_NAMES: readonly CniName[] = ["cilium", "calico", "flannel"];
/** Seed §9.3: Cilium is the default CNI of CAPI-managed clusters. */
export const DEFAULT_CNI: CniName = "cilium";

export interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(v: string): ParsedVersion | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a version: ${!x ? a : b}`);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

export function findRelease(version: string): KubernetesRelease | undefined {
  return KUBERNETES_RELEASES.find((r) => r.version === version);
}

/** The release for `version`, or 422 listing the supported ones. */
export function requireRelease(version: string): KubernetesRelease {
  const r = findRelease(version);
  if (!r) {
    throw unprocessable(
      `Kubernetes ${version} is not supported; supported versions: ${SUPPORTED_VERSIONS.join(", ")}`,
      {
        supportedVersions: SUPPORTED_VERSIONS,
      },
      "cluster.version-unsupported",
    );
  }
  return r;
}

/** The CNI version the matrix pairs with a Kubernetes version. */
export function cniVersion(version: string, cni: CniName): string {
  return requireRelease(version).cni[cni];
}

/**
 * Upgrade targets from `current`: only the next minor, never down, never
 * a skipped minor (kubeadm's skew policy). Patch releases within the same
 * minor are also allowed when the matrix has a later one.
 */
export function upgradeTargets(current: string): string[] {
  const c = parseVersion(current);
  if (!c) return [];
  return SUPPORTED_VERSIONS.filter((v) => {
    const t = parseVersion(v) as ParsedVersion;
    if (t.major !== c.major) return false;
    if (t.minor === c.minor) return t.patch > c.patch;
    return t.minor === c.minor + 1;
  });
}

/** Checks an upgrade request: 422 with the allowed targets unless `target` is one. */
export function checkUpgrade(current: string, target: string): KubernetesRelease {
  const allowed = upgradeTargets(current);
  if (!findRelease(target)) {
    throw unprocessable(
      `Kubernetes ${target} is not supported; from ${current} the cluster can be upgraded to: ${allowed.join(", ") || "(none)"}`,
      {
        allowedTargets: allowed,
        supportedVersions: SUPPORTED_VERSIONS,
      },
      "cluster.version-unsupported",
    );
  }
  if (!allowed.includes(target)) {
    const why =
      compareVersions(target, current) <= 0 ? "a cluster is never downgraded" : "a cluster is upgraded one minor version at a time";
    throw unprocessable(
      `cannot upgrade from ${current} to ${target}: ${why}; allowed targets: ${allowed.join(", ") || "(none: this is the latest supported version)"}`,
      { allowedTargets: allowed },
      "cluster.upgrade-not-allowed",
    );
  }
  return findRelease(target) as KubernetesRelease;
}
