import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { addonValues, addonVersion } from "../../core/addons/catalog.js";
import { jobOutcome, renderAddonJob, renderInstallerAccess, renderValuesFile, valuesHash } from "../../core/imported/addon-jobs.js";
import { reconcileImportedAddon, requireImportedAddon } from "../../core/imported/addons.js";
import type { ImportedClusterRecord } from "../../core/imported/items.js";
import { TunnelDisconnected } from "../../core/kube/errors.js";

const version = addonVersion("velero", "v1.30.14");
const input = {
  clusterId: "ic_1",
  addon: "velero" as const,
  generation: 3,
  ...(version ? { version } : {}),
  values: addonValues("velero", { snapshotsEnabled: true }),
  imageRegistry: "registry.example.com/ckp",
};

describe("an imported cluster's addon installer Jobs", () => {
  it("installs with the values rendered as the CAPI path renders them, in a Secret the Job mounts, as the installer's account", () => {
    const objects = renderAddonJob({ ...input, action: "install" }) as any[];
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`)).toEqual([
      "Namespace//velero",
      "Secret/ckp-system/velero-values",
      "Job/ckp-system/velero-install-g3",
    ]);
    const [, secret, job] = objects;
    const values = yaml.load(Buffer.from(secret.data["values.yaml"], "base64").toString("utf8")) as any;
    expect(values).toMatchObject({
      image: { repository: "registry.example.com/ckp/velero/velero", tag: "v1.18.1" },
      snapshotsEnabled: true,
      deployNodeAgent: false,
      configuration: { backupStorageLocation: [] },
    });
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe("ckp-addon-installer");
    expect(pod.restartPolicy).toBe("Never");
    expect(pod.containers[0].args).toEqual([
      "upgrade",
      "--install",
      "velero",
      "oci://registry.example.com/ckp/charts/velero",
      "--version",
      "12.0.0",
      "--namespace",
      "velero",
      "--values",
      "/values/values.yaml",
      "--history-max",
      "10",
    ]);
    expect(pod.volumes).toContainEqual({ name: "values", secret: { secretName: "velero-values" } });
    expect(job.metadata.labels).toMatchObject({
      "ckp.io/addon": "velero",
      "ckp.io/addon-generation": "3",
      "ckp.io/imported-cluster-id": "ic_1",
    });
    const hash = valuesHash(renderValuesFile(input), "12.0.0");
    expect(job.metadata.annotations["ckp.io/values-hash"]).toBe(hash);
    expect(valuesHash(renderValuesFile({ ...input, values: addonValues("velero", {}) }), "12.0.0")).not.toBe(hash);
  });

  it("uninstalls with a Job alone, and binds only the installer's ServiceAccount to cluster-admin", () => {
    const objects = renderAddonJob({ ...input, action: "uninstall" }) as any[];
    expect(objects).toHaveLength(1);
    expect(objects[0].metadata.name).toBe("velero-uninstall-g3");
    expect(objects[0].spec.template.spec.containers[0].args).toEqual([
      "uninstall",
      "velero",
      "--namespace",
      "velero",
      "--ignore-not-found",
    ]);
    const access = renderInstallerAccess() as any[];
    expect(access.find((o) => o.kind === "ClusterRoleBinding")).toMatchObject({
      roleRef: { name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: "ckp-addon-installer", namespace: "ckp-system" }],
    });
  });

  it("reads a Job's outcome from its conditions", () => {
    const job = (conditions: unknown[]) => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, status: { conditions } });
    expect(jobOutcome(job([]))).toEqual({ state: "running" });
    expect(jobOutcome(job([{ type: "Complete", status: "True" }]))).toEqual({ state: "succeeded" });
    expect(jobOutcome(job([{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "m" }]))).toEqual({
      state: "failed",
      reason: "BackoffLimitExceeded",
      message: "m",
    });
  });

  it("takes Velero only, and says TunnelDisconnected (Unknown, not Failed) when the cluster cannot be reached", async () => {
    expect(requireImportedAddon("velero")).toBe("velero");
    expect(() => requireImportedAddon("karpenter")).toThrow(expect.objectContaining({ code: "imported-cluster.addon-not-supported" }));
    const r = {
      id: "ic_1",
      access: "agent",
      addons: { velero: { enabled: true, values: input.values, generation: 1, changedAt: "t" } },
    } as unknown as ImportedClusterRecord;
    const status = await reconcileImportedAddon(r, new TunnelDisconnected("imported cluster x", undefined), "v1.30.14", "now");
    expect(status).toMatchObject({ phase: "Unknown", version: "v1.18.1" });
    expect(status?.conditions[0]).toMatchObject({ type: "VeleroHealthy", status: "Unknown", reason: "TunnelDisconnected" });
    expect(await reconcileImportedAddon({ ...r, addons: {} }, new Error("x"), undefined, "now")).toBeUndefined();
  });
});
