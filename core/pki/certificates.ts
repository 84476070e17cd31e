import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, notFound } from "../shared/errors.js";
import { CERTIFICATES_INDEX_PK, certificateSerialPk, keys, type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { getItem, listItems, queryPage } from "../store/read.js";
import { certificateWrites, type IssueRequest, issueCertificate } from "./issue.js";
import { type CertificatePurpose, type CertificateRecord, SERIAL_PATTERN } from "./model.js";

/** Issue a certificate on its own (server and cluster certificates); host certificates come with approval. */
export async function createCertificate(deps: Deps, ctx: Ctx, r: IssueRequest): Promise<CertificateRecord> {
  const c = await issueCertificate(deps, r);
  const tx = transaction(deps, ctx);
  certificateWrites(tx, c);
  await tx.commit();
  return c;
}

export async function getCertificate(deps: Deps, t: ProjectRef | undefined, serial: string): Promise<CertificateRecord> {
  if (!SERIAL_PATTERN.test(serial)) throw notFound(`certificate ${serial}`);
  return getItem<CertificateRecord>(deps, keys.certificate(t, serial), `certificate ${serial}`);
}

/** A certificate by serial alone, whatever its tenant (platform admins). */
export async function findCertificate(deps: Deps, serial: string): Promise<CertificateRecord> {
  if (!SERIAL_PATTERN.test(serial)) throw notFound(`certificate ${serial}`);
  const [c] = (await queryPage<CertificateRecord>(deps, { partition: certificateSerialPk(serial), index: 3, pageSize: 1 })).items;
  if (!c) throw notFound(`certificate ${serial}`);
  return c;
}

export async function listCertificates(
  deps: Deps,
  t: ProjectRef | undefined,
  q: { purpose?: CertificatePurpose; limit: number; cursor?: string },
): Promise<Page<CertificateRecord>> {
  return listItems<CertificateRecord>(deps, {
    ...(t ? { partition: projectPk(t), prefix: "CERT#" } : { partition: CERTIFICATES_INDEX_PK, index: 1 }),
    ...(q.purpose ? { filter: { expression: "purpose = :purpose", values: { ":purpose": q.purpose } } } : {}),
    page: q,
  });
}

/**
 * Revocation is a state change with an event. From then on the certificate
 * authenticates nothing: host-only endpoints look the record up on each use.
 */
export async function revokeCertificate(
  deps: Deps,
  ctx: Ctx,
  c: CertificateRecord,
  reason: string | undefined,
): Promise<CertificateRecord> {
  if (c.revoked) throw conflict(`certificate ${c.serial} is already revoked`, undefined, "certificate.revoked");
  const tx = transaction(deps, ctx);
  const next = revocationWrites(tx, deps, c, reason ?? "unspecified");
  await tx.commit();
  return next;
}

export function revocationWrites(tx: ReturnType<typeof transaction>, deps: Deps, c: CertificateRecord, reason: string): CertificateRecord {
  const t = c.domain && c.project ? { domain: c.domain, project: c.project } : undefined;
  const at = deps.clock.now().toISOString();
  tx.update(keys.certificate(t, c.serial), "SET revoked = :t, revokedAt = :at, revocationReason = :r, version = version + :one", {
    condition: "attribute_exists(pk) AND revoked = :f",
    values: { ":t": true, ":f": false, ":at": at, ":r": reason, ":one": 1 },
    onConditionFailed: () => conflict(`certificate ${c.serial} was revoked concurrently`, undefined, "certificate.revoked"),
  }).emit(
    "ckp.certificate.revoked",
    `certificates/${c.serial}`,
    { serial: c.serial, hostId: c.hostId, ...(c.clusterId ? { clusterId: c.clusterId } : {}), reason },
    t ?? {},
  );
  return { ...c, revoked: true, revokedAt: at, revocationReason: reason, version: c.version + 1 };
}
