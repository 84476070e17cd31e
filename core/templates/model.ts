import { z } from "zod";
import { dnsLabel } from "../shared/names.js";

/**
 * Cluster templates (k0rdent's ClusterTemplate): a platform lead publishes
 * the approved shape of a cluster as a named, immutable, versioned spec with
 * declared parameters; engineers fill in the parameters. A version never
 * changes once published; it can only be deprecated (existing clusters keep
 * it, new clusters cannot take it).
 */

/** Versions are semantic versions without pre-release or build parts, compared numerically. */
export const TEMPLATE_VERSION = /^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/;
export const templateVersion = z.string().max(20).regex(TEMPLATE_VERSION, "a version MAJOR.MINOR.PATCH, e.g. 1.2.0");

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
export type ParameterValue = z.infer<typeof scalar>;

/** A parameter's name as it appears in a placeholder: `{{ workers }}`. */
export const PARAMETER_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
const parameterName = z.string().max(63).regex(PARAMETER_NAME, "letters, digits and '_', starting with a letter");
/** Parameter values by name; the key rule stated for the OpenAPI document too (a record's keys are not otherwise). */
const parameterValues = () =>
  z
    .record(parameterName, scalar)
    .refine((m) => Object.keys(m).length <= 50, { message: "at most 50 parameters" })
    .meta({ propertyNames: { maxLength: 63, pattern: PARAMETER_NAME.source }, maxProperties: 50 });

export const parameterDecl = z.strictObject({
  name: parameterName,
  type: z.enum(["string", "integer", "boolean"]),
  description: z.string().max(1000).optional(),
  default: scalar.optional().describe("used when the cluster's request leaves the parameter out; without one the parameter is required"),
  allowed: z.array(scalar).min(1).max(100).optional().describe("the only values the parameter may take"),
  minimum: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional().describe("integers only: the smallest value"),
  maximum: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional().describe("integers only: the largest value"),
});
export type ParameterDecl = z.infer<typeof parameterDecl>;

/**
 * The spec is the body of `POST …/clusters` without `name`, where any value
 * may be a placeholder. A string that is exactly `{{ p }}` becomes p's value
 * with its type (so `"workers": "{{ workers }}"` is a number); `{{ p }}`
 * inside a longer string is replaced by its text. Its shape is checked when
 * it is published, by rendering it (core/templates/render.ts).
 */
const spec = z
  .record(z.string().max(253), z.unknown())
  .refine((m) => Object.keys(m).length <= 64, { message: "at most 64 fields" })
  .meta({ propertyNames: { maxLength: 253 }, maxProperties: 64 });

export const publishTemplateInput = z.strictObject({
  name: dnsLabel,
  version: templateVersion,
  description: z.string().max(1000).optional(),
  parameters: z.array(parameterDecl).max(50).default([]),
  spec: spec.describe("POST …/clusters without name; values may be placeholders {{ parameter }}"),
  offeredTo: z
    .strictObject({ allProjects: z.boolean().default(false), projects: z.array(dnsLabel).max(500).default([]) })
    .optional()
    .describe("who may create clusters from the template; set on the template (all its versions), kept when omitted"),
});
export type PublishTemplateInput = z.infer<typeof publishTemplateInput>;

export const offeringInput = z.strictObject({ allProjects: z.boolean().default(false), projects: z.array(dnsLabel).max(500).default([]) });
export type Offering = z.infer<typeof offeringInput>;

export const updateTemplateInput = z.strictObject({
  description: z.string().max(1000).optional(),
  offeredTo: offeringInput.optional(),
});

export const updateTemplateVersionInput = z.strictObject({
  deprecated: z.boolean().describe("a deprecated version stays with the clusters made from it, and is offered to no new cluster"),
});

export interface TemplateVersionSummary {
  version: string;
  deprecated: boolean;
  publishedAt: string;
}

/** The template: its offering and its versions (each immutable). */
export interface ClusterTemplate {
  name: string;
  domain: string;
  description?: string;
  offeredTo: Offering;
  /** the newest version that is not deprecated; null when every version is */
  latest: string | null;
  versions: TemplateVersionSummary[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ClusterTemplateVersion {
  name: string;
  domain: string;
  version: string;
  description?: string;
  parameters: ParameterDecl[];
  spec: Record<string, unknown>;
  deprecated: boolean;
  publishedAt: string;
  publishedBy: string;
}

/** What a cluster made from a template records. */
export interface ClusterTemplateRef {
  name: string;
  version: string;
  parameters: Record<string, ParameterValue>;
}

/** `POST …/clusters` from a template. */
export const createFromTemplateInput = z.strictObject({
  name: dnsLabel,
  template: dnsLabel.describe("a cluster template offered to the project (GET …/projects/{project}/cluster-templates)"),
  version: templateVersion.optional().describe("the template's version; its newest one that is not deprecated when left out"),
  parameters: parameterValues().default({}).describe("values of the template's declared parameters"),
  description: z.string().max(1000).optional(),
});
export type CreateFromTemplateInput = z.infer<typeof createFromTemplateInput>;

export const moveTemplateInput = z.strictObject({
  version: templateVersion,
  parameters: parameterValues()
    .optional()
    .describe("values that replace the cluster's; the others are kept (or the new version's default, for a new parameter)"),
});

/** Compares two TEMPLATE_VERSION strings numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
