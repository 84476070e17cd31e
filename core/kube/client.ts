import * as https from "node:https";
import * as k8s from "@kubernetes/client-node";
import { RetryableError } from "../shared/errors.js";
import type { KubeConnection } from "./connection.js";
import { mapKubeError } from "./errors.js";
import { describeRef, type KubeObject, type ObjectRef, refOf } from "./objects.js";

/**
 * Access to one Kubernetes API server, on @kubernetes/client-node. Every call
 * has a deadline, every write is a server-side apply (or create) with our
 * field manager and `fieldValidation=Strict`, and every failure comes out as
 * RetryableError or DomainError (core/kube/errors.ts).
 *
 * This module pulls in the whole client library: import it dynamically from
 * request paths (core/management/access.ts does).
 */
export const FIELD_MANAGER = "ckp-control-plane";
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface KubeClientOptions {
  /** names the cluster in error messages, e.g. "management cluster mc-eu-1" */
  label?: string;
  /** deadline of each request */
  timeoutMs?: number;
  fieldManager?: string;
  /**
   * Act as another identity (Kubernetes impersonation: the credentials must
   * allow `impersonate` on that user and group), e.g. a BYOH host's agent.
   */
  impersonate?: { user: string; group?: string };
}

export interface ListPage<T = KubeObject> {
  items: T[];
  continue?: string;
  resourceVersion?: string;
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** what the wait is for, for the timeout message */
  what?: string;
}

/** A wait that ran out of time: retryable, the object may still get there. */
export class KubeWaitTimeout extends RetryableError {
  constructor(message: string) {
    super(message);
    this.name = "KubeWaitTimeout";
  }
}

const WRITES = new Set(["POST", "PUT", "PATCH"]);

/** Exposes the library's discovery lookup (kind → resource name, namespaced). */
class ObjectApi extends k8s.KubernetesObjectApi {
  resourceOf(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
}

export class KubeClient {
  readonly label: string;
  readonly server: string;
  private readonly kc: k8s.KubeConfig;
  private readonly objects: ObjectApi;
  private readonly timeoutMs: number;
  private readonly fieldManager: string;
  private readonly impersonation: Record<string, string>;

  constructor(conn: KubeConnection, opts: KubeClientOptions = {}) {
    this.label = opts.label ?? `Kubernetes API ${conn.server}`;
    this.server = conn.server;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fieldManager = opts.fieldManager ?? FIELD_MANAGER;
    this.impersonation = opts.impersonate
      ? { "Impersonate-User": opts.impersonate.user, ...(opts.impersonate.group ? { "Impersonate-Group": opts.impersonate.group } : {}) }
      : {};
    const impersonation = this.impersonation;
    this.kc = new k8s.KubeConfig();
    this.kc.loadFromClusterAndUser(
      {
        name: "ckp",
        server: conn.server,
        skipTLSVerify: false,
        ...(conn.caData ? { caData: Buffer.from(conn.caData).toString("base64") } : {}),
        ...(conn.tlsServerName ? { tlsServerName: conn.tlsServerName } : {}),
      },
      {
        name: "ckp",
        ...(conn.token ? { token: conn.token } : {}),
        ...(conn.clientCertificateData ? { certData: Buffer.from(conn.clientCertificateData).toString("base64") } : {}),
        ...(conn.clientKeyData ? { keyData: Buffer.from(conn.clientKeyData).toString("base64") } : {}),
      },
    );
    const timeoutMs = this.timeoutMs;
    const config = k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(conn.server, {}),
      authMethods: { default: this.kc },
      promiseMiddleware: [
        {
          pre: async (ctx) => {
            ctx.setSignal(AbortSignal.timeout(timeoutMs));
            for (const [k, v] of Object.entries(impersonation)) ctx.setHeaderParam(k, v);
            // Unknown or duplicate fields are errors, never silently dropped.
            if (WRITES.has(ctx.getHttpMethod())) ctx.setQueryParam("fieldValidation", "Strict");
            return ctx;
          },
          post: async (res) => res,
        },
      ],
    });
    this.objects = new ObjectApi(config);
  }

  /** Server-side apply: creates or updates `obj`, owning the fields it sets. */
  async apply<T extends KubeObject>(obj: T, o: { dryRun?: boolean; force?: boolean } = {}): Promise<T> {
    return this.call(
      `apply ${describeRef(refOf(obj))}`,
      () =>
        this.objects.patch(
          obj,
          undefined,
          o.dryRun ? "All" : undefined,
          this.fieldManager,
          o.force ?? true,
          k8s.PatchStrategy.ServerSideApply,
        ) as Promise<T>,
    );
  }

  /** Applies objects in order, stopping at the first failure. */
  async applyAll(objs: KubeObject[], o: { dryRun?: boolean } = {}): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    for (const obj of objs) out.push(await this.apply(obj, o));
    return out;
  }

  async create<T extends KubeObject>(obj: T): Promise<T> {
    return this.call(
      `create ${describeRef(refOf(obj))}`,
      () => this.objects.create(obj, undefined, undefined, this.fieldManager) as Promise<T>,
    );
  }

  /** The object, or undefined if it does not exist. */
  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return (await this.objects.read({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
      })) as T;
    } catch (e) {
      if ((e as { code?: unknown }).code === 404 && !/Failed to fetch resource metadata/.test((e as Error).message)) return undefined;
      throw mapKubeError(e, this.label, `read ${describeRef(ref)}`);
    }
  }

  /**
   * One page of objects (limit + continue). Read as raw JSON: client-node's
   * generic list deserialises custom resources' list metadata without its
   * `continue` token, which would end every paged list after one page.
   */
  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    o: { namespace?: string; labelSelector?: string; limit?: number; continue?: string } = {},
  ): Promise<ListPage<T>> {
    const resource = await this.call(`list ${kind}`, () => this.objects.resourceOf(apiVersion, kind));
    if (!resource) throw mapKubeError(new Error(`Unrecognized API version and kind: ${apiVersion} ${kind}`), this.label, `list ${kind}`);
    const group = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const scope = o.namespace && resource.namespaced ? `/namespaces/${encodeURIComponent(o.namespace)}` : "";
    const q = new URLSearchParams();
    if (o.labelSelector) q.set("labelSelector", o.labelSelector);
    if (o.limit) q.set("limit", String(o.limit));
    if (o.continue) q.set("continue", o.continue);
    const query = q.size ? `?${q}` : "";
    const res = await this.getJson<{ items: T[] | null; metadata?: { continue?: string; resourceVersion?: string } }>(
      `${group}${scope}/${resource.name}${query}`,
    );
    return {
      items: res.items ?? [],
      ...(res.metadata?.continue ? { continue: res.metadata.continue } : {}),
      ...(res.metadata?.resourceVersion ? { resourceVersion: res.metadata.resourceVersion } : {}),
    };
  }

  /** Deletes the object; true if it existed. */
  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.objects.delete(
        {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        "Background",
      );
      return true;
    } catch (e) {
      if ((e as { code?: unknown }).code === 404 && !/Failed to fetch resource metadata/.test((e as Error).message)) return false;
      throw mapKubeError(e, this.label, `delete ${describeRef(ref)}`);
    }
  }

  /** Polls the object until `done` says so, or throws KubeWaitTimeout. */
  async waitFor<T extends KubeObject = KubeObject>(
    ref: ObjectRef,
    done: (o: T | undefined) => boolean,
    o: WaitOptions,
  ): Promise<T | undefined> {
    const deadline = Date.now() + o.timeoutMs;
    const interval = o.intervalMs ?? 1000;
    for (;;) {
      const obj = await this.get<T>(ref);
      if (done(obj)) return obj;
      if (Date.now() + interval > deadline) {
        throw new KubeWaitTimeout(`${o.what ?? describeRef(ref)} not reached within ${Math.round(o.timeoutMs / 1000)}s on ${this.label}`);
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  /** GET of any API path, answering parsed JSON (for /version, discovery, metadata-only lists). */
  async getJson<T = unknown>(path: string, accept = "application/json"): Promise<T> {
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const url = new URL(path, this.server);
    return this.call(
      `GET ${url.pathname}`,
      () =>
        new Promise<T>((resolve, reject) => {
          const req = https.request(
            url,
            {
              ...opts,
              method: "GET",
              headers: { ...(opts.headers ?? {}), ...this.impersonation, accept },
              signal: AbortSignal.timeout(this.timeoutMs),
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (c: Buffer) => chunks.push(c));
              res.on("error", reject);
              res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                const code = res.statusCode ?? 0;
                if (code < 200 || code > 299) return reject(Object.assign(new Error(`HTTP ${code}`), { code, body: text }));
                try {
                  resolve(JSON.parse(text) as T);
                } catch {
                  reject(Object.assign(new Error(`not JSON from ${url.pathname}`), { code: 502, body: text.slice(0, 500) }));
                }
              });
            },
          );
          req.on("error", reject);
          req.end();
        }),
    );
  }

  async version(): Promise<{ gitVersion: string; major: string; minor: string; platform?: string }> {
    return this.getJson("/version");
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw mapKubeError(e, this.label, what);
    }
  }
}
