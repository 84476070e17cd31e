/**
 * How the sandbox marks what it registers as a simulation, in the API and
 * so in the console (console/src/ui/simulation.ts reads the same markers):
 *
 * - management clusters carry the label `ckp.io/simulation: "true"`;
 * - hosts of simulated machines report the fact `simulation: "ckp-sandbox"`;
 * - credentials and provider clusters (which have no labels) start their
 *   description with `Simulation:`.
 */
export const SIMULATION_LABEL = "ckp.io/simulation";
export const SIMULATION_FACT = "simulation";
export const SIMULATION_FACT_VALUE = "ckp-sandbox";
export const SIMULATION_PREFIX = "Simulation:";

export function simulationDescription(what: string): string {
  return `${SIMULATION_PREFIX} ${what}`.slice(0, 1000);
}
