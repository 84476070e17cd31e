import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { notFound } from "../shared/errors.js";
import type { BundleManifest, BundleManifestInput, BundleOs } from "./bundle-model.js";
import { compareVersions, requireRelease, SUPPORTED_VERSIONS } from "./versions.js";

export * from "./bundle-model.js";

/**
 * BYOH bundles (product §2.5): per Kubernetes version and OS, an OCI artifact
 * holding the CKP packages that a host installs (with imgpkg) to join a
 * cluster. The control plane keeps one manifest per bundle in the artifacts
 * bucket, `bundles/v1/<kubernetesVersion>/<os>.json`; the render step picks
 * the manifest matching the cluster's version and its hosts' OS.
 */
export interface BundleStore {
  s3: S3Client;
  bucket: string;
}

const PREFIX = "bundles/v1/";
const keyOf = (version: string, os: string) => `${PREFIX}${version}/${os}.json`;

export async function putBundle(
  store: BundleStore,
  version: string,
  os: BundleOs,
  input: BundleManifestInput,
  now: Date,
): Promise<BundleManifest> {
  requireRelease(version);
  const manifest: BundleManifest = { kubernetesVersion: version, os, ...input, publishedAt: now.toISOString() };
  await store.s3.send(
    new PutObjectCommand({
      Bucket: store.bucket,
      Key: keyOf(version, os),
      Body: JSON.stringify(manifest, null, 2),
      ContentType: "application/json",
    }),
  );
  return manifest;
}

/** The manifest, or undefined when none is published. */
export async function findBundle(store: BundleStore, version: string, os: BundleOs): Promise<BundleManifest | undefined> {
  try {
    const out = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: keyOf(version, os) }));
    return JSON.parse((await out.Body?.transformToString()) ?? "null") as BundleManifest;
  } catch (e) {
    if ((e as Error).name === "NoSuchKey" || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw e;
  }
}

export async function getBundle(store: BundleStore, version: string, os: BundleOs): Promise<BundleManifest> {
  const b = await findBundle(store, version, os);
  if (!b) throw notFound(`BYOH bundle for Kubernetes ${version} on ${os}`);
  return b;
}

export async function deleteBundle(store: BundleStore, version: string, os: BundleOs): Promise<void> {
  await getBundle(store, version, os);
  await store.s3.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: keyOf(version, os) }));
}

/** Every published manifest (at most versions × OSes objects: one list call and one read each). */
export async function listBundles(store: BundleStore): Promise<BundleManifest[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await store.s3.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: PREFIX, ContinuationToken: token }));
    keys.push(...(out.Contents ?? []).map((o) => o.Key as string));
    token = out.NextContinuationToken;
  } while (token);
  const all = await Promise.all(
    keys.map(async (k) => {
      const [version, file] = k.slice(PREFIX.length).split("/") as [string, string];
      return findBundle(store, version, file.replace(/\.json$/, "") as BundleOs);
    }),
  );
  return all
    .filter((b): b is BundleManifest => b !== undefined && SUPPORTED_VERSIONS.includes(b.kubernetesVersion))
    .sort((a, b) => compareVersions(a.kubernetesVersion, b.kubernetesVersion) || a.os.localeCompare(b.os));
}
