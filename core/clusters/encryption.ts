import { randomBytes } from "node:crypto";
import yaml from "js-yaml";
import { z } from "zod";
import type { Envelope, Sealed } from "../crypto/envelope.js";
import type { KubeObject } from "../kube/objects.js";
import { clusterNamespace } from "./spec.js";

/**
 * Encryption at rest of a cluster's etcd (issue 21): the hosted API server
 * encrypts the chosen resources with AES-GCM (256-bit keys), from an
 * EncryptionConfiguration the control plane renders into a Secret on the
 * management cluster. Kamaji v0.16's KamajiControlPlane has no field for it,
 * but lets the API server take extra volumes (`spec.deployment.extraVolumes`),
 * mounts (`spec.apiServer.extraVolumeMounts`) and flags
 * (`spec.apiServer.extraArgs`): the Secret is mounted read-only and named by
 * `--encryption-provider-config`. The keys are generated here, and kept
 * sealed (core/crypto) on the cluster item; only the Secret holds them open.
 *
 * Keys rotate (`rotationHours`, 168 by default) in steps, each a revision of
 * the configuration, so no API server ever meets data it cannot read:
 * the new key is added (readable, not yet used), made primary once every
 * API server runs the revision, the resources are rewritten with it (a
 * storage migration), and keys beyond `keepKeys` (the oldest) are retired.
 */
export const ENCRYPTION_DEFAULTS = { resources: ["secrets", "configmaps"], rotationHours: 168, keepKeys: 8 } as const;

/** A resource as the EncryptionConfiguration names it: `secrets`, `configmaps`, `widgets.example.com`. */
const resourceName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "a plural resource name, e.g. secrets or widgets.example.com",
  );

export const encryptionInput = z
  .strictObject({
    enabled: z.boolean().default(true),
    resources: z
      .array(resourceName)
      .min(1)
      .max(32)
      // the API server refuses a configuration naming a resource twice, and would not start
      .refine((r) => new Set(r).size === r.length, "each resource at most once")
      .meta({ uniqueItems: true })
      .default([...ENCRYPTION_DEFAULTS.resources])
      .describe("the resources encrypted at rest (secrets and configmaps by default)"),
    rotationHours: z
      .number()
      .int()
      .min(1)
      .max(8760)
      .default(ENCRYPTION_DEFAULTS.rotationHours)
      .describe("hours between key rotations (168 by default)"),
    keepKeys: z
      .number()
      .int()
      .min(2)
      .max(16)
      .default(ENCRYPTION_DEFAULTS.keepKeys)
      .describe("how many keys are kept, the newest (8 by default): data written under a retired key could not be read"),
  })
  .describe("etcd encryption at rest with AES-GCM and key rotation (off unless asked for)");
export type EncryptionInput = z.infer<typeof encryptionInput>;

export interface EncryptionKey {
  /** its name in the EncryptionConfiguration, e.g. key-3 (written into each value it encrypts) */
  name: string;
  createdAt: string;
  /** the 32 bytes, base64, sealed with core/crypto */
  sealed: Sealed;
}

/**
 * Where a rotation is: Idle between rotations; AddingKey while the API
 * servers take a revision that can read the new key; Promoting while they
 * take the one that writes with it; Migrating while the resources are rewritten.
 */
export type RotationPhase = "Idle" | "AddingKey" | "Promoting" | "Migrating";

export interface EncryptionReplica {
  /** the API server's pod */
  name: string;
  /** the configuration revision it runs (its pod's annotation) */
  revision: number;
  ready: boolean;
}

export interface ClusterEncryption {
  resources: string[];
  rotationHours: number;
  keepKeys: number;
  /** newest first */
  keys: EncryptionKey[];
  /** the key writes use; `identity` while the first key of a running cluster is being added */
  primary: string;
  /** bumps with each change of the rendered configuration */
  revision: number;
  /** the number of the next key's name */
  nextKey: number;
  phase: RotationPhase;
  /** when the primary key became primary: the next rotation is due rotationHours after it */
  rotatedAt: string;
  /** a rotation asked for before it is due */
  rotateRequested?: boolean;
  /** the API servers as last observed */
  replicas: EncryptionReplica[];
  migration?: { state: "Running" | "Succeeded"; key: string; startedAt: string; completedAt?: string };
  /** the last step that failed, until one succeeds; it is retried on the next check */
  lastError?: { step: string; reason: string; at: string; attempts: number };
}

export const ENCRYPTION_MOUNT = "/etc/kubernetes/ckp-encryption";
export const ENCRYPTION_FILE = "encryption-config.yaml";
export const ENCRYPTION_VOLUME = "ckp-encryption";
export const REVISION_ANNOTATION = "ckp.io/encryption-revision";
/** The label Kamaji puts on a TenantControlPlane's pods (its value: the control plane's name). */
export const KAMAJI_POD_LABEL = "kamaji.clastix.io/name";

export const encryptionSecretName = (clusterName: string) => `${clusterName}-encryption`;

const keyContext = (c: { domain: string; project: string; id: string }) => ({
  domain: c.domain,
  project: c.project,
  cluster: c.id,
  purpose: "etcd-encryption-key",
});

/** A new 256-bit key, sealed at once; its plaintext never leaves this function. */
export async function newEncryptionKey(
  secrets: Envelope,
  c: { domain: string; project: string; id: string },
  n: number,
  now: string,
): Promise<EncryptionKey> {
  const raw = randomBytes(32);
  const sealed = await secrets.seal(raw.toString("base64"), keyContext(c));
  raw.fill(0);
  return { name: `key-${n}`, createdAt: now, sealed };
}

/** Encryption state of a new cluster: its first key is primary from the start (no API server runs yet). */
export async function initialEncryption(
  secrets: Envelope,
  c: { domain: string; project: string; id: string },
  input: EncryptionInput,
  now: string,
): Promise<ClusterEncryption> {
  const key = await newEncryptionKey(secrets, c, 1, now);
  return {
    resources: input.resources,
    rotationHours: input.rotationHours,
    keepKeys: input.keepKeys,
    keys: [key],
    primary: key.name,
    revision: 1,
    nextKey: 2,
    phase: "Idle",
    rotatedAt: now,
    replicas: [],
  };
}

/**
 * Encryption turned on for a running cluster: the first key is added, not
 * yet used (identity stays first), so API servers that have not taken the
 * revision yet never meet data they cannot read; the rotation machine
 * promotes it and rewrites the resources.
 */
export async function enableOnRunning(
  secrets: Envelope,
  c: { domain: string; project: string; id: string },
  input: EncryptionInput,
  now: string,
): Promise<ClusterEncryption> {
  const e = await initialEncryption(secrets, c, input, now);
  return { ...e, primary: "identity", phase: "AddingKey" };
}

/**
 * The apiserver.config.k8s.io/v1 EncryptionConfiguration: AES-GCM with the
 * primary key first (it encrypts writes), then the others newest first
 * (they still decrypt), then identity, which reads what was stored before
 * encryption was on. While the first key is being added, identity is first.
 */
export function renderEncryptionConfig(
  e: Pick<ClusterEncryption, "resources" | "primary">,
  keys: { name: string; secret: string }[],
): string {
  const ordered = [...keys.filter((k) => k.name === e.primary), ...keys.filter((k) => k.name !== e.primary)];
  const aesgcm = { aesgcm: { keys: ordered } };
  const providers = e.primary === "identity" ? [{ identity: {} }, aesgcm] : [aesgcm, { identity: {} }];
  return yaml.dump({
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "EncryptionConfiguration",
    resources: [{ resources: e.resources, providers }],
  });
}

/** The Secret the hosted API server mounts: the configuration with the keys opened. */
export async function encryptionSecret(
  secrets: Envelope,
  c: { domain: string; project: string; id: string; name: string; encryption: ClusterEncryption },
): Promise<KubeObject> {
  const ctx = keyContext(c);
  const keys = await Promise.all(c.encryption.keys.map(async (k) => ({ name: k.name, secret: await secrets.openString(k.sealed, ctx) })));
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: encryptionSecretName(c.name),
      namespace: clusterNamespace(c.id),
      labels: { "ckp.io/cluster-id": c.id, "cluster.x-k8s.io/cluster-name": c.name },
      annotations: { [REVISION_ANNOTATION]: String(c.encryption.revision) },
    },
    type: "Opaque",
    data: { [ENCRYPTION_FILE]: Buffer.from(renderEncryptionConfig(c.encryption, keys)).toString("base64") },
  };
}

/** What the KamajiControlPlane gets: the Secret as a volume of the API server, the flag naming the file, and the revision on its pods. */
export function controlPlaneEncryption(clusterName: string, revision: number) {
  return {
    extraArgs: [`--encryption-provider-config=${ENCRYPTION_MOUNT}/${ENCRYPTION_FILE}`],
    extraVolumeMounts: [{ name: ENCRYPTION_VOLUME, mountPath: ENCRYPTION_MOUNT, readOnly: true }],
    extraVolumes: [{ name: ENCRYPTION_VOLUME, secret: { secretName: encryptionSecretName(clusterName) } }],
    // a new revision changes the pod template: Kamaji rolls its API servers, each new pod mounting the new Secret
    podAnnotations: { [REVISION_ANNOTATION]: String(revision) },
  };
}

/**
 * The merge patch the rotation sends the KamajiControlPlane: the revision
 * on its pods, and, on a cluster whose encryption was turned on after it was
 * created (the saga rendered it without), the volume, mount and flag added to
 * what it has. The saga's next apply renders the same.
 */
export function controlPlanePatch(kcp: KubeObject, revision: number): Record<string, unknown> {
  const name = kcp.metadata.name;
  const enc = controlPlaneEncryption(name, revision);
  const spec = (kcp.spec ?? {}) as {
    apiServer?: { extraArgs?: string[]; extraVolumeMounts?: { name: string }[] };
    deployment?: { extraVolumes?: { name: string }[] };
  };
  const args = spec.apiServer?.extraArgs ?? [];
  const mounts = spec.apiServer?.extraVolumeMounts ?? [];
  const volumes = spec.deployment?.extraVolumes ?? [];
  const mounted = args.some((a) => a.startsWith("--encryption-provider-config="));
  return {
    spec: {
      ...(mounted
        ? {}
        : {
            apiServer: {
              extraArgs: [...args, ...enc.extraArgs],
              extraVolumeMounts: [...mounts.filter((m) => m.name !== ENCRYPTION_VOLUME), ...enc.extraVolumeMounts],
            },
          }),
      deployment: {
        ...(mounted ? {} : { extraVolumes: [...volumes.filter((v) => v.name !== ENCRYPTION_VOLUME), ...enc.extraVolumes] }),
        podAdditionalMetadata: { annotations: enc.podAnnotations },
      },
    },
  };
}

/** The API servers, read from their pods: each pod's revision is the one it was started with. */
export function observeReplicas(pods: KubeObject[]): EncryptionReplica[] {
  return pods
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => {
      const ann = (p.metadata.annotations ?? {}) as Record<string, string>;
      const conditions = ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []) as {
        type: string;
        status: string;
      }[];
      return {
        name: p.metadata.name,
        revision: Number(ann[REVISION_ANNOTATION] ?? 0) || 0,
        ready: conditions.some((c) => c.type === "Ready" && c.status === "True"),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export type RotationAction = "none" | "wait" | "add-key" | "promote" | "migrate";

/** Every API server (at least `expected` of them) is ready and runs the current revision, and none runs an older one. */
export function allAt(replicas: EncryptionReplica[], revision: number, expected: number): boolean {
  return replicas.length >= Math.max(1, expected) && replicas.every((r) => r.ready && r.revision >= revision);
}

/** The next step of the rotation machine: pure, from the state, the observed API servers and the time. */
export function nextRotationAction(e: ClusterEncryption, replicas: EncryptionReplica[], expected: number, now: Date): RotationAction {
  switch (e.phase) {
    case "Idle": {
      const due = now.getTime() - Date.parse(e.rotatedAt) >= e.rotationHours * 3_600_000;
      return due || e.rotateRequested ? "add-key" : "none";
    }
    case "AddingKey":
      return allAt(replicas, e.revision, expected) ? "promote" : "wait";
    case "Promoting":
      return allAt(replicas, e.revision, expected) ? "migrate" : "wait";
    case "Migrating":
      return "migrate";
  }
}

/** Adds a key (not yet primary): a new revision. */
export function withNewKey(e: ClusterEncryption, key: EncryptionKey): ClusterEncryption {
  return { ...e, keys: [key, ...e.keys], nextKey: e.nextKey + 1, revision: e.revision + 1, phase: "AddingKey", rotateRequested: false };
}

/** The newest key becomes primary: a new revision. */
export function promoted(e: ClusterEncryption, now: string): ClusterEncryption {
  const key = e.keys[0];
  if (!key) throw new Error("no key to promote");
  return { ...e, primary: key.name, revision: e.revision + 1, phase: "Promoting", rotatedAt: now };
}

/** The resources were rewritten with the primary key: keys beyond keepKeys go (a new revision if any did). */
export function migrated(e: ClusterEncryption, startedAt: string, now: string): ClusterEncryption {
  const keep = e.keys.slice(0, e.keepKeys);
  const pruned = keep.length < e.keys.length;
  return {
    ...e,
    keys: keep,
    revision: pruned ? e.revision + 1 : e.revision,
    phase: "Idle",
    migration: { state: "Succeeded", key: e.primary, startedAt, completedAt: now },
  };
}

/** The encryption status a user reads: no key material, sealed or not. */
export type EncryptionStatus = ReturnType<typeof encryptionStatus> | { enabled: false };

export function encryptionStatus(e: ClusterEncryption) {
  const next = new Date(Date.parse(e.rotatedAt) + e.rotationHours * 3_600_000).toISOString();
  return {
    enabled: true as const,
    provider: "aesgcm" as const,
    resources: e.resources,
    rotationHours: e.rotationHours,
    keepKeys: e.keepKeys,
    revision: e.revision,
    phase: e.phase,
    primaryKey: e.primary,
    keys: e.keys.map((k) => ({ name: k.name, createdAt: k.createdAt })),
    rotatedAt: e.rotatedAt,
    nextRotationAt: next,
    replicas: e.replicas.map((r) => ({ ...r, upToDate: r.ready && r.revision >= e.revision })),
    ...(e.migration ? { migration: e.migration } : {}),
    ...(e.lastError ? { lastError: e.lastError } : {}),
  };
}
