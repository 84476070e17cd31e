import { describe, expect, it } from "vitest";
import {
  checkUpgrade,
  cniVersion,
  KUBERNETES_RELEASES,
  type KubernetesRelease,
  requireRelease,
  SUPPORTED_VERSIONS,
  upgradeTargets,
} from "../../core/clusters/versions.js";
import { DomainError } from "../../core/shared/errors.js";

function problem(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

/**
 * The product guide's tables (docs/product.md), verbatim (tab-separated, as the product guide prints
 * them): §4 Compatibility Matrix, §3.2 Image Version Mapping and §2.2
 * Supported Kubernetes Versions. Every cell is checked against the data in
 * core/clusters/versions.ts, so a wrong value anywhere fails.
 */
const SEED_4 = `K8s Ver\tetcd\tCoreDNS\tContainerd\tCRI\tPause\tCalico\tCNCF
v1.29.0\tv3.5.12-0\tv1.11.1\t1.7.0+\tv1\tv3.9\tv3.28.2\tYes
v1.30.6\tv3.5.15-0\tv1.11.3\t1.7.0+\tv1\tv3.9\tv3.28.2\tYes
v1.31.2\tv3.5.15-0\tv1.11.3\t1.7.0+\tv1\tv3.10\tv3.30.5\tYes
v1.32.11\tv3.5.15-0\tv1.11.3\t1.7.0+\tv1\tv3.10\tv3.30.5\tYes
v1.33.7\tv3.5.15-0\tv1.11.3\t1.7.0+\tv1\tv3.10\tv3.30.5\tYes
v1.34.3\tv3.5.15-0\tv1.11.3\t1.7.0+\tv1\tv3.10\tv3.30.5\tYes
v1.35.1\tv3.5.15-0\tv1.11.3\t1.7.0+\tv1\tv3.10\tv3.30.5\tYes`;

/** §3.2 prints etcd and pause without the leading "v" that §4 uses; the two tables agree otherwise. */
const SEED_3_2 = `K8s Version\tetcd\tCoreDNS\tPause
v1.29.0\t3.5.12-0\tv1.11.1\t3.9
v1.30.6\t3.5.15-0\tv1.11.3\t3.9
v1.31.2\t3.5.15-0\tv1.11.3\t3.10
v1.32.11\t3.5.15-0\tv1.11.3\t3.10
v1.33.7\t3.5.15-0\tv1.11.3\t3.10
v1.34.3\t3.5.15-0\tv1.11.3\t3.10
v1.35.1\t3.5.15-0\tv1.11.3\t3.10`;

const SEED_2_2 = `Version\tCNI (Calico)\tCNCF Certified\tStatus
v1.29.0\tv3.28.2\tYes\tSupported
v1.30.6\tv3.28.2\tYes\tSupported
v1.31.2\tv3.30.5\tYes\tSupported
v1.32.11\tv3.30.5\tYes\tSupported
v1.33.7\tv3.30.5\tYes\tSupported
v1.34.3\tv3.30.5\tYes\tSupported
v1.35.1\tv3.30.5\tYes\tSupported (Latest)`;

function table(text: string): Array<Record<string, string>> {
  const [head, ...rows] = text.split("\n").map((l) => l.split("\t"));
  return rows.map((cells) => {
    expect(cells).toHaveLength((head as string[]).length);
    // `version` (the first column) names the row in test titles
    return { ...Object.fromEntries((head as string[]).map((h, i) => [h, cells[i] as string])), version: cells[0] as string };
  });
}

/** How each product-guide column reads from a release. */
const COLUMNS_4: Record<string, (r: KubernetesRelease) => string> = {
  etcd: (r) => r.etcd,
  CoreDNS: (r) => r.coredns,
  Containerd: (r) => r.containerd,
  CRI: (r) => r.cri,
  Pause: (r) => r.pause,
  Calico: (r) => r.cni.calico,
  CNCF: (r) => (r.cncfCertified ? "Yes" : "No"),
};

describe("compatibility matrix (product §2–4)", () => {
  it("has exactly the product guide's versions, in its order", () => {
    expect(SUPPORTED_VERSIONS).toEqual(table(SEED_4).map((row) => row["K8s Ver"]));
    expect(table(SEED_3_2).map((row) => row["K8s Version"])).toEqual(SUPPORTED_VERSIONS);
    expect(table(SEED_2_2).map((row) => row.Version)).toEqual(SUPPORTED_VERSIONS);
  });

  describe.each(table(SEED_4))("§4 row $version", (row) => {
    it.each(Object.keys(COLUMNS_4))("column %s", (column) => {
      expect(
        Object.keys(row)
          .filter((k) => k !== "K8s Ver" && k !== "version")
          .sort(),
      ).toEqual(Object.keys(COLUMNS_4).sort());
      expect((COLUMNS_4[column] as (r: KubernetesRelease) => string)(requireRelease(row["K8s Ver"] as string))).toBe(row[column]);
    });
  });

  it.each(table(SEED_3_2))("§3.2 image versions of $version", (row) => {
    const r = requireRelease(row["K8s Version"] as string);
    expect({ etcd: r.etcd, coredns: r.coredns, pause: r.pause }).toEqual({
      etcd: `v${row.etcd}`,
      coredns: row.CoreDNS,
      pause: `v${row.Pause}`,
    });
  });

  it.each(table(SEED_2_2))("§2.2 Calico, certification and status of $version", (row) => {
    const r = requireRelease(row.Version as string);
    expect(r.cni.calico).toBe(row["CNI (Calico)"]);
    expect(cniVersion(r.version, "calico")).toBe(row["CNI (Calico)"]);
    expect(r.cncfCertified).toBe(row["CNCF Certified"] === "Yes");
    expect(r.status).toBe(row.Status === "Supported (Latest)" ? "latest" : "supported");
  });

  it("names versions for the CNIs the product guide lists without them (Cilium, Flannel)", () => {
    for (const r of KUBERNETES_RELEASES) {
      expect(r.cni.cilium, r.version).toMatch(/^v1\.\d+\.\d+$/);
      expect(r.cni.flannel, r.version).toMatch(/^v0\.\d+\.\d+$/);
    }
  });

  it("derives the CNI version from the Kubernetes version", () => {
    expect(cniVersion("v1.30.6", "calico")).toBe("v3.28.2");
    expect(cniVersion("v1.32.11", "calico")).toBe("v3.30.5");
    expect(cniVersion("v1.35.1", "cilium")).toMatch(/^v1\.\d+\.\d+$/);
  });

  it("refuses a version outside the matrix with 422 listing the supported ones", () => {
    const e = problem(() => requireRelease("v1.28.9"));
    expect(e.kind).toBe("unprocessable");
    expect(e.extra?.supportedVersions).toEqual(SUPPORTED_VERSIONS);
    expect(e.message).toContain("v1.35.1");
    expect(problem(() => requireRelease("1.31.2")).kind).toBe("unprocessable");
  });
});

describe("upgrade rules", () => {
  it("allows exactly the next minor", () => {
    expect(upgradeTargets("v1.29.0")).toEqual(["v1.30.6"]);
    expect(upgradeTargets("v1.34.3")).toEqual(["v1.35.1"]);
    expect(upgradeTargets("v1.35.1")).toEqual([]);
    expect(checkUpgrade("v1.31.2", "v1.32.11").version).toBe("v1.32.11");
  });

  it("never skips a minor and never goes down, answering the allowed targets", () => {
    const skip = problem(() => checkUpgrade("v1.29.0", "v1.31.2"));
    expect(skip.kind).toBe("unprocessable");
    expect(skip.extra?.allowedTargets).toEqual(["v1.30.6"]);
    expect(skip.message).toContain("one minor version at a time");
    const down = problem(() => checkUpgrade("v1.32.11", "v1.31.2"));
    expect(down.extra?.allowedTargets).toEqual(["v1.33.7"]);
    expect(down.message).toContain("never downgraded");
    expect(problem(() => checkUpgrade("v1.32.11", "v1.32.11")).kind).toBe("unprocessable");
    const unknown = problem(() => checkUpgrade("v1.32.11", "v1.33.0"));
    expect(unknown.extra?.allowedTargets).toEqual(["v1.33.7"]);
    expect(problem(() => checkUpgrade("v1.35.1", "v1.36.0")).extra?.allowedTargets).toEqual([]);
  });
});
