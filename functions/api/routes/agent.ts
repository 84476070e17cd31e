import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { healthSchema, heartbeatInput } from "../../../core/agents/health.js";
import {
  currentRelease,
  downloadableBuild,
  publishRelease,
  releaseForAgent,
  releaseInput,
  requireRelease,
} from "../../../core/agents/release.js";
import { reportHeartbeat } from "../../../core/agents/status.js";
import { createTicket } from "../../../core/agents/tickets.js";
import { authorize } from "../../../core/auth/authorize.js";
import { hostPlatform } from "../../../core/clusters/platform.js";
import { SUPPORTED_VERSIONS } from "../../../core/clusters/versions.js";
import type { Host } from "../../../core/hosts/model.js";
import { facts, MAX_FACTS_BYTES, MAX_FACTS_DEPTH, registrationInput } from "../../../core/hosts/model.js";
import { register } from "../../../core/hosts/registration.js";
import { activePackageKeys } from "../../../core/packages/trusted-keys.js";
import { notFound, RetryableError, unprocessable } from "../../../core/shared/errors.js";
import { keys } from "../../../core/store/keys.js";
import { getItem } from "../../../core/store/read.js";
import { artifactsBucket } from "../../shared/queues.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { requireHost } from "../middleware/host-auth.js";
import { route } from "../route.js";
import { jsonBody, jsonResponse, storableRecord, withStorableExtras } from "../schemas/common.js";
import {
  agentReleaseForHostSchema,
  agentReleaseSchema,
  bundleForHostSchema,
  heartbeatAnswerSchema,
  registrationAnswerSchema,
  wsTicketSchema,
} from "../schemas/resources.js";

const tags = ["Agent"];
const host = [{ hostCertificate: [] }];

/** Where hosts reach the mTLS API and the WebSocket (set by infra on AWS, by the dev server locally). */
const agentApiUrl = () => process.env.CKP_AGENT_API_URL;
const agentWsUrl = () => process.env.CKP_AGENT_WS_URL;

/**
 * Host agents: registration with a PSK proof, then — holding the
 * certificate issued on approval — heartbeats, WebSocket tickets and
 * releases over mutual TLS.
 */
export function agentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/agent/register",
        tags,
        summary: "Register a host (PSK proof)",
        description:
          "proof = base64(HMAC-SHA256(key = PSK, message = domain\\nproject\\nmachineId\\ntimestamp\\nnonce)). " +
          "The timestamp must be within 5 minutes of the server clock and each nonce is accepted once. " +
          "The same machineId registering again gets its existing request (or host) back. With a CSR, the machine is bound to " +
          "the CSR's key; once approved, a registration with a CSR for that key receives the host certificate. " +
          "Repeated failures for one machine id answer 429 with Retry-After.",
        security: [],
        request: {
          body: jsonBody(
            registrationInput.extend({
              facts: storableRecord(
                facts,
                { minLength: 1, maxLength: 128 },
                `at most ${MAX_FACTS_BYTES} bytes of JSON, objects and arrays nested at most ${MAX_FACTS_DEPTH} levels`,
              ),
            }),
          ),
        },
        responses: {
          202: jsonResponse(registrationAnswerSchema, "Accepted: the request and its status"),
        },
      },
      [
        "registration.proof-invalid",
        "registration.timestamp-skewed",
        "registration.nonce-reused",
        "registration.key-mismatch",
        "registration.key-required",
        "registration.interrupted",
        "registration.throttled",
      ],
    ),
    async (c) => {
      const answer = await register(c.get("deps"), c.req.valid("json"), c.get("requestId"));
      const api = agentApiUrl();
      return c.json({ ...answer, ...(answer.certificate && api ? { agentApiUrl: api } : {}) }, 202);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: "/v1/agent/heartbeat",
      tags,
      summary: "Report health over HTTPS (the fallback when the WebSocket is unavailable)",
      security: host,
      request: { body: jsonBody(heartbeatInput.extend({ health: withStorableExtras(healthSchema) })) },
      responses: { 200: jsonResponse(heartbeatAnswerSchema, "Recorded") },
    }),
    async (c) => {
      const h = requireHost(c);
      const deps = c.get("deps");
      await reportHeartbeat(deps, ctxOf(c), h, h.hostId, { ...c.req.valid("json"), via: "https" });
      const release = await currentRelease(deps);
      return c.json(
        { type: "ack" as const, at: deps.clock.now().toISOString(), ...(release ? { release: releaseForAgent(release) } : {}) },
        200,
      );
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/agent/ws-ticket",
        tags,
        summary: "A single-use ticket (60 s) to open the agent WebSocket",
        security: host,
        responses: {
          200: jsonResponse(wsTicketSchema, "The ticket and where to use it"),
        },
      },
      ["agent.websocket-unavailable"],
    ),
    async (c) => {
      const h = requireHost(c);
      const url = agentWsUrl();
      if (!url)
        throw new RetryableError("this installation has no agent WebSocket endpoint; report over HTTPS", undefined, {
          code: "agent.websocket-unavailable",
          retryAfter: 60,
        });
      const ticket = await createTicket(c.get("deps"), h);
      return c.json({ ...ticket, url }, 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/agent/release",
      tags,
      summary: "The agent release hosts should run (hosts over mTLS, or a platform admin)",
      security: [...host, { bearer: [] }],
      responses: { 200: jsonResponse(agentReleaseForHostSchema.or(agentReleaseSchema), "The release") },
    }),
    async (c) => {
      const deps = c.get("deps");
      if (c.get("host")) return c.json(releaseForAgent(await requireRelease(deps)), 200);
      authorize(c.get("principal"), "read", {});
      return c.json(await requireRelease(deps), 200);
    },
  );

  app.openapi(
    route(
      {
        method: "put",
        path: "/v1/agent/release",
        tags,
        summary: "Name the agent release hosts upgrade to (platform-admin)",
        description:
          "artifactKey names an object in the artifacts bucket (served to hosts over mTLS); url any other location. Agents verify sha256.",
        request: { body: jsonBody(releaseInput) },
        responses: { 200: jsonResponse(agentReleaseSchema, "Published") },
      },
      ["agent-release.artifact-missing"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const deps = c.get("deps");
      const release = await publishRelease(deps, ctxOf(c), c.req.valid("json"), (key) => artifactExists(deps.artifactsBucket, key));
      return c.json(release, 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/agent/release/artifact",
      tags,
      summary: "Download the current release's build (hosts over mTLS)",
      security: host,
      responses: {
        200: { description: "The build", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      },
    }),
    async (c) => {
      requireHost(c);
      const deps = c.get("deps");
      const release = await requireRelease(deps);
      if (!release.artifactKey || !deps.artifactsBucket) throw notFound("release artifact");
      const body = await readArtifact(deps.artifactsBucket, release.artifactKey);
      return c.body(body, 200, { "content-type": "application/octet-stream", "x-ckp-agent-version": release.version });
    },
  );

  app.openapi(
    route(
      {
        method: "get",
        path: "/v1/agent/bundle",
        tags,
        summary: "The BYOH bundle manifest for this host's OS, with the package keys to trust (hosts over mTLS)",
        description:
          "The manifest published for the Kubernetes version and the host's OS (from its facts, or its ckp.io/os label), and " +
          "trustedKeys: the installation's active package-signing keys. The agent refuses a package that none of them signed or " +
          "whose Maintainer is not Coredge.io (product §2.4). 422 when the host's OS has no bundles; 404 when none is published.",
        security: host,
        request: { query: z.object({ kubernetesVersion: z.enum(SUPPORTED_VERSIONS as [string, ...string[]]) }) },
        responses: { 200: jsonResponse(bundleForHostSchema, "The manifest and the keys") },
      },
      ["unprocessable-request"],
    ),
    async (c) => {
      const h = requireHost(c);
      const deps = c.get("deps");
      const [{ s3Client }, bundles] = await Promise.all([import("../../../core/aws/s3.js"), import("../../../core/clusters/bundles.js")]);
      const item = await getItem<Host>(deps, keys.host(h, h.hostId), `host ${h.hostId}`);
      const platform = hostPlatform(item);
      const os = bundles.bundleOsOf(platform.os);
      if (!os) throw unprocessable(`host ${h.hostId} runs ${platform.os ?? "an unknown OS"}, for which no BYOH bundles exist`);
      const manifest = await bundles.getBundle({ s3: s3Client(), bucket: artifactsBucket() }, c.req.valid("query").kubernetesVersion, os);
      return c.json({ ...manifest, trustedKeys: await activePackageKeys(deps) }, 200);
    },
  );

  downloadRoute(app);
}

/**
 * The bootstrap download: machines that are not registered yet (no
 * certificate, no token) install the agent from here. Without a
 * credential on purpose — the build holds no secret (the PSK comes with
 * the machine's user data, not with the build) — and safe because the
 * machine checks the SHA-256 its cloud-init names before installing, and
 * only builds a platform admin published as a release are served (by
 * digest), never any other object of the artifacts bucket.
 */
function downloadRoute(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route({
      method: "get",
      path: "/v1/agent/download",
      tags,
      summary: "Download an agent build (no authentication: for machines that are not registered yet)",
      description:
        "Without `sha256`: the current release's build. With `sha256`: the build published with that digest (the cloud-init of provisioned " +
        "machines pins it), even after a newer release. A release given by `url` answers 302 to it. Check the digest of what you download.",
      security: [],
      request: {
        query: z.object({
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits")
            .optional(),
        }),
      },
      responses: {
        200: { description: "The build", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
        302: { description: "The release is kept elsewhere: its URL" },
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { sha256 } = c.req.valid("query");
      const build = await downloadableBuild(deps, sha256);
      const headers = {
        "x-ckp-agent-version": build.version,
        "x-ckp-agent-sha256": build.sha256,
        // a digest names one build for ever; "the current one" changes with the next release
        "cache-control": sha256 ? "public, max-age=31536000, immutable" : "no-cache",
      };
      if (build.url) return c.body(null, 302, { ...headers, location: build.url });
      if (!build.artifactKey || !deps.artifactsBucket) throw notFound("agent build");
      const body = await readArtifact(deps.artifactsBucket, build.artifactKey);
      return c.body(body, 200, {
        ...headers,
        "content-type": "application/octet-stream",
        "content-disposition": 'attachment; filename="ckp-agent"',
      });
    },
  );
}

async function artifactExists(bucket: string | undefined, key: string): Promise<boolean> {
  if (!bucket) return false;
  const [{ HeadObjectCommand }, { s3Client }] = await Promise.all([import("@aws-sdk/client-s3"), import("../../../core/aws/s3.js")]);
  try {
    await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    const name = (e as Error).name;
    if (name === "NotFound" || name === "NoSuchKey") return false;
    throw e;
  }
}

async function readArtifact(bucket: string, key: string): Promise<Uint8Array<ArrayBuffer>> {
  const [{ GetObjectCommand }, { s3Client }] = await Promise.all([import("@aws-sdk/client-s3"), import("../../../core/aws/s3.js")]);
  try {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return new Uint8Array(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  } catch (e) {
    if ((e as Error).name === "NoSuchKey") throw notFound(`release artifact ${key}`);
    throw e;
  }
}
