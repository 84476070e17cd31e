import { X509Certificate } from "node:crypto";
import { z } from "zod";
import type { Envelope, Sealed } from "../crypto/envelope.js";
import type { KubeObject } from "../kube/objects.js";
import { unprocessable } from "../shared/errors.js";
import { clusterNamespace } from "./spec.js";

/**
 * The image registry a cluster pulls from (seed §3, §6.3; ACP's built-in,
 * private and public registries): the installation's default (the Coredge
 * registry), a private one (URL, optional credentials, optional CA bundle)
 * or a public one with credentials (rate limits, paid plans).
 *
 * The URL reaches kubeadm's image repository and DNS image repository,
 * Kamaji's registry and its CoreDNS, kube-proxy and konnectivity images, the
 * addons' images and charts, and containerd on the BYOH hosts (a hosts.toml
 * under /etc/containerd/certs.d with the CA and the credentials). The
 * credentials are sealed like every other secret and opened only when the
 * saga writes them into the cluster's namespace on the management cluster.
 */
/** The installation's default registry (the Coredge registry unless the installation says otherwise). */
export const IMAGE_REGISTRY = process.env.CKP_IMAGE_REGISTRY ?? "docker.io/coredgeio";

export const REGISTRY_URL = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/;

const registryUrl = z
  .string()
  .min(1)
  .max(255)
  .regex(REGISTRY_URL, "a registry host with an optional port and path, without a scheme, e.g. registry.example.com:5000/ckp");

const registryCredentials = z
  .strictObject({
    username: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^:\s]+$/, "no colon or whitespace"),
    password: z.string().min(1).max(4096),
  })
  .describe("write-only: sealed at rest; the cluster shows the username only");

const caBundle = z
  .string()
  .min(1)
  .max(64 * 1024)
  .regex(/-----BEGIN CERTIFICATE-----/, "PEM certificates")
  .describe("PEM CA certificates the registry's TLS certificate chains to");

export const imageRegistryInput = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("default") }),
    z.strictObject({
      type: z.literal("private"),
      url: registryUrl,
      credentials: registryCredentials.optional(),
      caBundle: caBundle.optional(),
    }),
    z.strictObject({ type: z.literal("public"), url: registryUrl, credentials: registryCredentials }),
  ])
  .describe("where every component image and addon chart is pulled from; the installation's default registry unless given");
export type ImageRegistryInput = z.infer<typeof imageRegistryInput>;

/** As stored on the cluster: the password sealed. Absent: the default (clusters created before it could be chosen). */
export interface ClusterRegistry {
  type: "default" | "private" | "public";
  url?: string;
  username?: string;
  sealedPassword?: Sealed;
  caBundle?: string;
}

/** As the API shows it: never the password. */
export interface ClusterRegistryView {
  type: "default" | "private" | "public";
  url: string;
  username?: string;
  caBundle?: string;
}

const keyContext = (c: { domain: string; project: string; id: string }) => ({
  domain: c.domain,
  project: c.project,
  cluster: c.id,
  purpose: "image-registry-credentials",
});

/** Every certificate of a bundle, parsed: 422 naming the one that is not. */
function checkCaBundle(pem: string): void {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length)
    throw unprocessable("imageRegistry.caBundle holds no complete PEM certificate", undefined, "cluster.registry-invalid");
  blocks.forEach((b, i) => {
    try {
      new X509Certificate(b);
    } catch (e) {
      throw unprocessable(
        `imageRegistry.caBundle: certificate ${i + 1} does not parse: ${(e as Error).message}`,
        undefined,
        "cluster.registry-invalid",
      );
    }
  });
}

/** What a schema cannot check: the CA bundle parses (422 otherwise). */
export function checkRegistryInput(input: ImageRegistryInput | undefined): void {
  if (input?.type === "private" && input.caBundle) checkCaBundle(input.caBundle);
}

/** Checks the input again and seals the password. */
export async function prepareRegistry(
  secrets: Envelope,
  c: { domain: string; project: string; id: string },
  input: ImageRegistryInput | undefined,
): Promise<ClusterRegistry> {
  if (!input || input.type === "default") return { type: "default" };
  const ca = input.type === "private" ? input.caBundle : undefined;
  if (ca) checkCaBundle(ca);
  return {
    type: input.type,
    url: input.url,
    ...(input.credentials
      ? { username: input.credentials.username, sealedPassword: await secrets.seal(input.credentials.password, keyContext(c)) }
      : {}),
    ...(ca ? { caBundle: ca } : {}),
  };
}

export function registryUrlOf(r: ClusterRegistry | undefined, defaultUrl: string): string {
  return r && r.type !== "default" && r.url ? r.url : defaultUrl;
}

export function registryView(r: ClusterRegistry | undefined, defaultUrl: string): ClusterRegistryView {
  return {
    type: r?.type ?? "default",
    url: registryUrlOf(r, defaultUrl),
    ...(r?.username ? { username: r.username } : {}),
    ...(r?.caBundle ? { caBundle: r.caBundle } : {}),
  };
}

/** The registry's host (and port): containerd's hosts directory and the docker config's key. */
export function registryHost(url: string): string {
  return url.split("/")[0] as string;
}

/** Docker Hub's pull endpoint differs from its name (containerd's docs, "docker.io"). */
function serverOf(host: string): string {
  return host === "docker.io" ? "https://registry-1.docker.io" : `https://${host}`;
}

export const CONTAINERD_CERTS_DIR = "/etc/containerd/certs.d";

/** What the render needs to know, free of secrets. */
export interface RegistryRender {
  /** a non-default registry: containerd on the hosts gets a hosts.toml for it */
  custom: boolean;
  auth: boolean;
  ca?: string;
}

export function registryRender(r: ClusterRegistry | undefined): RegistryRender {
  const custom = !!r && r.type !== "default";
  return {
    custom,
    auth: custom && !!r?.sealedPassword,
    ...(custom && r?.caBundle ? { ca: r.caBundle } : {}),
  };
}

/** Names of the registry's objects in the cluster's namespace on the management cluster. */
export const registrySecretNames = (clusterName: string) => ({
  /** kubernetes.io/dockerconfigjson: Kamaji's pods (through their ServiceAccount) and CAAPH's chart pulls */
  auth: `${clusterName}-registry-auth`,
  /** hosts.toml for the BYOH hosts' containerd, and ca.crt (CAAPH's tlsConfig) */
  config: `${clusterName}-registry`,
  serviceAccount: `${clusterName}-control-plane`,
});

/** containerd's registry host configuration (hosts.toml) for the registry. */
export function containerdHostsToml(url: string, o: { ca: boolean; basicAuth?: string }): string {
  const host = registryHost(url);
  const server = serverOf(host);
  const lines = [`server = "${server}"`, "", `[host."${server}"]`, `  capabilities = ["pull", "resolve"]`];
  if (o.ca) lines.push(`  ca = "${CONTAINERD_CERTS_DIR}/${host}/ca.crt"`);
  if (o.basicAuth) lines.push(`  [host."${server}".header]`, `    Authorization = "Basic ${o.basicAuth}"`);
  return `${lines.join("\n")}\n`;
}

export function dockerConfigJson(url: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString("base64");
  return JSON.stringify({ auths: { [registryHost(url)]: { username, password, auth } } });
}

/** The opened credentials, for what the saga writes into the cluster's namespaces. */
export async function openRegistryCredentials(
  secrets: Envelope,
  c: { domain: string; project: string; id: string; imageRegistry?: ClusterRegistry },
): Promise<{ username: string; password: string } | undefined> {
  const r = c.imageRegistry;
  if (!r?.sealedPassword || !r.username) return undefined;
  return { username: r.username, password: await secrets.openString(r.sealedPassword, keyContext(c)) };
}

/**
 * The registry's Secrets in the cluster's namespace on the management cluster
 * (none for the default registry): opened here, applied by the saga before
 * the objects that refer to them.
 */
export async function registrySecrets(
  secrets: Envelope,
  c: { domain: string; project: string; id: string; name: string; imageRegistry?: ClusterRegistry },
): Promise<KubeObject[]> {
  const r = c.imageRegistry;
  if (!r || r.type === "default" || !r.url) return [];
  const names = registrySecretNames(c.name);
  const namespace = clusterNamespace(c.id);
  const labels = { "ckp.io/cluster-id": c.id, "cluster.x-k8s.io/cluster-name": c.name };
  const creds = await openRegistryCredentials(secrets, c);
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const out: KubeObject[] = [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: names.config, namespace, labels },
      type: "Opaque",
      data: {
        "hosts.toml": b64(
          containerdHostsToml(r.url, {
            ca: !!r.caBundle,
            ...(creds ? { basicAuth: b64(`${creds.username}:${creds.password}`) } : {}),
          }),
        ),
        ...(r.caBundle ? { "ca.crt": b64(r.caBundle) } : {}),
      },
    },
  ];
  if (creds)
    out.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: names.auth, namespace, labels },
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": b64(dockerConfigJson(r.url, creds.username, creds.password)) },
    });
  return out;
}

/**
 * What the addons get from the cluster's registry: its URL, the management
 * cluster's Secrets CAAPH pulls charts with, and the pull secret's content
 * for the workload cluster (only with credentials).
 */
export async function addonRegistry(
  secrets: Envelope,
  c: { domain: string; project: string; id: string; name: string; imageRegistry?: ClusterRegistry },
  defaultUrl: string,
): Promise<{ imageRegistry: string; registry?: { authSecret?: string; caSecret?: string }; dockerConfigJson?: string }> {
  const url = registryUrlOf(c.imageRegistry, defaultUrl);
  const r = registryRender(c.imageRegistry);
  if (!r.auth && !r.ca) return { imageRegistry: url };
  const names = registrySecretNames(c.name);
  const creds = r.auth ? await openRegistryCredentials(secrets, c) : undefined;
  return {
    imageRegistry: url,
    registry: { ...(r.auth ? { authSecret: names.auth } : {}), ...(r.ca ? { caSecret: names.config } : {}) },
    ...(creds ? { dockerConfigJson: dockerConfigJson(url, creds.username, creds.password) } : {}),
  };
}
