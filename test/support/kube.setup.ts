import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startManagementCluster } from "../../scripts/capi/run.js";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { kubeBinDir } from "../../scripts/kube/apiserver.js";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";
import { startDevServer } from "./dev-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    kube: { server: string; caData: string; token: string; kubeconfigPath: string; crdDir: string };
    /** every line the control plane logged during the run */
    serverLogFile: string;
    /** the real CAPI managers' log file per manager (test/support/capi-state.ts reads them when a wait fails) */
    capiLogs: Record<string, string>;
  }
}

export const crdDir = process.env.CKP_CRD_DIR ?? resolve(import.meta.dirname, "../../../shared/crds");

/**
 * The kube tier: a management cluster — a real kube-apiserver (with etcd and
 * kube-controller-manager's garbage collector and namespace controller)
 * holding every CRD of ../shared/crds, the providers installed as clusterctl
 * would, and Cluster API's own core, kubeadm bootstrap and BYOH managers with
 * their webhooks (scripts/capi/run.ts), shared by every test file — plus the
 * control plane on the shared local AWS stack with its logs captured (tests
 * scan them for secrets). This tier never skips: if the management cluster
 * cannot start, the run fails and says why.
 */
export default async function setup(project: TestProject) {
  const stack = await ensureLocalStack();
  process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;

  const started = Date.now();
  let mc: Awaited<ReturnType<typeof startManagementCluster>>;
  try {
    mc = await startManagementCluster({ crdDir });
  } catch (e) {
    await stack.stop();
    throw new Error(
      `kube tier: the management cluster could not start (binaries from ${kubeBinDir()} and ~/.cache/ckp/capi, CRDs from ${crdDir}; ` +
        `build them with: bash scripts/kube/build.sh && bash scripts/capi/build.sh):\n${(e as Error).message}`,
    );
  }
  const kube = mc.api;
  console.log(`kube tier: management cluster ${kube.server} with CRDs and the CAPI managers ready in ${Date.now() - started} ms`);

  const logDir = mkdtempSync(join(tmpdir(), "ckp-kube-tier-"));
  const serverLogFile = join(logDir, "control-plane.log");
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    // DEBUG: the secret scan must see everything the server could log.
    server = await startDevServer({
      logFile: serverLogFile,
      logLevel: "DEBUG",
      env: { CKP_SAGA_MAX_POLL_SECONDS: "2", CKP_MACHINE_RECONCILE_INTERVAL_MS: "2000" },
    });
  } catch (e) {
    await mc.stop();
    await stack.stop();
    throw e;
  }

  project.provide("controlPlane", {
    url: server.url,
    mtlsUrl: server.mtlsUrl,
    grpcUrl: server.grpcUrl,
    adminToken: server.adminToken,
    stage: server.stage,
    env: server.env,
  });
  project.provide("awsEndpoints", stack.endpoints);
  project.provide("kube", { server: kube.server, caData: kube.caData, token: kube.token, kubeconfigPath: kube.kubeconfigPath, crdDir });
  project.provide("serverLogFile", serverLogFile);
  project.provide("capiLogs", mc.capi.logs);
  return async () => {
    await server.stop();
    await deleteResources(server.stage).catch((e: unknown) => console.warn(`could not delete stage ${server.stage}: ${String(e)}`));
    await mc.stop();
    await stack.stop();
    rmSync(logDir, { recursive: true, force: true });
  };
}
