import { z } from "zod";
import { dateTime } from "../shared/names.js";
import { MIN_NUMBER_MAGNITUDE, refineStorable } from "../store/storable.js";

export const MAX_HEALTH_BYTES = 8 * 1024;

/** A storable (core/store/storable.ts), non-negative number: 0, or from 1e-130 to 2^53 - 1. */
const num = z.union([z.literal(0), z.number().min(MIN_NUMBER_MAGNITUDE).max(Number.MAX_SAFE_INTEGER)]);

/** Health facts an agent reports with each heartbeat (product §10). */
export const healthSchema = z
  .object({
    uptimeSeconds: num.optional(),
    load: z.array(num).max(3).optional(),
    memory: z.object({ totalBytes: num, availableBytes: num }).partial().optional(),
    disk: z
      .object({ path: z.string().max(256), totalBytes: num, availableBytes: num })
      .partial()
      .optional(),
    kernel: z.string().max(256).optional(),
    containerRuntime: z
      .object({ name: z.string().max(64), version: z.string().max(128).optional(), socket: z.string().max(256).optional() })
      .nullable()
      .optional(),
  })
  .loose()
  .superRefine((h, ctx) => {
    if (Buffer.byteLength(JSON.stringify(h)) > MAX_HEALTH_BYTES) {
      ctx.addIssue({ code: "custom", message: `health must be at most ${MAX_HEALTH_BYTES} bytes of JSON` });
      return;
    }
    // stored on the host (inside `agent`), like facts
    refineStorable(h, ctx, 16);
  });

export const agentVersion = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/, "a version such as 1.2.3 or 1.2.3-rc.1");

export const upgradeReport = z
  .strictObject({
    status: z.enum(["succeeded", "failed"]),
    version: agentVersion,
    at: dateTime,
    error: z.string().max(1000).optional(),
  })
  .optional();

/** The agent's last installation of a BYOH bundle's packages (product §2.4): installed, refused by a check, or failed otherwise. */
export const packagesReport = z
  .strictObject({
    status: z.enum(["installed", "refused", "failed"]),
    /** ociReference@digest of the bundle */
    bundle: z.string().min(1).max(600),
    at: dateTime,
    packages: z.array(z.string().max(256)).max(64).optional(),
    refusal: z
      .strictObject({
        package: z.string().max(256),
        check: z.enum(["signature", "maintainer"]),
        key: z.string().max(64).optional(),
        reason: z.string().max(1000),
      })
      .optional(),
    error: z.string().max(1000).optional(),
  })
  .optional();

export type PackagesReport = NonNullable<z.infer<typeof packagesReport>>;

/** A heartbeat, over the WebSocket or HTTPS. */
export const heartbeatInput = z.strictObject({
  version: agentVersion,
  health: healthSchema,
  upgrade: upgradeReport,
  packages: packagesReport,
});
export type HeartbeatInput = z.infer<typeof heartbeatInput>;
