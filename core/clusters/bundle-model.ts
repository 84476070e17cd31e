import { z } from "zod";

/** BYOH bundle manifests (product §2.5): their shape, without the S3 access (core/clusters/bundles.ts). */
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
  architectures: z
    .array(z.enum(["amd64", "arm64"]))
    .min(1)
    .max(2)
    .default(["amd64"]),
  packages: z
    .record(
      z
        .string()
        .min(1)
        .max(64)
        .regex(/^[a-z0-9][a-z0-9.+-]*$/),
      z.string().min(1).max(64),
    )
    .refine((p) => Object.keys(p).length >= 1 && Object.keys(p).length <= 32, "1 to 32 packages")
    // the key rule and the count, for the OpenAPI document
    .meta({ propertyNames: { minLength: 1, maxLength: 64, pattern: "^[a-z0-9][a-z0-9.+-]*$" }, minProperties: 1, maxProperties: 32 })
    .describe("package → version, e.g. kubeadm: 1.31.2-ckp"),
});
export type BundleManifestInput = z.infer<typeof bundleManifestInput>;

export interface BundleManifest extends BundleManifestInput {
  kubernetesVersion: string;
  os: BundleOs;
  publishedAt: string;
}

/** Maps a host's OS (facts label `ckp.io/os`, e.g. ubuntu-20.04) to a bundle OS; RHEL minor versions share the rhel-9 bundle. */
export function bundleOsOf(hostOs: string | undefined): BundleOs | undefined {
  if (!hostOs) return undefined;
  if (hostOs === "ubuntu-20.04" || /^ubuntu-20\.04(\.\d+)?$/.test(hostOs)) return "ubuntu-20.04";
  if (/^rhel-9(\.\d+)?$/.test(hostOs)) return "rhel-9";
  return undefined;
}
