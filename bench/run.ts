import { runClustersBench } from "./clusters.js";
import { runClustersSideBySide } from "./clusters-side-by-side.js";
import { runFoundationBench } from "./foundation.js";
import { runKubeVsApiBench } from "./kube-vs-api.js";
import { runOidcBench } from "./oidc.js";
import { runReplayBench } from "./replay.js";
import { runTunnelBench } from "./tunnel.js";

/** `npm run bench`: every benchmark, each writing its section of bench/RESULTS.md. */
const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  foundation: runFoundationBench,
  replay: runReplayBench,
  "kube-vs-api": runKubeVsApiBench,
  clusters: runClustersBench,
  "clusters-side-by-side": runClustersSideBySide,
  oidc: runOidcBench,
  tunnel: runTunnelBench,
};
/** run only when named: it runs the clusters benchmark twice per round, on two checkouts */
const onlyWhenNamed = new Set(["clusters-side-by-side"]);
for (const [name, run] of Object.entries(benches)) {
  if (only ? only !== name : onlyWhenNamed.has(name)) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
