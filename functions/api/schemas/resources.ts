import { z } from "zod";
import { packagesReport } from "../../../core/agents/health.js";
import { roleSchema } from "../../../core/auth/roles.js";
import { agentReachability, hostRequestStatus, hostStatus } from "../../../core/hosts/model.js";
import { certificatePurpose } from "../../../core/pki/model.js";
import { approvalPolicy } from "../../../core/tenancy/model.js";
import { whoAmISchema } from "./identity.js";

/** Response shapes of the API's resources (named components in OpenAPI). */
const stringMap = z.record(z.string(), z.string());

export const domainSchema = z
  .object({
    name: z.string(),
    displayName: z.string().optional(),
    requireClusterTemplates: z.boolean().optional().describe("clusters of the domain's projects are created from cluster templates"),
    createdAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "Domain" });

export const projectSchema = z
  .object({
    domain: z.string(),
    name: z.string(),
    displayName: z.string().optional(),
    autoApproveHosts: z.boolean().describe("true unless approval.mode is never (the former setting)"),
    approval: approvalPolicy,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "Project" });

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    domain: z.string().optional(),
    project: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "Token" });

export const createdTokenSchema = tokenSchema
  .extend({ token: z.string().describe("the bearer secret; shown only once") })
  .meta({ id: "CreatedToken" });

export const identitySchema = whoAmISchema
  .extend({
    domain: z.string().optional().describe("a token's domain (scope.domain)"),
    project: z.string().optional().describe("a token's project (scope.project)"),
    name: z.string().optional().describe("the token's name, the person's name (or email, or user), or 'bootstrap admin'"),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "Identity" });

export const pskSchema = z.object({ psk: z.string(), version: z.number(), rotatedAt: z.string() }).meta({ id: "HostPsk" });

export const conditionSchema = z
  .object({
    type: z.string(),
    status: z.enum(["True", "False", "Unknown"]),
    reason: z.string(),
    message: z.string(),
    lastTransitionTime: z.string(),
  })
  .meta({ id: "Condition" });

export const hostRequestSchema = z
  .object({
    id: z.string(),
    domain: z.string(),
    project: z.string(),
    machineId: z.string(),
    hostname: z.string(),
    facts: z.record(z.string(), z.unknown()),
    csr: z.string().optional(),
    publicKeySha256: z.string().optional(),
    certificateSerial: z.string().optional(),
    status: hostRequestStatus,
    reason: z.string().optional(),
    hostId: z.string().optional(),
    createdAt: z.string(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: "HostRequest" });

export const hostSchema = z
  .object({
    id: z.string(),
    domain: z.string(),
    project: z.string(),
    machineId: z.string(),
    hostname: z.string(),
    requestId: z.string(),
    facts: z.record(z.string(), z.unknown()),
    labels: stringMap,
    status: hostStatus,
    conditions: z.array(conditionSchema),
    group: z.string().optional(),
    clusterId: z.string().optional(),
    certificateSerial: z.string().optional(),
    agent: z
      .object({
        status: agentReachability,
        lastSeenAt: z.string(),
        via: z.enum(["websocket", "https"]),
        version: z.string().optional(),
        health: z.record(z.string(), z.unknown()).optional(),
        upgrade: z.record(z.string(), z.unknown()).optional(),
        packages: packagesReport.describe(
          "the last installation of a BYOH bundle's packages: installed, refused (refusal: package, check signature|maintainer, key, reason) or failed",
        ),
        unreachableSince: z.string().optional(),
      })
      .optional()
      .describe("what the host's agent last reported; unreachable after missed heartbeats"),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "Host" });

export const hostGroupSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    project: z.string(),
    description: z.string().optional(),
    labels: stringMap,
    managementClusterId: z.string().optional().describe("where the group's free hosts are registered as ByoHosts"),
    managementCluster: z.string().optional(),
    hostCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "HostGroup" });

export const registrationAnswerSchema = z
  .object({
    requestId: z.string(),
    status: hostRequestStatus,
    hostId: z.string().optional(),
    certificate: z.string().optional().describe("PEM host certificate, once approved, to a registration that sent the machine's CSR"),
    certificateSerial: z.string().optional(),
    caCertificate: z.string().optional().describe("PEM CA certificate that issued it"),
    agentApiUrl: z.string().optional().describe("base URL of the mTLS endpoint hosts use once they hold a certificate"),
  })
  .meta({ id: "RegistrationAnswer" });

export const certificateSchema = z
  .object({
    serial: z.string(),
    subject: z.string(),
    sans: z.array(z.string()),
    purpose: certificatePurpose,
    domain: z.string().optional(),
    project: z.string().optional(),
    hostId: z.string().optional(),
    clusterId: z.string().optional().describe("the cluster a cluster certificate (its CA) belongs to"),
    notBefore: z.string(),
    notAfter: z.string(),
    fingerprint: z.string(),
    publicKeySha256: z.string(),
    pem: z.string(),
    revoked: z.boolean(),
    revokedAt: z.string().optional(),
    revocationReason: z.string().optional(),
    issuedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "Certificate" });

export const agentReleaseSchema = z
  .object({
    version: z.string(),
    sha256: z.string(),
    artifactKey: z.string().optional(),
    url: z.string().optional(),
    notes: z.string().optional(),
    publishedAt: z.string(),
    publishedBy: z.string(),
  })
  .meta({ id: "AgentRelease" });

export const agentReleaseForHostSchema = z
  .object({ version: z.string(), sha256: z.string(), url: z.string().describe("absolute, or a path on the mTLS endpoint") })
  .meta({ id: "AgentReleaseForHost" });

export const wsTicketSchema = z
  .object({ ticket: z.string(), expiresAt: z.string(), url: z.string().describe("WebSocket URL; connect with ?ticket=") })
  .meta({ id: "AgentWsTicket" });

export const heartbeatAnswerSchema = z
  .object({ type: z.literal("ack"), at: z.string(), release: agentReleaseForHostSchema.optional() })
  .meta({ id: "HeartbeatAck" });

export const packageKeySchema = z
  .object({
    fingerprint: z.string().describe("upper-case hex fingerprint of the primary key"),
    publicKey: z.string().describe("the armored public key"),
    userIds: z.array(z.string()),
    algorithm: z.string(),
    createdAt: z.string().describe("when the key was made (from the key)"),
    comment: z.string().optional(),
    status: z.enum(["active", "retired"]).describe("agents trust active keys only"),
    addedAt: z.string(),
    addedBy: z.string(),
    retiredAt: z.string().optional(),
    retiredBy: z.string().optional(),
  })
  .meta({ id: "PackageKey" });

export const trustedKeySchema = z.object({ fingerprint: z.string(), publicKey: z.string() }).meta({ id: "TrustedPackageKey" });

export const bundleForHostSchema = z
  .object({
    kubernetesVersion: z.string(),
    os: z.string(),
    repository: z.string(),
    ociReference: z.string(),
    digest: z.string(),
    architectures: z.array(z.string()),
    packages: z.record(z.string(), z.string()),
    publishedAt: z.string(),
    trustedKeys: z.array(trustedKeySchema).describe("the active package-signing keys; a package none of them signed is refused"),
  })
  .meta({ id: "ByohBundleForHost" });
