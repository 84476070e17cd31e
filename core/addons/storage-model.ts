import { isIP } from "node:net";
import { z } from "zod";

/**
 * Storage profiles (product §16): the Ceph cluster a domain's clusters keep
 * their `ckp-block` volumes on. A platform admin registers them per domain;
 * the user key is write-only (sealed like credentials, never returned, never
 * in an event or log). A cluster asks for the storage plugin with a profile
 * by name, or gets the domain's default one.
 */

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i;

/** A Ceph monitor address: host or IP, optionally with a port (IPv6 in brackets). */
export const cephMonitor = z
  .string()
  .min(1)
  .max(261)
  .refine((s) => {
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(s);
    if (!m) return false;
    const host = (m[1] as string).replace(/^\[|\]$/g, "");
    const port = m[2] === undefined ? 6789 : Number(m[2]);
    const ipv6 = (m[1] as string).startsWith("[");
    return port >= 1 && port <= 65535 && (ipv6 ? isIP(host) === 6 : isIP(host) === 4 || HOST.test(host));
  }, "must be host[:port] or [ipv6][:port], e.g. 10.0.0.11:6789")
  .describe("a Ceph monitor, host[:port]");

const cephName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '_', '.' and '-'");

export const storageProfileInput = z.strictObject({
  description: z.string().max(1000).optional(),
  cephClusterId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, "letters, digits and '-'")
    .describe("the Ceph cluster's id (its fsid), as Ceph CSI names it in its configuration"),
  monitors: z.array(cephMonitor).min(1).max(9),
  pool: cephName.describe("the RBD pool volumes are created in"),
  userId: cephName.describe("the Ceph user (without the client. prefix) Ceph CSI authenticates as"),
  userKey: z
    .string()
    .min(16)
    .max(256)
    .regex(/^[A-Za-z0-9+/=]+$/, "a Ceph key (base64)")
    .optional()
    .describe("the Ceph user's key. Write-only: never returned. Required when the profile is created; left out, a replace keeps it."),
  default: z.boolean().default(false).describe("clusters of the domain that name no profile use this one"),
});
export type StorageProfileInput = z.infer<typeof storageProfileInput>;

export interface StorageProfile {
  name: string;
  domain: string;
  description?: string;
  cephClusterId: string;
  monitors: string[];
  pool: string;
  userId: string;
  /** the key is set (it is never returned) */
  userKeySet: true;
  default: boolean;
  /** clusters using the profile; it cannot be deleted while > 0 */
  clusterCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The Ceph connection with the key opened: for the lifecycle worker only, never an API response. */
export interface CephConnection {
  profile: string;
  cephClusterId: string;
  monitors: string[];
  pool: string;
  userId: string;
  userKey: string;
}
