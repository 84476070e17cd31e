import { z } from "zod";
import { roleSchema } from "../../../core/auth/roles.js";
import { hostRequestStatus, hostStatus } from "../../../core/hosts/model.js";

/** Response shapes of the API's resources (named components in OpenAPI). */
const stringMap = z.record(z.string(), z.string());

export const domainSchema = z
  .object({ name: z.string(), displayName: z.string().optional(), createdAt: z.string(), version: z.number() })
  .meta({ id: "Domain" });

export const projectSchema = z
  .object({
    domain: z.string(),
    name: z.string(),
    displayName: z.string().optional(),
    autoApproveHosts: z.boolean(),
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

export const pskSchema = z
  .object({ psk: z.string(), version: z.number(), rotatedAt: z.string() })
  .meta({ id: "HostPsk" });

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
    hostCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "HostGroup" });

export const registrationAnswerSchema = z
  .object({ requestId: z.string(), status: hostRequestStatus, hostId: z.string().optional() })
  .meta({ id: "RegistrationAnswer" });
