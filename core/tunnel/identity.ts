import { X509Certificate } from "node:crypto";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { IMPORTED_KIND, importedKeys } from "../imported/items.js";
import { mcKeys } from "../management/items.js";
import { ensureCa } from "../pki/ca.js";
import { sha256Hex } from "../pki/forge.js";
import type { CertificateRecord } from "../pki/model.js";
import type { ClientCertificate } from "../pki/verify.js";
import { unauthenticated } from "../shared/errors.js";
import { keys } from "../store/keys.js";
import { parseAgentUri, type TunnelSubject, tenantOf } from "./model.js";

/** The cluster a verified cluster-agent certificate speaks for. */
export interface ClusterAgentIdentity {
  subject: TunnelSubject;
  serial: string;
}

const refused = (why: string) => unauthenticated(`cluster agent certificate refused: ${why}`, "cluster-agent.certificate-refused");

/** The pure checks: signed by this installation's CA, valid now, names a cluster agent's cluster. */
export function inspectAgentCertificate(caCert: X509Certificate, pem: string, now: Date): ClusterAgentIdentity & { fingerprint: string } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw refused("it is not a PEM X.509 certificate");
  }
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) throw refused("it does not chain to this installation's CA");
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) throw refused("it is not valid at this time");
  const subject = (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((s) => s.startsWith("URI:"))
    .map((s) => parseAgentUri(s.slice(4)))
    .find((x) => x !== undefined);
  if (!subject) throw refused("it does not name a cluster agent's cluster");
  return { subject, serial: cert.serialNumber.toLowerCase().padStart(32, "0"), fingerprint: sha256Hex(cert.raw) };
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
  const certKey = keys.certificate(tenantOf(s), serial);
  const subjectKey = subjectRecordKey(s);
  const out = await deps.db.send(
    new BatchGetCommand({
      RequestItems: {
        [deps.table]: {
          Keys: [certKey, subjectKey],
          ProjectionExpression: "pk, sk, kind, purpose, clusterId, fingerprint, revoked",
          ConsistentRead: true,
        },
      },
    }),
  );
  if (Object.keys(out.UnprocessedKeys ?? {}).length) throw new Error("DynamoDB left the certificate check unprocessed; retry");
  const items = out.Responses?.[deps.table] ?? [];
  const cert = items.find((i) => i.sk === certKey.sk && i.pk === certKey.pk) as Partial<CertificateRecord> | undefined;
  const record = items.find((i) => i.sk === subjectKey.sk && i.pk === subjectKey.pk);
  if (cert?.purpose !== "cluster-agent" || cert.clusterId !== s.id || (fingerprint !== undefined && cert.fingerprint !== fingerprint)) {
    throw refused("it was not issued to this cluster's agent");
  }
  if (cert.revoked) throw refused("it has been revoked");
  if (!record || (s.kind === "imported" && record.kind !== IMPORTED_KIND)) throw refused("its cluster is no longer registered");
}
