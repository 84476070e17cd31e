// npx tsx scripts/kube/cli.ts up [--crds DIR] [--port N]
// Runs a test kube-apiserver with the shared CRDs until Ctrl-C / SIGTERM.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startKubeApiserver } from "./apiserver.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { crds: { type: "string" }, port: { type: "string" } },
});

if (positionals[0] !== "up") {
  console.error("usage: npx tsx scripts/kube/cli.ts up [--crds DIR] [--port N]");
  process.exit(2);
}

const crdDir = values.crds ?? process.env.CKP_CRD_DIR ?? path.resolve(repoRoot, "../shared/crds");
const started = Date.now();
const api = await startKubeApiserver({ crdDir, ...(values.port && { port: Number(values.port) }) });
console.log(`kube-apiserver ready in ${Date.now() - started} ms (CRDs from ${crdDir})`);
console.log(`server:     ${api.server}`);
console.log(`kubeconfig: ${api.kubeconfigPath}`);
console.log(`  export KUBECONFIG=${api.kubeconfigPath}`);
console.log("Ctrl-C to stop");

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${sig}: stopping`);
    api.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
