// npx tsx scripts/capi/cli.ts up [--crds DIR] [--port N] [--dir DIR]
// Runs a local management cluster until Ctrl-C / SIGTERM: kube-apiserver +
// etcd + kube-controller-manager with the shared CRDs, the providers
// installed as clusterctl would, and Cluster API's own core, kubeadm
// bootstrap and BYOH managers with their webhooks (scripts/capi/run.ts).
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startManagementCluster } from "./run.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { crds: { type: "string" }, port: { type: "string" }, dir: { type: "string" } },
});

if (positionals[0] !== "up") {
  console.error("usage: npx tsx scripts/capi/cli.ts up [--crds DIR] [--port N] [--dir DIR]");
  process.exit(2);
}

const crdDir = values.crds ?? process.env.CKP_CRD_DIR ?? path.resolve(repoRoot, "../shared/crds");
const started = Date.now();
const mc = await startManagementCluster({
  crdDir,
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values.dir ? { workDir: path.resolve(values.dir) } : {}),
});
console.log(`management cluster ready in ${Date.now() - started} ms (CRDs from ${crdDir})`);
console.log(`server:     ${mc.api.server}`);
console.log(`kubeconfig: ${mc.api.kubeconfigPath}`);
for (const [name, log] of Object.entries(mc.capi.logs)) console.log(`${name.padEnd(26)} log: ${log}`);
console.log("Ctrl-C to stop");

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${sig}: stopping`);
    mc.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
