import { type Ctx, type Deps, transaction } from "../deps.js";
import { eachPage } from "../store/read.js";
import { IMPORTED_ADDON_INDEX_SHARDS, type ImportedClusterRecord, importedAddonsIndexPk, importedKeys } from "./items.js";
import type { ImportedAddonStatus } from "./model.js";

/**
 * The scheduled check of imported clusters' addons (docs/addons.md): every
 * minute the machine reconciler's schedule sends one check per imported
 * cluster that runs an addon (functions/scheduled/machine-reconcile.ts);
 * the machines worker applies the current generation's Job if it is not in
 * the cluster yet — a change made while the tunnel was down goes out once
 * the agent is back, without anyone reading the cluster — and judges it
 * (core/imported/addons.ts). A phase that changed since the last check is
 * recorded and announced once, as `ckp.importedcluster.addon-phase-changed`.
 */
export async function* importedClustersWithAddons(deps: Deps): AsyncGenerator<{ domain: string; project: string; id: string }> {
  for (let shard = 0; shard < IMPORTED_ADDON_INDEX_SHARDS; shard++) {
    const pages = eachPage<{ domain: string; project: string; id: string }>(deps, {
      partition: importedAddonsIndexPk(shard),
      index: 1,
      attributes: ["domain", "project", "id"],
      pageSize: 200,
    });
    for await (const clusters of pages) yield* clusters;
  }
}

/** Phases that say nothing new about the addon: the cluster could not be read. */
const UNKNOWN = "Unknown";

/**
 * Records the phase the check found and emits the event, when it differs
 * from the last one recorded for the same generation. Guarded by the mark
 * it replaces, so two checks that race announce the change once.
 */
export async function recordAddonPhase(
  deps: Deps,
  ctx: Ctx,
  r: ImportedClusterRecord,
  addon: string,
  status: ImportedAddonStatus,
): Promise<"changed" | "unchanged"> {
  if (status.phase === UNKNOWN) return "unchanged";
  const prev = r.addonPhases?.[addon];
  if (prev && prev.generation === status.generation && prev.phase === status.phase) return "unchanged";
  const condition = status.conditions[0];
  const tx = transaction(deps, ctx);
  const mark = { generation: status.generation, phase: status.phase, reason: condition?.reason ?? status.phase, at: tx.at };
  const t = { domain: r.domain, project: r.project };
  tx.update(importedKeys.cluster(t, r.id), "SET addonPhases = :m", {
    condition: prev
      ? "#type = :imported AND addonPhases.#addon.generation = :pg AND addonPhases.#addon.phase = :pp"
      : "#type = :imported AND attribute_not_exists(addonPhases.#addon)",
    names: { "#type": "type", "#addon": addon },
    values: {
      ":m": { ...(r.addonPhases ?? {}), [addon]: mark },
      ":imported": "imported",
      ...(prev ? { ":pg": prev.generation, ":pp": prev.phase } : {}),
    },
    onConditionFailed: () => new PhaseRecordedMeanwhile(),
  }).emit(
    "ckp.importedcluster.addon-phase-changed",
    `imported-clusters/${r.id}`,
    {
      id: r.id,
      name: r.name,
      addon,
      generation: status.generation,
      phase: status.phase,
      ...(prev ? { previousPhase: prev.phase } : {}),
      reason: mark.reason,
      message: condition?.message ?? "",
    },
    t,
  );
  try {
    await tx.commit();
  } catch (e) {
    if (e instanceof PhaseRecordedMeanwhile) return "unchanged";
    throw e;
  }
  return "changed";
}

/** Another check recorded a phase between this one's read and its write: that one announced it. */
class PhaseRecordedMeanwhile extends Error {
  constructor() {
    super("another check recorded the addon's phase meanwhile");
  }
}
