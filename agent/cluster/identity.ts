import { generateKeyPairSync } from "node:crypto";
import { rootCertificates } from "node:tls";
import { problemDetail, request } from "../http.js";
import { makeCsr } from "../keys.js";
import type { Log } from "../log.js";
import { VERSION } from "../version.js";
import type { ClusterAgentConfig } from "./config.js";
import type { InClusterKube } from "./kube.js";

/** What the agent holds once registered, kept in its identity Secret. */
export interface AgentIdentity {
  key: string;
  certificate: string;
  /** the installation's CA: it issued the certificate and the control plane's mTLS endpoint */
  caCertificate: string;
  /** base URL of the control plane's mTLS endpoint */
  agentApiUrl: string;
  clusterId: string;
}

/** The agent cannot go on: its token was refused (used, expired, revoked) and it holds no certificate. */
export class RegistrationRefused extends Error {}

type SecretData = Record<string, string>;

/**
 * The agent's identity: read from its Secret, or, the first time, made — a
 * key (written to the Secret before anything else, so a retry after a crash
 * reuses it), a CSR, and the registration token traded for a certificate
 * at the control plane.
 */
export async function ensureIdentity(cfg: ClusterAgentConfig, kube: InClusterKube, log: Log): Promise<AgentIdentity> {
  const path = `/api/v1/namespaces/${encodeURIComponent(cfg.namespace)}/secrets/${encodeURIComponent(cfg.identitySecret)}`;
  const read = await kube.json<{ data?: SecretData }>("GET", path);
  if (read.status !== 200) throw new Error(`cannot read the identity Secret ${cfg.namespace}/${cfg.identitySecret} (${read.status})`);
  const data = Object.fromEntries(Object.entries(read.body.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
  if (data["tls.key"] && data["tls.crt"] && data["ca.crt"] && data["agent-api-url"] && data["cluster-id"]) {
    if (data["cluster-id"] !== cfg.clusterId) {
      log.warn(`the identity Secret names cluster ${data["cluster-id"]}, the manifest ${cfg.clusterId}; using the Secret's`);
    }
    return {
      key: data["tls.key"],
      certificate: data["tls.crt"],
      caCertificate: data["ca.crt"],
      agentApiUrl: data["agent-api-url"],
      clusterId: data["cluster-id"],
    };
  }
  if (!cfg.registrationToken) throw new RegistrationRefused("no certificate in the identity Secret and no registration token to get one");
  const patch = async (values: SecretData) => {
    const res = await kube.json("PATCH", path, { stringData: values }, "application/merge-patch+json");
    if (res.status !== 200) throw new Error(`cannot write the identity Secret (${res.status})`);
  };
  let key = data["tls.key"];
  if (!key) {
    key = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    }).privateKey;
    await patch({ "tls.key": key });
  }
  log.info(`registering with ${cfg.apiUrl} for cluster ${cfg.clusterId}`);
  const res = await request(`${cfg.apiUrl}/v1/cluster-agent/register`, {
    body: { token: cfg.registrationToken, csr: makeCsr(key, `ckp-cluster-agent-${cfg.clusterId}`), version: VERSION },
    ca: [...cfg.ca, ...rootCertificates],
  });
  if (res.status === 401 || res.status === 400)
    throw new RegistrationRefused(`registration refused (${res.status}): ${problemDetail(res)}`);
  if (res.status !== 201) throw new Error(`registration failed (${res.status}): ${problemDetail(res)}`);
  const answer = res.json<{ clusterId: string; certificate: string; caCertificate: string; agentApiUrl: string; serial: string }>();
  if (answer.clusterId !== cfg.clusterId)
    throw new RegistrationRefused(`the token is for cluster ${answer.clusterId}, not ${cfg.clusterId}`);
  await patch({
    "tls.crt": answer.certificate,
    "ca.crt": answer.caCertificate,
    "agent-api-url": answer.agentApiUrl,
    "cluster-id": answer.clusterId,
    serial: answer.serial,
  });
  log.info(`registered: certificate ${answer.serial} for cluster ${answer.clusterId}`);
  return {
    key,
    certificate: answer.certificate,
    caCertificate: answer.caCertificate,
    agentApiUrl: answer.agentApiUrl,
    clusterId: answer.clusterId,
  };
}
