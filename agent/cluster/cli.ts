import { consoleLog } from "../log.js";
import { VERSION } from "../version.js";
import { loadConfig } from "./config.js";
import { ensureIdentity, RegistrationRefused } from "./identity.js";
import { InClusterKube } from "./kube.js";
import { runTunnel } from "./tunnel.js";

/**
 * ckp-cluster-agent: runs inside a cluster the control plane cannot reach
 * (a remote management cluster, or a registered existing cluster), as the
 * Deployment of the manifest the control plane serves. It registers once
 * with its token, then holds the tunnel (docs/tunnel.md).
 */
const USAGE = `ckp-cluster-agent ${VERSION}

Runs in its cluster as the Deployment of the manifest the control plane
serves (POST /v1/management-clusters with connectivity remote, or
POST …/imported-clusters without a kubeconfig). Configured by environment:
  CKP_API_URL, CKP_CLUSTER_ID, CKP_CA_CERT, CKP_REGISTRATION_TOKEN,
  CKP_NAMESPACE, CKP_IDENTITY_SECRET, KUBERNETES_SERVICE_HOST/PORT,
  CKP_SERVICEACCOUNT_DIR (default /var/run/secrets/kubernetes.io/serviceaccount),
  CKP_TUNNEL_PING_SECONDS (default 30).
`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--version")) {
    console.log(VERSION);
    return 0;
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const log = consoleLog();
  const cfg = loadConfig();
  const kube = new InClusterKube(cfg);
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => stop.abort());
  let backoff = 1000;
  for (;;) {
    try {
      const id = await ensureIdentity(cfg, kube, log);
      await runTunnel(cfg, id, kube, log, { signal: stop.signal });
      kube.close();
      return 0;
    } catch (e) {
      // a refused token does not get better by itself: say so and let the Deployment's restart backoff pace retries
      if (e instanceof RegistrationRefused) {
        log.warn(`${e.message}; issue a new token (POST …/agent-tokens) and apply the manifest again`);
        return 1;
      }
      log.warn(`cannot start: ${(e as Error).message}; retrying`);
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 30_000);
      if (stop.signal.aborted) return 0;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`ckp-cluster-agent: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
