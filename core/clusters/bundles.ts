import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { notFound } from "../shared/errors.js";
import { SUPPORTED_VERSIONS, compareVersions, requireRelease } from "./versions.js";

/**
 * BYOH bundles (seed §2.5): per Kubernetes version and OS, an OCI artifact
 * holding the CKP packages that a host installs (with imgpkg) to join a
 * cluster. The control plane keeps one manifest per bundle in the artifacts
 * bucket, `bundles/v1/<kubernetesVersion>/<os>.json`; the render step picks
 * the manifest matching the cluster's version and its hosts' OS.
 */
export const BUNDLE_OS = ["ubuntu-20.04", "rhel-9"] as const;
export const bundleOs = z.enum(BUNDLE_OS);
export type BundleOs = z.infer<typeof bundleOs>;

const ociRepository = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, "an OCI repository such as docker.io/coredgeio");

export const bundleManifestInput = z.strictObject({
  repository: ociRepository.describe("the registry path BYOH looks bundles up under (bundleRepo)"),
  ociReference: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+:[A-Za-z0-9._-]+$/, "repository/name:tag")
    .describe("the bundle image, e.g. docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:v1.31.2"),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, "sha256:<64 hex digits>"),
  architectures: z.array(z.enum(["amd64", "arm64"])).min(1).max(2).default(["amd64"]),
  packages: z
    .record(z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9.+-]*$/), z.string().min(1).max(64))
    .refine((p) => Object.keys(p).length >= 1 && Object.keys(p).length <= 32, "1 to 32 packages")
    .describe("package → version, e.g. kubeadm: 1.31.2-ckp"),
});
export type BundleManifestInput = z.infer<typeof bundleManifestInput>;

export interface BundleManifest extends BundleManifestInput {
  kubernetesVersion: string;
  os: BundleOs;
  publishedAt: string;
}

export interface BundleStore {
  s3: S3Client;
  bucket: string;
}

const PREFIX = "bundles/v1/";
const keyOf = (version: string, os: string) => `${PREFIX}${version}/${os}.json`;

/** Maps a host's OS (facts label `ckp.io/os`, e.g. ubuntu-20.04) to a bundle OS; RHEL minor versions share the rhel-9 bundle. */
export function bundleOsOf(hostOs: string | undefined): BundleOs | undefined {
  if (!hostOs) return undefined;
  if (hostOs === "ubuntu-20.04" || /^ubuntu-20\.04(\.\d+)?$/.test(hostOs)) return "ubuntu-20.04";
  if (/^rhel-9(\.\d+)?$/.test(hostOs)) return "rhel-9";
  return undefined;
}

export async function putBundle(store: BundleStore, version: string, os: BundleOs, input: BundleManifestInput, now: Date): Promise<BundleManifest> {
  requireRelease(version);
  const manifest: BundleManifest = { kubernetesVersion: version, os, ...input, publishedAt: now.toISOString() };
  await store.s3.send(
    new PutObjectCommand({ Bucket: store.bucket, Key: keyOf(version, os), Body: JSON.stringify(manifest, null, 2), ContentType: "application/json" }),
  );
  return manifest;
}

/** The manifest, or undefined when none is published. */
export async function findBundle(store: BundleStore, version: string, os: BundleOs): Promise<BundleManifest | undefined> {
  try {
    const out = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: keyOf(version, os) }));
    return JSON.parse((await out.Body?.transformToString()) ?? "null") as BundleManifest;
  } catch (e) {
    if ((e as Error).name === "NoSuchKey" || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
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
