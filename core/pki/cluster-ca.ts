import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import type { Sealed } from "../crypto/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { isDomainError } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import { findItem } from "../store/read.js";
import { getCertificate, revocationWrites } from "./certificates.js";
import { certificateWrites, issueCertificate } from "./issue.js";
import { type CertificateRecord, clusterUri } from "./model.js";

/**
 * A workload cluster's CA (product §18, §19 step 14): issued once per cluster
 * from the installation's root CA, valid ten years, recorded like every
 * certificate (purpose "cluster"). Its private key is kept envelope-encrypted
 * beside the record, so a saga step that runs again applies the same CA
 * rather than a new one; deleting the cluster revokes the record and drops
 * the key.
 */
export interface ClusterCa {
  record: CertificateRecord;
  certPem: string;
  keyPem: string;
}

interface ClusterCaItem {
  clusterId: string;
  serial: string;
  key: Sealed;
  createdAt: string;
}

const generateKey = promisify(generateKeyPair);

const itemKey = (t: ProjectRef, clusterId: string) => ({ pk: projectPk(t), sk: `CLUSTERCA#${clusterId}` });
const keyContext = (t: ProjectRef, clusterId: string) => ({
  purpose: "cluster-ca-key",
  tenant: `${t.domain}/${t.project}`,
  cluster: clusterId,
});

async function readItem(deps: Deps, t: ProjectRef, clusterId: string): Promise<ClusterCaItem | undefined> {
  return findItem<ClusterCaItem>(deps, itemKey(t, clusterId), { consistent: true });
}

async function open(deps: Deps, t: ProjectRef, item: ClusterCaItem): Promise<ClusterCa> {
  const record = await getCertificate(deps, t, item.serial);
  return { record, certPem: record.pem, keyPem: await deps.secrets.openString(item.key, keyContext(t, item.clusterId)) };
}

/** The cluster's CA: the one issued before, or a new one (two racing callers get the same). */
export async function ensureClusterCa(deps: Deps, ctx: Ctx, t: ProjectRef, cluster: { id: string; name: string }): Promise<ClusterCa> {
  // made and written first, read only when the write is refused: a cluster's first try (nearly every one) costs no
  // read; a repeated step pays a key it throws away
  // ECDSA P-256, as kubeadm makes with `encryptionAlgorithm: ECDSA-P256`: ~0.1 ms of a core, where an RSA 2048 key
  // took ~135 ms — at 50 creates at once, 7 of the two cores' seconds. Kamaji and the kubeadm bootstrap provider read
  // a PKCS#8 key of either type.
  const { privateKey, publicKey } = await generateKey("ec", {
    namedCurve: "P-256",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const record = await issueCertificate(deps, {
    publicKeyPem: publicKey,
    // kubeadm's name for a cluster CA; the tenant and cluster are in O, OU and the URI SAN
    commonName: "kubernetes",
    organization: t.domain,
    organizationalUnit: t.project,
    uris: [clusterUri(t, cluster.id)],
    purpose: "cluster",
    tenant: t,
    clusterId: cluster.id,
    ca: true,
  });
  const item: ClusterCaItem = {
    clusterId: cluster.id,
    serial: record.serial,
    key: await deps.secrets.seal(privateKey, keyContext(t, cluster.id)),
    createdAt: record.issuedAt,
  };
  const tx = transaction(deps, ctx);
  tx.put(
    { ...itemKey(t, cluster.id), kind: "cluster-ca", ...item },
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => new LostRace() },
  );
  certificateWrites(tx, record);
  try {
    await tx.commit();
  } catch (e) {
    if (!(e instanceof LostRace)) throw e;
    const winner = await readItem(deps, t, cluster.id);
    if (!winner) throw new Error(`the CA of cluster ${cluster.id} vanished after a conditional put failed`);
    return open(deps, t, winner);
  }
  return { record, certPem: record.pem, keyPem: privateKey };
}

/** Revokes the cluster's CA and drops its key; answers the revoked record (undefined when there was none). Safe to repeat. */
export async function revokeClusterCa(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  clusterId: string,
  reason: string,
): Promise<CertificateRecord | undefined> {
  const item = await readItem(deps, t, clusterId);
  if (!item) return undefined;
  const record = await getCertificate(deps, t, item.serial).catch((e: unknown) => {
    if (isDomainError(e) && e.kind === "not-found") return undefined;
    throw e;
  });
  const tx = transaction(deps, ctx);
  tx.delete(itemKey(t, clusterId));
  const revoked = record && !record.revoked ? revocationWrites(tx, deps, record, reason) : record;
  await tx.commit();
  return revoked;
}

class LostRace extends Error {}
