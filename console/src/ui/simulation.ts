/**
 * The markers the sandbox puts on what it simulates (scripts/sandbox/markers.ts):
 * a management cluster label, a host fact, and a description prefix on
 * credentials and provider clusters (they have no labels).
 */
export const SIMULATION_LABEL = "ckp.io/simulation";

export function isSimulated(r: {
  labels?: Record<string, string> | undefined;
  facts?: Record<string, unknown> | undefined;
  description?: string | undefined;
}): boolean {
  return (
    r.labels?.[SIMULATION_LABEL] === "true" ||
    (r.facts !== undefined && typeof r.facts.simulation === "string") ||
    (r.description?.startsWith("Simulation:") ?? false)
  );
}
