import { unprocessable } from "../shared/errors.js";

/**
 * Karpenter adds and removes workers by asking for machines, so it needs a
 * provider that makes machines on demand: a CCS VM provider cluster (product
 * §15). Bare-metal servers are racked, not conjured; a BMS cluster grows by
 * scaling it onto free hosts.
 */
export const AUTOSCALING_PROVIDER = "ccs-vm";

export function requireAutoscalingProvider(providerType: string | undefined, providerCluster: string): void {
  if (providerType === AUTOSCALING_PROVIDER) return;
  throw unprocessable(
    `Karpenter autoscaling is supported only for CCS VM host groups: provider cluster ${providerCluster} is ${providerType ?? "unknown"}`,
    { providerCluster, providerType: providerType ?? null, supported: [AUTOSCALING_PROVIDER] },
    "cluster.autoscaling-not-supported",
  );
}

/** The bounds relate two fields, so the OpenAPI schema cannot state them: a 422 with a stable code, not a 400. */
export function requireAutoscalingBounds(values: { minWorkers?: unknown; maxWorkers?: unknown }): void {
  const { minWorkers, maxWorkers } = values;
  if (typeof minWorkers !== "number" || typeof maxWorkers !== "number" || minWorkers <= maxWorkers) return;
  throw unprocessable(
    `minWorkers (${minWorkers}) must not exceed maxWorkers (${maxWorkers})`,
    { minWorkers, maxWorkers },
    "cluster.autoscaling-bounds-invalid",
  );
}
