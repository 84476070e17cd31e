import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The cluster agent's configuration: environment variables, as the
 * Deployment of its manifest sets them (core/tunnel/manifest.ts), and the
 * service account files Kubernetes mounts into the pod.
 */
export interface ClusterAgentConfig {
  /** the control plane's API, where the agent registers */
  apiUrl: string;
  /** the cluster the manifest was made for (the registration must name the same) */
  clusterId: string;
  /** PEM CA certificates trusted for the control plane's TLS, besides the public roots */
  ca: string[];
  registrationToken: string | undefined;
  /** where the agent keeps its key and certificate: a Secret in its namespace */
  namespace: string;
  identitySecret: string;
  /** this cluster's API server, as the pod sees it */
  kubeServer: string;
  serviceAccountDir: string;
  pingSeconds: number;
}

export const DEFAULT_SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ClusterAgentConfig {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`${name} is not set (the agent's manifest sets it)`);
    return v;
  };
  const saDir = env.CKP_SERVICEACCOUNT_DIR || DEFAULT_SA_DIR;
  const host = need("KUBERNETES_SERVICE_HOST");
  const port = env.KUBERNETES_SERVICE_PORT || "443";
  const namespace = env.CKP_NAMESPACE || readOptional(join(saDir, "namespace")) || "ckp-system";
  return {
    apiUrl: need("CKP_API_URL").replace(/\/$/, ""),
    clusterId: need("CKP_CLUSTER_ID"),
    ca: env.CKP_CA_CERT ? [env.CKP_CA_CERT] : [],
    registrationToken: env.CKP_REGISTRATION_TOKEN || undefined,
    namespace,
    identitySecret: env.CKP_IDENTITY_SECRET || "ckp-cluster-agent-identity",
    kubeServer: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    serviceAccountDir: saDir,
    pingSeconds: Number(env.CKP_TUNNEL_PING_SECONDS || 30),
  };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}
