import { createHash } from "node:crypto";
import * as https from "node:https";
import type { KubeConnection } from "./connection.js";

/**
 * One keep-alive HTTPS agent per API server and TLS identity, shared by every
 * client of the process. client-node makes a new agent for each request (so a
 * new TLS connection and handshake each time, on both ends), and the control
 * plane has a client per impersonated host: under a burst of creates the
 * handshakes were a large part of the work of the process and of the
 * management apiserver. Idle connections close after IDLE_MS, as a Lambda's
 * do when it is frozen long enough.
 */
const IDLE_MS = 30_000;
const agents = new Map<string, https.Agent>();

export function agentFor(conn: KubeConnection): https.Agent {
  const key = createHash("sha256")
    .update(JSON.stringify([conn.server, conn.caData, conn.tlsServerName, conn.clientCertificateData, conn.clientKeyData]))
    .digest("base64url");
  let agent = agents.get(key);
  if (!agent) {
    agent = new https.Agent({
      keepAlive: true,
      timeout: IDLE_MS,
      ...(conn.caData ? { ca: conn.caData } : {}),
      ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
      ...(conn.clientCertificateData ? { cert: conn.clientCertificateData } : {}),
      ...(conn.clientKeyData ? { key: conn.clientKeyData } : {}),
    });
    // credentials replaced over a long life: the old agents' sockets close when idle
    if (agents.size > 100) agents.clear();
    agents.set(key, agent);
  }
  return agent;
}
