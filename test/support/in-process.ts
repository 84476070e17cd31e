import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject } from "vitest";
import { dynamoClient, dynamoDocumentClient } from "../../core/aws/clients.js";
import { Envelope } from "../../core/crypto/envelope.js";
import { LocalKeyProvider } from "../../core/crypto/local-key-provider.js";
import { hashSecret } from "../../core/crypto/token-hash.js";
import type { Deps } from "../../core/deps.js";
import { systemClock } from "../../core/shared/clock.js";
import { apiDocument, createApp } from "../../functions/api/app.js";

/**
 * The HTTP API in the test process (`app.request()`), on real tables in
 * DynamoDB Local (test/support/api.setup.ts). Every answer is checked
 * against the OpenAPI document the app serves: its status must be one the
 * operation documents and, for a problem, its code one listed under that
 * status.
 */

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

type Doc = Awaited<ReturnType<typeof apiDocument>>;
let doc: Promise<Doc> | undefined;

function operationOf(d: Doc, method: string, path: string): Record<string, any> | undefined {
  for (const [template, item] of Object.entries(d.paths ?? {})) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(path)) return (item as Record<string, any>)[method.toLowerCase()];
  }
  return undefined;
}

/** The codes the document lists for this operation and status (undefined: not a documented problem status). */
export async function documentedCodes(method: string, path: string, status: number): Promise<string[] | undefined> {
  doc ??= apiDocument();
  const op = operationOf(await doc, method, path);
  const response = op?.responses?.[String(status)];
  const schema = response?.content?.["application/problem+json"]?.schema;
  return schema?.allOf?.[1]?.properties?.code?.enum;
}

async function checkAgainstDocument(method: string, path: string, a: Answer): Promise<void> {
  doc ??= apiDocument();
  const op = operationOf(await doc, method, path);
  if (!op) return; // no such operation: the 404 of an unknown route
  expect(Object.keys(op.responses), `${method} ${path} answered ${a.status}, which its document does not list`).toContain(String(a.status));
  if (a.status >= 400) {
    const codes = await documentedCodes(method, path, a.status);
    expect(codes, `${method} ${path}: ${a.status} is not documented as a problem`).toBeDefined();
    expect(codes, `${method} ${path} answered ${a.status} ${a.body?.code}, not among the codes documented for it`).toContain(a.body?.code);
  }
}

export interface InProcessApi {
  deps: Deps;
  adminToken: string;
  request<T = any>(
    method: string,
    path: string,
    o?: { body?: unknown; rawBody?: string | Uint8Array; token?: string | null; headers?: Record<string, string> },
  ): Promise<Answer<T>>;
}

/** A fresh app on the tier's tables, with its own bootstrap admin token and key file. */
export function inProcessApi(): InProcessApi {
  const { main, idempotency, dynamodb } = inject("apiTables");
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb;
  const deps: Deps = {
    db: dynamoDocumentClient(),
    table: main,
    secrets: new Envelope(new LocalKeyProvider(join(tmpdir(), `ckp-api-tier-${randomUUID()}.key`))),
    clock: systemClock,
  };
  const adminToken = `ckp_admin_${randomBytes(16).toString("hex")}`;
  const app = createApp({
    deps: () => deps,
    adminTokenHash: () => hashSecret(adminToken),
    idempotencyTable: () => idempotency,
    dynamoClient,
  });
  return {
    deps,
    adminToken,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? adminToken : o.token;
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | Uint8Array | undefined = o.rawBody;
      if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
        headers["content-type"] = "application/json";
      }
      const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      const answer: Answer = {
        status: res.status,
        headers: res.headers,
        body: (res.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : text,
      };
      await checkAgainstDocument(method, new URL(path, "http://x").pathname, answer);
      return answer;
    },
  };
}

/** Asserts a problem answer: status, code, `type` ending in the code, the request id of the response. */
export function expectProblem(a: Answer, status: number, code: string): void {
  expect({ status: a.status, code: a.body?.code }, JSON.stringify(a.body)).toEqual({ status, code });
  expect(a.headers.get("content-type")).toContain("application/problem+json");
  expect(a.body.type).toBe(`https://ckp.coredge.io/problems/${code}`);
  expect(a.body.requestId).toBe(a.headers.get("x-request-id"));
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

/** A domain and project with a project-admin token, made through the API. */
export async function tenant(api: InProcessApi): Promise<{ domain: string; project: string; base: string; projectAdmin: string }> {
  const domain = uniqueName("d");
  const project = "edge";
  expect((await api.request("POST", "/v1/domains", { body: { name: domain } })).status).toBe(201);
  expect((await api.request("POST", `/v1/domains/${domain}/projects`, { body: { name: project } })).status).toBe(201);
  const tok = await api.request("POST", "/v1/tokens", { body: { name: "pa", role: "project-admin", domain, project } });
  expect(tok.status).toBe(201);
  return { domain, project, base: `/v1/domains/${domain}/projects/${project}`, projectAdmin: tok.body.token };
}

/** A registration body with a valid proof for the project's current PSK. */
export async function registration(
  api: InProcessApi,
  t: { domain: string; project: string; base: string },
  o: { machineId?: string; timestamp?: number; nonce?: string; psk?: string } = {},
) {
  const psk = o.psk ?? (await api.request("GET", `${t.base}/host-psk`)).body.psk;
  const machineId = o.machineId ?? randomUUID();
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = o.nonce ?? randomBytes(16).toString("hex");
  const proof = createHmac("sha256", psk).update([t.domain, t.project, machineId, timestamp, nonce].join("\n")).digest("base64");
  return {
    domain: t.domain,
    project: t.project,
    machineId,
    hostname: "node-1",
    facts: { os: { id: "ubuntu", version: "22.04" }, arch: "amd64", cpus: 4, memoryBytes: 8 * 1024 ** 3 },
    timestamp,
    nonce,
    proof,
  };
}

/** A cluster item written straight into the table, as the saga leaves one (the API tier has no saga); `o` overrides fields. */
export async function putClusterItem(
  api: InProcessApi,
  t: { domain: string; project: string },
  o: Record<string, unknown> = {},
): Promise<string> {
  const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
  const { clusterKeys } = await import("../../core/clusters/items.js");
  const { newId } = await import("../../core/shared/ids.js");
  const id = newId("cl");
  const at = new Date().toISOString();
  const item = {
    ...clusterKeys.cluster(t, id),
    kind: "cluster",
    id,
    name: uniqueName("c"),
    domain: t.domain,
    project: t.project,
    kubernetesVersion: "v1.31.2",
    cni: { name: "cilium", version: "1.16.1", values: {} },
    providerCluster: "pc",
    hostGroup: "g",
    workers: 1,
    machines: { os: "ubuntu-20.04", arch: "amd64" },
    network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
    extraArgs: {},
    labels: {},
    annotations: {},
    phase: "Ready",
    conditions: [],
    operation: "create",
    generation: 1,
    step: "wait-addons",
    steps: [],
    provisioned: [],
    hostIds: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...o,
  };
  await api.deps.db.send(new PutCommand({ TableName: api.deps.table, Item: item }));
  return id;
}
