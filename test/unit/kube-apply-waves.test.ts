import { describe, expect, it } from "vitest";
import { applyWaves } from "../../core/kube/apply-waves.js";

describe("applyWaves", () => {
  it("puts Namespaces and CRDs first, then ServiceAccounts, then the Secrets and ConfigMaps pods mount, then the rest, each in the given order", () => {
    const kinds = [
      "Cluster",
      "Secret",
      "Namespace",
      "MachineDeployment",
      "ConfigMap",
      "CustomResourceDefinition",
      "ServiceAccount",
      "KamajiControlPlane",
    ];
    expect(applyWaves(kinds.map((kind) => ({ kind })))).toEqual([[2, 5], [6], [1, 4], [0, 3, 7]]);
  });

  it("leaves out empty waves", () => {
    expect(applyWaves([{ kind: "Cluster" }, { kind: "MachineHealthCheck" }])).toEqual([[0, 1]]);
    expect(applyWaves([])).toEqual([]);
  });
});
