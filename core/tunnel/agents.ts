import { DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { ensureCa } from "../pki/ca.js";
import { revocationWrites } from "../pki/certificates.js";
import type { CertificateRecord } from "../pki/model.js";
import { withoutKeys } from "../store/items.js";
import { keys } from "../store/keys.js";
import type { Transaction } from "../store/transaction.js";
import { connectionsApi } from "./connections-api.js";
import { agentImage, manifestYaml } from "./manifest.js";
import { type TunnelState, type TunnelSubject, tenantOf, tunnelKeys } from "./model.js";
import { readTunnel, tunnelView } from "./state.js";
import { deleteTokens, issueToken, listTokens, type RegistrationToken, type RegistrationTokenView, type TokenInput } from "./tokens.js";

/**
 * A cluster's agent, as its owner sees it: how to install one (a token and
 * the manifest), the state of its tunnel and tokens, and the end of it all
 * when the cluster is detached or deregistered.
 */

/** The release of ckp-cluster-agent this control plane hands out (kept equal to package.json's version by a unit test). */
export const CLUSTER_AGENT_RELEASE = "0.1.0";

export interface AgentInstall extends RegistrationToken {
  /** YAML for `kubectl apply -f`: the agent's namespace, RBAC, token and Deployment */
  manifest: string;
  /** how to apply it */
  command: string;
}

export interface AgentStatus {
  tunnel: TunnelState;
  tokens: RegistrationTokenView[];
}

/** The manifest that installs an agent with `token`. `apiUrl` is where the agent reaches the control plane's API. */
export async function agentInstall(deps: Deps, s: TunnelSubject, token: RegistrationToken, apiUrl: string): Promise<AgentInstall> {
  const ca = await ensureCa(deps);
  const manifest = await manifestYaml({
    subject: s,
    token: token.token,
    apiUrl,
    caCertificate: ca.certPem,
    image: agentImage(CLUSTER_AGENT_RELEASE),
  });
  return {
    ...token,
    manifest,
    command: `kubectl apply -f ckp-cluster-agent-${s.id}.yaml   # the manifest, saved (it holds the token: keep it private)`,
  };
}

/** A new registration token for the cluster's agent (an earlier one may be expired or used), with the manifest. */
export async function newAgentToken(deps: Deps, ctx: Ctx, s: TunnelSubject, o: TokenInput, apiUrl: string): Promise<AgentInstall> {
  const tx = transaction(deps, ctx);
  const token = issueToken(tx, s, o);
  await tx.commit();
  return agentInstall(deps, s, token, apiUrl);
}

export async function agentStatus(deps: Deps, s: TunnelSubject, createdAt: string): Promise<AgentStatus> {
  const [rec, tokens] = await Promise.all([readTunnel(deps, s, false), listTokens(deps, s)]);
  return { tunnel: tunnelView(rec, deps.clock.now(), createdAt), tokens };
}

/** Issues the first token of a new subject inside the transaction that creates it. */
export function firstToken(tx: Transaction, s: TunnelSubject, o: TokenInput): RegistrationToken {
  return issueToken(tx, s, o);
}

/**
 * Ends a cluster's agent access: its certificates revoked (each with its
 * event), its tokens deleted, its connection told and closed, its tunnel
 * item gone. Safe to run again. Answers the serials revoked now.
 */
export async function closeTunnel(deps: Deps, ctx: Ctx, s: TunnelSubject, reason: string): Promise<string[]> {
  // the agent is told first (it then stops asking), before its certificate stops it anyway
  const rec = await readTunnel(deps, s);
  if (rec?.connectionId) {
    const api = connectionsApi(deps);
    if ((await api.post(rec.connectionId, { type: "tunnel.detached", detail: reason })) === "sent") await api.close(rec.connectionId);
    await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: tunnelKeys.connection(rec.connectionId) }));
  }
  const certs = await agentCertificates(deps, s);
  const revoked: string[] = [];
  for (let i = 0; i < certs.length; i += 40) {
    const tx = transaction(deps, ctx);
    for (const c of certs.slice(i, i + 40)) {
      revocationWrites(tx, deps, c, reason);
      revoked.push(c.serial);
    }
    await tx.commit();
  }
  await deleteTokens(deps, s);
  await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: tunnelKeys.tunnel(s) }));
  return revoked;
}

/** The cluster's agent certificates not yet revoked. */
async function agentCertificates(deps: Deps, s: TunnelSubject): Promise<CertificateRecord[]> {
  const { pk } = keys.certificate(tenantOf(s), "x");
  const out: CertificateRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :cert)",
        FilterExpression: "purpose = :purpose AND clusterId = :id AND revoked = :no",
        ExpressionAttributeValues: { ":pk": pk, ":cert": "CERT#", ":purpose": "cluster-agent", ":id": s.id, ":no": false },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of page.Items ?? []) out.push(withoutKeys<CertificateRecord>(i));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
