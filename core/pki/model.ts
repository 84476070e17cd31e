import { z } from "zod";

/** Product §18: leaf certificates are valid for ten years. */
export const LEAF_VALIDITY_YEARS = 10;
/** The root outlives every certificate it can issue. */
export const CA_VALIDITY_YEARS = 20;
/** notBefore is back-dated a little so clocks that lag still accept a fresh certificate. */
export const BACKDATE_SECONDS = 300;

export const certificatePurpose = z.enum(["host", "server", "cluster", "cluster-agent"]);
export type CertificatePurpose = z.infer<typeof certificatePurpose>;

/** The record kept per certificate (product §18: metadata in the platform database). */
export interface CertificateRecord {
  serial: string;
  subject: string;
  sans: string[];
  purpose: CertificatePurpose;
  domain?: string;
  project?: string;
  /** the host a host certificate names */
  hostId?: string;
  /** the cluster a cluster (or cluster-agent) certificate belongs to */
  clusterId?: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate (DER), hex */
  fingerprint: string;
  /** SHA-256 of the subject public key info (DER), hex */
  publicKeySha256: string;
  pem: string;
  revoked: boolean;
  revokedAt?: string;
  revocationReason?: string;
  issuedAt: string;
  version: number;
}

export const revokeInput = z.strictObject({ reason: z.string().min(1).max(1000).optional() });

/** Hex serials as issued here: 16 bytes, positive. */
export const SERIAL_PATTERN = /^[0-9a-f]{32}$/;

/** The URI SAN that names a host in its certificate. */
export function hostUri(t: { domain: string; project: string }, hostId: string): string {
  return `urn:ckp:host:${t.domain}:${t.project}:${hostId}`;
}

/** The URI SAN that names a cluster in its certificates. */
export function clusterUri(t: { domain: string; project: string }, clusterId: string): string {
  return `urn:ckp:cluster:${t.domain}:${t.project}:${clusterId}`;
}

export function parseHostUri(uri: string): { domain: string; project: string; hostId: string } | undefined {
  const m = /^urn:ckp:host:([a-z0-9-]{1,63}):([a-z0-9-]{1,63}):([a-z]+_[0-9a-z]{26})$/.exec(uri);
  return m ? { domain: m[1] as string, project: m[2] as string, hostId: m[3] as string } : undefined;
}
