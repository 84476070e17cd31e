import type { X509Certificate } from "node:crypto";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { IMPORTED_KIND, importedKeys } from "../imported/items.js";
import { mcKeys } from "../management/items.js";
import { ensureCa } from "../pki/ca.js";
import { sha256Hex } from "../pki/forge.js";
import type { CertificateRecord } from "../pki/model.js";
import type { ClientCertificate } from "../pki/verify.js";
import { checkIssuedCertificate } from "../pki/verify.js";
import { type DomainError, unauthenticated } from "../shared/errors.js";
import { withoutKeys } from "../store/items.js";
import { keys } from "../store/keys.js";
import { parseAgentUri, type TunnelRecord, type TunnelSubject, tenantOf, tunnelKeys } from "./model.js";

/** The cluster a verified cluster-agent certificate speaks for. */
export interface ClusterAgentIdentity {
  subject: TunnelSubject;
  serial: string;
}

const refused = (why: string) => unauthenticated(`cluster agent certificate refused: ${why}`, "cluster-agent.certificate-refused");

/** The pure checks: signed by this installation's CA, valid now, names a cluster agent's cluster. */
export function inspectAgentCertificate(caCert: X509Certificate, pem: string, now: Date): ClusterAgentIdentity & { fingerprint: string } {
  const { named, cert, serial } = checkIssuedCertificate(caCert, pem, now, {
    parse: parseAgentUri,
    names: "a cluster agent's cluster",
    refused,
  });
  return { subject: named, serial, fingerprint: sha256Hex(cert.raw) };
}

/** The key of the record a subject is (a management cluster, or an imported cluster in its project). */
export function subjectRecordKey(s: TunnelSubject): { pk: string; sk: string } {
  return s.kind === "management" ? mcKeys.cluster(s.id) : importedKeys.cluster(s, s.id);
}

/**
 * Endpoints cluster agents call over mTLS accept a certificate only if it
 * chains to the CA, is valid, is recorded as issued to a cluster agent of
 * that cluster (with that fingerprint), is not revoked — looked up on every
 * use — and its cluster is still registered.
 */
export async function verifyAgentCertificate(deps: Deps, cc: ClientCertificate): Promise<ClusterAgentIdentity> {
  const ca = await ensureCa(deps);
  const id = inspectAgentCertificate(ca.cert, cc.clientCertPem, deps.clock.now());
  await checkAgentCertificate(deps, id.subject, id.serial, id.fingerprint);
  return { subject: id.subject, serial: id.serial };
}

/**
 * The table's side of the check, also made by the tunnel on a connection
 * (every ping) and by the control plane before each request it sends, so a
 * revoked certificate stops carrying requests at once.
 */
export async function checkAgentCertificate(deps: Deps, s: TunnelSubject, serial: string, fingerprint?: string): Promise<void> {
  const problem = (await readAgentRecords(deps, s, serial, { fingerprint })).problem;
  if (problem) throw problem;
}

/**
 * One consistent BatchGet of what routing a request needs: the certificate
 * record, the cluster's record and (with `withTunnel`) the tunnel's item.
 * Answers the refusal the certificate deserves, if any, rather than throwing.
 */
export async function readAgentRecords(
  deps: Deps,
  s: TunnelSubject,
  serial: string,
  o: { fingerprint?: string | undefined; withTunnel?: boolean } = {},
): Promise<{ problem?: DomainError; tunnel?: TunnelRecord }> {
  const certKey = keys.certificate(tenantOf(s), serial);
  const subjectKey = subjectRecordKey(s);
  const tunnelKey = tunnelKeys.tunnel(s);
  const out = await deps.db.send(
    new BatchGetCommand({
      RequestItems: { [deps.table]: { Keys: [certKey, subjectKey, ...(o.withTunnel ? [tunnelKey] : [])], ConsistentRead: true } },
    }),
  );
  if (Object.keys(out.UnprocessedKeys ?? {}).length) throw new Error("DynamoDB left the certificate check unprocessed; retry");
  const items = out.Responses?.[deps.table] ?? [];
  const find = (k: { pk: string; sk: string }) => items.find((i) => i.sk === k.sk && i.pk === k.pk);
  const cert = find(certKey) as Partial<CertificateRecord> | undefined;
  const record = find(subjectKey);
  const tunnelItem = o.withTunnel ? find(tunnelKey) : undefined;
  const tunnel = tunnelItem ? withoutKeys<TunnelRecord>(tunnelItem) : undefined;
  const answer = (problem?: DomainError) => ({ ...(problem ? { problem } : {}), ...(tunnel ? { tunnel } : {}) });
  if (cert?.purpose !== "cluster-agent" || cert.clusterId !== s.id || (o.fingerprint !== undefined && cert.fingerprint !== o.fingerprint)) {
    return answer(refused("it was not issued to this cluster's agent"));
  }
  if (cert.revoked) return answer(refused("it has been revoked"));
  if (!record || (s.kind === "imported" && record.kind !== IMPORTED_KIND)) return answer(refused("its cluster is no longer registered"));
  return answer();
}
