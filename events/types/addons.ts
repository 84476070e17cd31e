import { z } from "zod";

/**
 * Addons (issue 13): storage profiles, changes to a cluster's addons, and
 * what the addon and machine health checks find after a cluster is Ready.
 * No event carries a storage profile's key.
 */
export const storageProfileChanged = z.object({
  name: z.string(),
  cephClusterId: z.string(),
  monitors: z.array(z.string()),
  pool: z.string(),
  userId: z.string(),
  default: z.boolean(),
  /** whether the request set a new key (the key itself is never in an event) */
  keyChanged: z.boolean(),
});
export const storageProfileDeleted = z.object({ name: z.string() });

/** Starts the `addons` operation of the saga: one addon enabled, disabled or given new values. */
export const clusterAddonsChangeRequested = z.object({
  clusterId: z.string(),
  generation: z.number().int().positive(),
  step: z.string(),
  addon: z.string(),
  enabled: z.boolean(),
  /** the addon's values after the change (its schema keeps secrets out of them) */
  values: z.record(z.string(), z.unknown()),
});

const addonFinding = z.object({ addon: z.string(), state: z.string(), message: z.string() });

/** After Ready, a required addon stopped being healthy (or a different one did). */
export const clusterAddonsDegraded = z.object({ clusterId: z.string(), message: z.string(), unhealthy: z.array(addonFinding) });
/** Every addon is healthy again. */
export const clusterAddonsRecovered = z.object({ clusterId: z.string(), message: z.string() });

/** The MachineHealthCheck's counts or its remediations changed. */
export const clusterMachineHealthChanged = z.object({
  clusterId: z.string(),
  expectedMachines: z.number().int(),
  currentHealthy: z.number().int(),
  remediationsAllowed: z.number().int(),
  remediating: z.array(z.string()),
  replaced: z.array(z.string()),
});
