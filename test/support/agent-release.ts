import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { expect, inject } from "vitest";
import { s3Client } from "../../core/aws/s3.js";
import { buckets } from "../../infra/resources.js";
import { buildAgent } from "../../scripts/build-agent.js";
import { type Api, resourceName } from "./api.js";

export interface TestAgentBuild {
  version: string;
  sha256: string;
  file: string;
}

let built: Promise<TestAgentBuild> | undefined;

/**
 * The single-file agent (npm run build:agent), built once per test process.
 * One version for every process: the build is deterministic, so test files
 * running side by side against one control plane publish the same release
 * (a running agent never "upgrades" to another file's build).
 */
export function testAgentBuild(): Promise<TestAgentBuild> {
  built ??= (async () => {
    const version = "0.0.0-test";
    const r = await buildAgent({ version, outfile: join(mkdtempSync(join(tmpdir(), "ckp-agent-build-")), "ckp-agent") });
    return { version, file: r.outfile, sha256: createHash("sha256").update(readFileSync(r.outfile)).digest("hex") };
  })();
  return built;
}

/**
 * Publishes the test build as the agent release, as a platform admin would:
 * the file into the control plane's artifacts bucket, then
 * PUT /v1/agent/release. Machines the providers create install this build.
 */
export async function publishTestAgentRelease(admin: Api, serverEnv: Record<string, string>): Promise<TestAgentBuild> {
  const endpoints = inject("awsEndpoints");
  process.env.AWS_ENDPOINT_URL ??= endpoints.aws;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  const b = await testAgentBuild();
  const key = `agent/ckp-agent-${b.version}`;
  await s3Client().send(
    new PutObjectCommand({ Bucket: resourceName(serverEnv, buckets.artifacts.logical), Key: key, Body: readFileSync(b.file) }),
  );
  const res = await admin.put("/v1/agent/release", { version: b.version, sha256: b.sha256, artifactKey: key });
  expect(res.status, res.text).toBe(200);
  return b;
}
