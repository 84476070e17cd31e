import { z } from "zod";
import { dnsLabel, httpUrl } from "../shared/names.js";

/**
 * Infrastructure provider credentials, owned by a domain (domain-admin).
 * Secret fields are write-only: sealed at rest, never in a response, a log
 * line or an event. Provider clusters (also project-scoped ones) name a
 * credential; only provider workers open it.
 */
const url = httpUrl;
const secret = (what: string) => z.string().min(1).max(8192).describe(`${what}. Write-only: never returned.`);
const description = z.string().max(1000).optional();

export const orbiterBmsCredentialInput = z.strictObject({
  type: z.literal("orbiter-bms"),
  name: dnsLabel,
  description,
  endpoint: url.describe("Orbiter Baremetal API endpoint"),
  hardwareAccessSecret: secret("hardware access secret for server allocation and BMC access"),
});

export const ccsOpenstackCredentialInput = z.strictObject({
  type: z.literal("ccs-openstack"),
  name: dnsLabel,
  description,
  authUrl: url.describe("Keystone auth URL of the CCS cloud"),
  applicationCredentialId: z.string().min(1).max(256),
  applicationCredentialSecret: secret("application credential secret"),
  region: z.string().min(1).max(255),
});

export const createCredentialInput = z.discriminatedUnion("type", [orbiterBmsCredentialInput, ccsOpenstackCredentialInput]);
export type CreateCredentialInput = z.infer<typeof createCredentialInput>;
export type CredentialType = CreateCredentialInput["type"];

/** Which input fields are secret, per type. Everything else is shown. */
export const SECRET_FIELDS: Record<CredentialType, readonly string[]> = {
  "orbiter-bms": ["hardwareAccessSecret"],
  "ccs-openstack": ["applicationCredentialSecret"],
};

export interface Credential {
  name: string;
  domain: string;
  type: CredentialType;
  description?: string;
  /** the non-secret fields of the type (endpoint; authUrl, applicationCredentialId, region) */
  config: Record<string, string>;
  /** names of the write-only fields that are set */
  secretFields: string[];
  /** provider clusters naming this credential; it cannot be deleted while > 0 */
  providerClusterCount: number;
  createdAt: string;
  version: number;
}

/** A credential with its secrets opened, for provider workers only. */
export interface OpenedCredential {
  name: string;
  domain: string;
  type: CredentialType;
  config: Record<string, string>;
  secrets: Record<string, string>;
}
