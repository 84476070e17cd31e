import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { IMPORTED_KIND } from "../imported/items.js";
import { ensureCa } from "../pki/ca.js";
import { verifyCsr } from "../pki/csr.js";
import { certificateWrites, issueCertificate } from "../pki/issue.js";
import { unauthenticated } from "../shared/errors.js";
import { subjectRecordKey } from "./identity.js";
import { agentUri, eventSubject, parseSubjectKey, type TunnelSubject, tenantOf } from "./model.js";
import { checkToken, spendToken } from "./tokens.js";

/**
 * A cluster agent's registration: its one-time token and a CSR for the key
 * it made buy it a client certificate from the installation's CA, naming
 * the one cluster the token was issued for. The token is spent in the same
 * transaction that records the certificate, so of two registrations racing
 * with one token exactly one succeeds.
 */
export const agentRegistrationInput = z.strictObject({
  token: z.string().min(1).max(200).describe("the registration token (ckpreg_…)"),
  csr: z
    .string()
    .min(1)
    .max(16 * 1024)
    .describe("PEM PKCS#10 request for the agent's RSA key (2048 bits or more)"),
  /** the agent's build, for the record */
  version: z
    .string()
    .regex(/^[0-9A-Za-z.+-]{1,64}$/)
    .optional(),
});
export type AgentRegistrationInput = z.infer<typeof agentRegistrationInput>;

export interface AgentRegistration {
  clusterId: string;
  clusterKind: TunnelSubject["kind"];
  domain?: string;
  project?: string;
  certificate: string;
  caCertificate: string;
  serial: string;
}

export async function registerAgent(deps: Deps, ctx: Ctx, input: AgentRegistrationInput): Promise<AgentRegistration> {
  const { tokenId, subject: key } = await checkToken(deps, input.token);
  const subject = parseSubjectKey(key);
  if (!subject) throw unauthenticated("registration token refused: it names no cluster", "cluster-agent.token-refused");
  const record = await deps.db.send(new GetCommand({ TableName: deps.table, Key: subjectRecordKey(subject), ConsistentRead: true }));
  if (!record.Item || (subject.kind === "imported" && record.Item.kind !== IMPORTED_KIND)) {
    throw unauthenticated("registration token refused: its cluster is no longer registered", "cluster-agent.token-refused");
  }
  const csr = await verifyCsr(input.csr);
  const tenant = tenantOf(subject);
  const cert = await issueCertificate(deps, {
    publicKeyPem: csr.publicKeyPem,
    commonName: subject.id,
    organization: tenant ? tenant.domain : "platform",
    organizationalUnit: tenant ? tenant.project : "management-clusters",
    uris: [agentUri(subject)],
    purpose: "cluster-agent",
    ...(tenant ? { tenant } : {}),
    clusterId: subject.id,
  });
  const tx = transaction(deps, ctx);
  spendToken(tx, tokenId, cert.serial);
  certificateWrites(tx, cert);
  tx.emit(
    "ckp.clusteragent.registered",
    eventSubject(subject),
    { clusterId: subject.id, clusterKind: subject.kind, tokenId, serial: cert.serial },
    tenant ?? {},
  );
  await tx.commit();
  const ca = await ensureCa(deps);
  return {
    clusterId: subject.id,
    clusterKind: subject.kind,
    ...(tenant ? tenant : {}),
    certificate: cert.pem,
    caCertificate: ca.certPem,
    serial: cert.serial,
  };
}
