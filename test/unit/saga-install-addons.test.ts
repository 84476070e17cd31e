import { describe, expect, it } from "vitest";
import { addonClusterRef, addonObjectNames, CAAPH_API_VERSION } from "../../core/addons/render.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { ObjectRefLike } from "../../core/clusters/ports.js";
import { ADDON_STEPS } from "../../core/clusters/steps/addons.js";
import { atStep, MemoryCapi, MemoryClusterTable, memorySagaEnv } from "../doubles/memory-saga-env.js";

/** A management cluster that also records each delete asked of it. */
class DeleteRecordingCapi extends MemoryCapi {
  readonly deletes: string[] = [];
  override async delete(mc: string, ref: ObjectRefLike): Promise<boolean> {
    this.deletes.push(`${ref.kind}/${ref.name}`);
    return super.delete(mc, ref);
  }
}

async function installAddons(c: Cluster, capi: MemoryCapi) {
  const { env } = memorySagaEnv(new MemoryClusterTable(c), capi);
  return ADDON_STEPS["install-addons"].run({
    env,
    c,
    t: { domain: c.domain, project: c.project },
    ctx: { actor: { kind: "system", id: "t" }, correlationId: "c" },
    guard: { clusterId: c.id, generation: c.generation, step: "install-addons" },
  });
}

describe("install-addons and the addons a cluster has disabled", () => {
  it("a create looks for none of them: it never applied one", async () => {
    const capi = new DeleteRecordingCapi();
    const outcome = await installAddons(atStep("create", "install-addons"), capi);
    expect(outcome).toMatchObject({ kind: "done", message: "no addon besides the CNI is enabled" });
    expect(capi.deletes).toEqual([]);
  });

  it("a change of addons removes the objects of one turned off, and says so", async () => {
    const c = atStep("addons", "install-addons", {
      generation: 2,
      addons: { storage: { enabled: false, values: {} }, velero: { enabled: false, values: {} } },
    });
    const capi = new DeleteRecordingCapi();
    const proxy = addonObjectNames(addonClusterRef(c), "velero").helmChartProxy;
    await capi.apply("mc_1", [
      { apiVersion: CAAPH_API_VERSION, kind: "HelmChartProxy", metadata: { name: proxy.name, namespace: proxy.namespace } },
    ]);
    const outcome = await installAddons(c, capi);
    expect(outcome).toMatchObject({ kind: "done", message: "no addon besides the CNI is enabled; removed: velero" });
    expect(capi.deletes).toContain(`HelmChartProxy/${proxy.name}`);
    expect(await capi.get("mc_1", proxy)).toBeUndefined();
  });

  it("a second run of the step (a redelivered message) still reports the removal it made the first time", async () => {
    const health = (state: "Healthy" | "Disabled") => ({
      healthy: true,
      reason: "AddonsHealthy",
      message: "",
      since: "2026-01-01T00:00:00Z",
      checkedAt: "2026-01-01T00:00:00Z",
      addons: [{ addon: "velero" as const, state, message: "", since: "2026-01-01T00:00:00Z" }],
    });
    const disabled = { storage: { enabled: false, values: {} }, velero: { enabled: false, values: {} } };
    const capi = new DeleteRecordingCapi();
    // nothing left on the management cluster: the first run deleted it, and the last check saw Velero running
    const again = atStep("addons", "install-addons", { generation: 2, addons: disabled, addonHealth: health("Healthy") });
    expect(await installAddons(again, capi)).toMatchObject({ message: "no addon besides the CNI is enabled; removed: velero" });
    // turned off in an earlier operation: this one removes nothing, and says nothing of it
    const earlier = atStep("addons", "install-addons", { generation: 3, addons: disabled, addonHealth: health("Disabled") });
    expect(await installAddons(earlier, capi)).toMatchObject({ message: "no addon besides the CNI is enabled" });
  });
});
