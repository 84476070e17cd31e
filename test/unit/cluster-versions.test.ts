import { describe, expect, it } from "vitest";
import { DomainError } from "../../core/shared/errors.js";
import { KUBERNETES_RELEASES, SUPPORTED_VERSIONS, checkUpgrade, cniVersion, requireRelease, upgradeTargets } from "../../core/clusters/versions.js";

function problem(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("compatibility matrix (seed §2–4)", () => {
  it("lists v1.29.0 … v1.35.1 with the seed's component versions", () => {
    expect(SUPPORTED_VERSIONS).toEqual(["v1.29.0", "v1.30.6", "v1.31.2", "v1.32.11", "v1.33.7", "v1.34.3", "v1.35.1"]);
    expect(requireRelease("v1.29.0")).toMatchObject({ etcd: "v3.5.12-0", coredns: "v1.11.1", pause: "v3.9", containerd: "1.7.0+", cni: { calico: "v3.28.2" } });
    expect(requireRelease("v1.31.2")).toMatchObject({ etcd: "v3.5.15-0", coredns: "v1.11.3", pause: "v3.10", cni: { calico: "v3.30.5" } });
    expect(KUBERNETES_RELEASES.every((r) => r.cncfCertified)).toBe(true);
    expect(KUBERNETES_RELEASES.filter((r) => r.status === "latest").map((r) => r.version)).toEqual(["v1.35.1"]);
  });

  it("derives the CNI version from the Kubernetes version", () => {
    expect(cniVersion("v1.30.6", "calico")).toBe("v3.28.2");
    expect(cniVersion("v1.32.11", "calico")).toBe("v3.30.5");
    expect(cniVersion("v1.35.1", "cilium")).toMatch(/^v1\.\d+\.\d+$/);
  });

  it("refuses a version outside the matrix with 422 listing the supported ones", () => {
    const e = problem(() => requireRelease("v1.28.9"));
    expect(e.status).toBe(422);
    expect(e.extra?.supportedVersions).toEqual(SUPPORTED_VERSIONS);
    expect(e.message).toContain("v1.35.1");
    expect(problem(() => requireRelease("1.31.2")).status).toBe(422);
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
    expect(skip.status).toBe(422);
    expect(skip.extra?.allowedTargets).toEqual(["v1.30.6"]);
    expect(skip.message).toContain("one minor version at a time");
    const down = problem(() => checkUpgrade("v1.32.11", "v1.31.2"));
    expect(down.extra?.allowedTargets).toEqual(["v1.33.7"]);
    expect(down.message).toContain("never downgraded");
    expect(problem(() => checkUpgrade("v1.32.11", "v1.32.11")).status).toBe(422);
    const unknown = problem(() => checkUpgrade("v1.32.11", "v1.33.0"));
    expect(unknown.extra?.allowedTargets).toEqual(["v1.33.7"]);
    expect(problem(() => checkUpgrade("v1.35.1", "v1.36.0")).extra?.allowedTargets).toEqual([]);
  });
});
