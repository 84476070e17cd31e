import { randomUUID } from "node:crypto";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { unprocessable } from "../shared/errors.js";
import type { S3Target } from "./location-model.js";

/**
 * The check a location passes before it is stored: the control plane
 * reaches the bucket with the location's own keys, writes a probe object
 * under the prefix and removes it — what Velero will need to do. A failure
 * is a 422 with the cause: the endpoint cannot be reached (or its
 * certificate is not trusted), the keys are refused, or the bucket does not
 * exist. One attempt, short timeouts: a client waits for the answer.
 */
export interface S3Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

const CONNECT_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 5_000;

const KEYS_REFUSED = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "InvalidToken",
  "ExpiredToken",
  "AllAccessDisabled",
  "AccountProblem",
]);

/** The S3 API's host a target reaches: its endpoint's, or AWS S3's in its region. */
export function endpointHost(t: Pick<S3Target, "endpoint" | "region">): string {
  return t.endpoint ? new URL(t.endpoint).hostname.toLowerCase() : `s3.${t.region}.amazonaws.com`;
}

/**
 * Refuses an endpoint this installation does not let locations use (422
 * `backup-location.endpoint-not-allowed`): `allowedHosts` lists host names
 * (a leading dot allows a domain's sub-domains); none listed allows any.
 */
export function checkEndpointAllowed(t: Pick<S3Target, "endpoint" | "region">, allowedHosts: readonly string[] | undefined): void {
  if (!allowedHosts || allowedHosts.length === 0) return;
  const host = endpointHost(t).replace(/^\[|\]$/g, "");
  const ok = allowedHosts.some((a) => (a.startsWith(".") ? host.endsWith(a) : host === a.toLowerCase()));
  if (!ok) {
    throw unprocessable(
      `this installation does not let backup locations use ${t.endpoint ? `endpoint ${t.endpoint}` : `AWS S3 (${host})`}; allowed hosts: ${allowedHosts.join(", ")}`,
      { allowedHosts: [...allowedHosts] },
      "backup-location.endpoint-not-allowed",
    );
  }
}

function client(t: S3Target, keys: S3Keys): S3Client {
  const agentOptions = { keepAlive: false, ...(t.caBundle ? { ca: t.caBundle } : {}) };
  return new S3Client({
    region: t.region,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    forcePathStyle: t.s3ForcePathStyle,
    credentials: keys,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
}

function where(t: S3Target): string {
  return `bucket ${t.bucket}${t.prefix ? ` (prefix ${t.prefix})` : ""} at ${t.endpoint ?? `AWS S3 ${t.region}`}`;
}

/** Why a probe failed, as the problem the client gets. */
export function probeFailure(t: S3Target, e: unknown) {
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = err.name ?? "";
  const status = err.$metadata?.httpStatusCode;
  if (name === "NoSuchBucket") {
    return unprocessable(`${where(t)}: the bucket does not exist`, { reason: name }, "backup-location.bucket-missing");
  }
  if (KEYS_REFUSED.has(name) || status === 403) {
    return unprocessable(
      `${where(t)}: the store refused the keys (${name || `HTTP ${status}`}); check the access key and its permissions to write and delete under the prefix`,
      { reason: name || `HTTP ${status}` },
      "backup-location.access-denied",
    );
  }
  const cause = err.code ?? name ?? "Error";
  return unprocessable(
    `${where(t)} cannot be reached: ${cause}${err.message ? ` (${err.message})` : ""}`,
    { reason: cause },
    "backup-location.unreachable",
  );
}

/** Writes and removes a probe object under the prefix; throws the 422 that says why it could not. */
export async function probeBucket(t: S3Target, keys: S3Keys): Promise<void> {
  const s3 = client(t, keys);
  const key = `${t.prefix ? `${t.prefix}/` : ""}.ckp-probe-${randomUUID()}`;
  try {
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: "ckp backup location check\n" }));
    await s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: key }));
  } catch (e) {
    throw probeFailure(t, e);
  } finally {
    s3.destroy();
  }
}
