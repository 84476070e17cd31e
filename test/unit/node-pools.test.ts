import { describe, expect, it } from "vitest";
import { restrictedLabel } from "../../core/autoscaling/node-pool-model.js";
import { parseQuantity, quantityReached, requirementsOf } from "../../core/autoscaling/node-pool-render.js";
import { nodeClaimPhase } from "../../core/autoscaling/node-pool-sync.js";
import type { KubeObject } from "../../core/kube/objects.js";

describe("node pool rules", () => {
  it("reads Kubernetes quantities as Karpenter writes them", () => {
    expect(parseQuantity("4")).toBe(4);
    expect(parseQuantity("3500m")).toBe(3.5);
    expect(parseQuantity("0.5")).toBe(0.5);
    expect(parseQuantity("16Gi")).toBe(16 * 2 ** 30);
    expect(parseQuantity("2k")).toBe(2000);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("1E")).toBe(1e18);
    expect(parseQuantity("250u")).toBe(0.00025);
    expect(parseQuantity(6)).toBe(6);
    for (const bad of ["", "lots", "4 cores", "1.2.3", "Gi", undefined, null]) expect(parseQuantity(bad), String(bad)).toBeUndefined();
  });

  it("a limit is reached when what is used is at least the limit, whatever the units", () => {
    expect(quantityReached("8", "8000m")).toBe(true);
    expect(quantityReached("8001m", "8")).toBe(true);
    expect(quantityReached("7999m", "8")).toBe(false);
    expect(quantityReached("64Gi", "68719476736")).toBe(true);
    expect(quantityReached("63Gi", "64Gi")).toBe(false);
    expect(quantityReached(undefined, "8")).toBe(false);
  });

  it("refuses node labels in the system's domains, as Karpenter does, and ckp.io", () => {
    for (const k of [
      "karpenter.sh/capacity-type",
      "kubernetes.io/hostname",
      "node-role.kubernetes.io/worker",
      "x.k8s.io/a",
      "ckp.io/node-pool",
    ])
      expect(restrictedLabel(k), k).toMatch(/restricted/);
    for (const k of ["team", "example.com/tier", "node.kubernetes.io/pool", "node-restriction.kubernetes.io/secure", "notkubernetes.io/a"])
      expect(restrictedLabel(k), k).toBeUndefined();
  });

  it("renders requirements without duplicates, Linux first", () => {
    expect(requirementsOf({ requirements: { architectures: ["arm64", "arm64"], zones: ["a"] } })).toEqual([
      { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["arm64"] },
      { key: "topology.kubernetes.io/zone", operator: "In", values: ["a"] },
    ]);
  });

  it("a NodeClaim's phase is the furthest step Karpenter reports", () => {
    const claim = (conditions: Array<[string, string]>, deleting = false) =>
      ({
        apiVersion: "karpenter.sh/v1",
        kind: "NodeClaim",
        metadata: { name: "c", ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
        status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
      }) as KubeObject;
    expect(nodeClaimPhase(claim([]))).toBe("Pending");
    expect(nodeClaimPhase(claim([["Launched", "True"]]))).toBe("Launched");
    expect(nodeClaimPhase(claim([["Launched", "False"]]))).toBe("LaunchFailed");
    expect(
      nodeClaimPhase(
        claim([
          ["Launched", "True"],
          ["Registered", "True"],
          ["Initialized", "False"],
        ]),
      ),
    ).toBe("Registered");
    expect(
      nodeClaimPhase(
        claim([
          ["Launched", "True"],
          ["Registered", "True"],
          ["Initialized", "True"],
        ]),
      ),
    ).toBe("Initialized");
    expect(nodeClaimPhase(claim([["Initialized", "True"]], true))).toBe("Terminating");
  });
});
