import { z } from "zod";
import type { CredentialType } from "../credentials/model.js";
import { dnsLabel, exactlyOneOf } from "../shared/names.js";
import { type LabelSelector, labelSelector } from "../shared/selector.js";

/**
 * Provider clusters (product §13): the configuration that maps a CKP cluster to
 * its infrastructure provider — which provider, with which credential, on
 * which management cluster (named, or chosen by a placement rule), and the
 * defaults machines get. Defined for a whole domain or for one project.
 */
export const providerType = z.enum(["orbiter-bms", "ccs-vm"]);
export type ProviderType = z.infer<typeof providerType>;

/** The credential type each provider type authenticates with. */
export const CREDENTIAL_TYPE: Record<ProviderType, CredentialType> = {
  "orbiter-bms": "orbiter-bms",
  "ccs-vm": "ccs-openstack",
};

export const nodeOs = z.enum(["ubuntu-20.04", "ubuntu-22.04", "rhel-9"]);
export const nodeArch = z.enum(["amd64", "arm64"]);
const ref = z.string().min(1).max(255);

export const ccsVmDefaults = z.strictObject({
  images: z
    .array(z.strictObject({ os: nodeOs, arch: nodeArch, image: ref.describe("image name or id in the CCS cloud") }))
    .min(1)
    .max(32)
    .describe("the image per OS and architecture")
    .superRefine((images, ctx) => {
      const seen = new Set<string>();
      for (const [i, im] of images.entries()) {
        const k = `${im.os}/${im.arch}`;
        if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i], message: `${k} is listed twice` });
        seen.add(k);
      }
    })
    // each OS and architecture at most once, for the OpenAPI document (the refinement above)
    .meta({
      allOf: nodeOs.options.flatMap((os) =>
        nodeArch.options.map((arch) => ({
          contains: { properties: { os: { const: os }, arch: { const: arch } }, required: ["os", "arch"] },
          minContains: 0,
          maxContains: 1,
        })),
      ),
    }),
  flavor: ref,
  network: ref,
  securityGroups: z.array(ref).max(32).default([]),
});

export const orbiterBmsDefaults = z.strictObject({
  serverPool: ref,
  cloudInitTemplate: z
    .string()
    .min(1)
    .max(64 * 1024)
    .describe("cloud-init user data template"),
});

const common = {
  description: z.string().max(1000).optional(),
  credential: dnsLabel.describe("name of a credential of the domain"),
  managementCluster: z
    .string()
    .max(63)
    .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?|mc_[0-9a-z]{26})$/, "a management cluster's name or id")
    .optional()
    .describe("management cluster name or id; or give placement"),
  placement: labelSelector.optional().describe("choose the management cluster per new cluster by label selector, then least loaded"),
};

const ccsVm = z
  .strictObject({ type: z.literal("ccs-vm"), ...common, defaults: ccsVmDefaults })
  .meta(exactlyOneOf("managementCluster", "placement"));
const orbiterBms = z
  .strictObject({ type: z.literal("orbiter-bms"), ...common, defaults: orbiterBmsDefaults })
  .meta(exactlyOneOf("managementCluster", "placement"));

function oneTarget(v: { managementCluster?: string | undefined; placement?: LabelSelector | undefined }, ctx: z.RefinementCtx) {
  if ((v.managementCluster === undefined) === (v.placement === undefined)) {
    ctx.addIssue({ code: "custom", path: ["managementCluster"], message: "give exactly one of managementCluster and placement" });
  }
}

export const createProviderClusterInput = z
  .discriminatedUnion("type", [
    ccsVm.extend({ name: dnsLabel }).meta(exactlyOneOf("managementCluster", "placement")),
    orbiterBms.extend({ name: dnsLabel }).meta(exactlyOneOf("managementCluster", "placement")),
  ])
  .superRefine(oneTarget);
/** PUT: the whole configuration again, without the name. */
export const updateProviderClusterInput = z.discriminatedUnion("type", [ccsVm, orbiterBms]).superRefine(oneTarget);

export type CreateProviderClusterInput = z.infer<typeof createProviderClusterInput>;
export type UpdateProviderClusterInput = z.infer<typeof updateProviderClusterInput>;

/** Where a provider cluster is defined: a domain, or a project of it. */
export interface ProviderScope {
  domain: string;
  project?: string;
}

export interface ProviderCluster {
  name: string;
  domain: string;
  project?: string;
  scope: "domain" | "project";
  type: ProviderType;
  description?: string;
  credential: string;
  managementCluster?: { id: string; name: string };
  placement?: LabelSelector;
  defaults: z.infer<typeof ccsVmDefaults> | z.infer<typeof orbiterBmsDefaults>;
  /** clusters using it; it cannot be deleted while > 0 */
  clusterCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ProviderStatus {
  domain: string;
  /** the domain has at least one provider cluster (its own or a project's) */
  configured: boolean;
  /** ready: every provider cluster can be used now; degraded: some cannot; not-configured: none */
  status: "ready" | "degraded" | "not-configured";
  checkedAt: string;
  providerClusters: Array<{
    name: string;
    scope: "domain" | "project";
    project?: string;
    type: ProviderType;
    ready: boolean;
    credential: { name: string; present: boolean };
    /** what the provider API said when asked (CCS: Keystone auth, network, flavor, security groups, images; Orbiter BMS: the server pool) */
    provider: { reachable: boolean; authenticated: boolean; message: string };
    managementClusters: Array<{ id: string; name: string; reachable: boolean; ready: boolean; message?: string }>;
    problems: string[];
  }>;
  /** more provider clusters exist than were checked */
  truncated: boolean;
}
