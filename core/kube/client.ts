import * as k8s from "@kubernetes/client-node";
import { tallyRequest } from "../aws/round-trips.js";
import { RetryableError } from "../shared/errors.js";
import { agentFor } from "./agents.js";
import { applyWaves } from "./apply-waves.js";
import type { KubeConnection } from "./connection.js";
import { builtInResource, DiscoveryCache } from "./discovery.js";
import { KubeCredentialsRefused, mapKubeError } from "./errors.js";
import { describeRef, type KubeObject, type ObjectRef, refOf } from "./objects.js";
import { DirectTransport, type KubeHttpResponse, type KubeTransport, readAll } from "./transport.js";

/**
 * Access to one Kubernetes API server, on @kubernetes/client-node. Every call
 * has a deadline, every write is a server-side apply (or create) with our
 * field manager and `fieldValidation=Strict`, and every failure comes out as
 * RetryableError or DomainError (core/kube/errors.ts).
 *
 * This module pulls in the whole client library: import it dynamically from
 * request paths (core/management/access.ts does).
 *
 * A client reaches its server straight (a stored connection) or over a
 * transport (a cluster agent's tunnel, core/tunnel/transport.ts): the same
 * calls, errors and deadlines either way.
 */
export const FIELD_MANAGER = "ckp-control-plane";
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface KubeClientOptions {
  /** names the cluster in error messages, e.g. "management cluster mc-eu-1" */
  label?: string;
  /** deadline of each request */
  timeoutMs?: number;
  fieldManager?: string;
  /** what to do when the cluster refuses the control plane's credentials (401/403), for the error message */
  credentialsHint?: string;
  /**
   * Act as another identity (Kubernetes impersonation: the credentials must
   * allow `impersonate` on that user and group), e.g. a BYOH host's agent.
   */
  impersonate?: { user: string; group?: string };
  /** called when the cluster refuses the credentials: the caller may hold a stale copy of them */
  onCredentialsRefused?: () => void;
  /** what the clients of the same server have discovered (its own otherwise) */
  discovery?: DiscoveryCache;
}

/** A server reached over a transport of its own (a tunnel) rather than a stored connection. */
export interface KubeTarget {
  transport: KubeTransport;
  /** names the server in URLs client-node builds (never dialled) */
  server: string;
}

export interface WatchEvent<T = KubeObject> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: T;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  resourceVersion?: string;
  /** how long the server keeps the watch open (default 60 s) */
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export interface ListPage<T = KubeObject> {
  items: T[];
  continue?: string;
  /** how many objects follow this page (the server gives it for a paged list without selectors) */
  remainingItemCount?: number;
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

/** The library's object API, its discovery answered from the built-in kinds and a cache shared per server first (core/kube/discovery.ts). */
class ObjectApi extends k8s.KubernetesObjectApi {
  constructor(
    configuration: k8s.Configuration,
    private readonly discovery: DiscoveryCache,
  ) {
    super(configuration);
  }

  protected override async resource(apiVersion: string, kind: string, options?: k8s.Configuration): Promise<k8s.V1APIResource | undefined> {
    const known = builtInResource(apiVersion, kind) ?? this.discovery.find(apiVersion, kind);
    if (known) return { kind, singularName: "", verbs: [], ...known };
    const found = await super.resource(apiVersion, kind, options);
    const list = this.apiVersionResourceCache[apiVersion];
    if (list) this.discovery.remember(apiVersion, list.resources);
    return found;
  }

  resourceOf(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
}

export class KubeClient {
  readonly label: string;
  readonly server: string;
  private readonly objects: ObjectApi;
  private readonly transport: KubeTransport;
  private readonly timeoutMs: number;
  private readonly fieldManager: string;
  private readonly hint: string | undefined;
  private readonly onRefused: (() => void) | undefined;
  private readonly impersonation: Record<string, string>;

  constructor(target: KubeConnection | KubeTarget, opts: KubeClientOptions = {}) {
    this.label = opts.label ?? `Kubernetes API ${target.server}`;
    this.server = target.server;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fieldManager = opts.fieldManager ?? FIELD_MANAGER;
    this.hint = opts.credentialsHint;
    this.onRefused = opts.onCredentialsRefused;
    this.impersonation = opts.impersonate
      ? { "Impersonate-User": opts.impersonate.user, ...(opts.impersonate.group ? { "Impersonate-Group": opts.impersonate.group } : {}) }
      : {};
    const impersonation = this.impersonation;
    const timeoutMs = this.timeoutMs;
    const discovery = opts.discovery ?? new DiscoveryCache();
    const promiseMiddleware = [
      {
        pre: async (ctx: k8s.RequestContext) => {
          tallyRequest("Kube", ctx.getHttpMethod());
          ctx.setSignal(AbortSignal.timeout(timeoutMs));
          for (const [k, v] of Object.entries(impersonation)) ctx.setHeaderParam(k, v);
          // Unknown or duplicate fields are errors, never silently dropped.
          if (WRITES.has(ctx.getHttpMethod())) ctx.setQueryParam("fieldValidation", "Strict");
          return ctx;
        },
        post: async (res: k8s.ResponseContext) => res,
      },
    ];
    if ("transport" in target) {
      this.transport = counted(target.transport);
      this.objects = new ObjectApi(
        k8s.createConfiguration({
          baseServer: new k8s.ServerConfiguration(target.server, {}),
          authMethods: {},
          httpApi: k8s.wrapHttpLibrary(libraryOver(target.transport, timeoutMs)),
          promiseMiddleware,
        }),
        discovery,
      );
      return;
    }
    const conn = target;
    const kc = new k8s.KubeConfig();
    kc.loadFromClusterAndUser(
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
    const agent = agentFor(conn);
    this.transport = counted(new DirectTransport(kc, conn.server, agent));
    // the kubeconfig's credentials, over the shared keep-alive agent instead of the new one client-node makes each time
    const auth: k8s.SecurityAuthentication = {
      getName: () => kc.getName(),
      async applySecurityAuthentication(ctx) {
        await kc.applySecurityAuthentication(ctx);
        ctx.setAgent(agent);
      },
    };
    this.objects = new ObjectApi(
      k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(conn.server, {}),
        authMethods: { default: auth },
        promiseMiddleware,
      }),
      discovery,
    );
  }

  private failure(e: unknown, what: string): Error {
    const err = mapKubeError(e, this.label, what, this.hint);
    if (err instanceof KubeCredentialsRefused) this.onRefused?.();
    return err;
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

  /**
   * Applies objects in waves (./apply-waves.ts): what others need first — their
   * Namespace and CRDs, then ServiceAccounts, then the Secrets and ConfigMaps
   * pods mount —, then the rest, each wave's objects at once. A wave
   * that fails stops there, with its first failure in the given order.
   * One request after another, the eleven objects of a cluster took 0.7 s
   * of a create on a loaded machine.
   */
  async applyAll(objs: KubeObject[], o: { dryRun?: boolean } = {}): Promise<KubeObject[]> {
    const out: KubeObject[] = new Array(objs.length);
    for (const wave of applyWaves(objs)) {
      const settled = await Promise.allSettled(wave.map((i) => this.apply(objs[i] as KubeObject, o)));
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      settled.forEach((r, k) => {
        if (r.status === "fulfilled") out[wave[k] as number] = r.value;
      });
    }
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
      throw this.failure(e, `read ${describeRef(ref)}`);
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
    o: { namespace?: string; labelSelector?: string; limit?: number; continue?: string; resourceVersion?: string } = {},
  ): Promise<ListPage<T>> {
    const path = await this.collectionPath(apiVersion, kind, o.namespace, `list ${kind}`);
    const q = new URLSearchParams();
    if (o.labelSelector) q.set("labelSelector", o.labelSelector);
    if (o.resourceVersion !== undefined) q.set("resourceVersion", o.resourceVersion);
    if (o.limit) q.set("limit", String(o.limit));
    if (o.continue) q.set("continue", o.continue);
    const query = q.size ? `?${q}` : "";
    const res = await this.getJson<{
      items: T[] | null;
      metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
    }>(`${path}${query}`);
    return {
      items: res.items ?? [],
      ...(res.metadata?.continue ? { continue: res.metadata.continue } : {}),
      ...(typeof res.metadata?.remainingItemCount === "number" ? { remainingItemCount: res.metadata.remainingItemCount } : {}),
      ...(res.metadata?.resourceVersion ? { resourceVersion: res.metadata.resourceVersion } : {}),
    };
  }

  /**
   * How many objects of a kind there are, without reading them all: a page
   * of one and the server's count of the rest (`remainingItemCount`, which
   * it gives for a list without selectors), paging through the rest only
   * where it gives none.
   */
  async count(apiVersion: string, kind: string, o: { namespace?: string; labelSelector?: string } = {}): Promise<number> {
    let n = 0;
    let next: string | undefined;
    let limit = 1;
    do {
      const page = await this.list(apiVersion, kind, { ...o, limit, ...(next ? { continue: next } : {}) });
      n += page.items.length;
      if (page.remainingItemCount !== undefined) return n + page.remainingItemCount;
      next = page.continue;
      limit = 500;
    } while (next);
    return n;
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
      throw this.failure(e, `delete ${describeRef(ref)}`);
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
    const pathname = path.split("?")[0];
    return this.call(`GET ${pathname}`, async () => {
      const res = await this.transport.request({
        method: "GET",
        path,
        headers: { ...this.impersonation, accept },
        timeoutMs: this.timeoutMs,
      });
      const text = (await readAll(res)).toString("utf8");
      if (res.status < 200 || res.status > 299) throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status, body: text });
      try {
        return JSON.parse(text) as T;
      } catch {
        throw Object.assign(new Error(`not JSON from ${pathname}`), { code: 502, body: text.slice(0, 500) });
      }
    });
  }

  /**
   * PUT or PATCH of any API path with a JSON body, answering parsed JSON: a
   * merge patch of fields another manager owns the rest of (server-side
   * apply would drop what it does not send), or an unchanged object put
   * back so the apiserver stores it again (a storage migration).
   */
  async sendJson<T = unknown>(method: "PUT" | "PATCH", path: string, body: unknown): Promise<T> {
    const pathname = path.split("?")[0];
    return this.call(`${method} ${pathname}`, async () => {
      const res = await this.transport.request({
        method,
        path,
        headers: {
          ...this.impersonation,
          accept: "application/json",
          "content-type": method === "PATCH" ? "application/merge-patch+json" : "application/json",
        },
        body: Buffer.from(JSON.stringify(body)),
        timeoutMs: this.timeoutMs,
      });
      const text = (await readAll(res)).toString("utf8");
      if (res.status < 200 || res.status > 299) throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status, body: text });
      return JSON.parse(text) as T;
    });
  }

  /** GET of a non-JSON path (/readyz, /livez): its status and text, whatever the status. */
  async getText(path: string): Promise<{ status: number; text: string }> {
    return this.call(`GET ${path.split("?")[0]}`, async () => {
      const res = await this.transport.request({
        method: "GET",
        path,
        headers: { ...this.impersonation, accept: "text/plain, */*" },
        timeoutMs: this.timeoutMs,
      });
      return { status: res.status, text: (await readAll(res, 1024 * 1024)).toString("utf8") };
    });
  }

  /**
   * Watches a kind (list/watch semantics of the apiserver): calls `onEvent`
   * for each event until the server ends the watch (timeoutSeconds), the
   * signal aborts, or `onEvent` answers "stop". Answers the last
   * resourceVersion seen, to resume from.
   */
  async watch<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    o: WatchOptions,
    onEvent: (e: WatchEvent<T>) => undefined | "stop" | Promise<undefined | "stop">,
  ): Promise<{ resourceVersion?: string }> {
    const what = `watch ${kind}`;
    const path = await this.collectionPath(apiVersion, kind, o.namespace, what);
    const timeoutSeconds = o.timeoutSeconds ?? 60;
    const q = new URLSearchParams({ watch: "1", allowWatchBookmarks: "true", timeoutSeconds: String(timeoutSeconds) });
    if (o.labelSelector) q.set("labelSelector", o.labelSelector);
    if (o.resourceVersion) q.set("resourceVersion", o.resourceVersion);
    let last = o.resourceVersion;
    let res: KubeHttpResponse | undefined;
    try {
      res = await this.transport.request({
        method: "GET",
        path: `${path}?${q}`,
        headers: { ...this.impersonation, accept: "application/json" },
        // the server ends the watch at timeoutSeconds; the deadline leaves it room to say so
        timeoutMs: (timeoutSeconds + 15) * 1000,
        stream: true,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      if (res.status < 200 || res.status > 299) {
        const body = (await readAll(res)).toString("utf8");
        throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status, body });
      }
      let buffered = "";
      for await (const chunk of res.body) {
        buffered += chunk.toString("utf8");
        let nl = buffered.indexOf("\n");
        while (nl >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          nl = buffered.indexOf("\n");
          if (!line) continue;
          const e = JSON.parse(line) as WatchEvent<T>;
          if (e.type === "ERROR")
            throw Object.assign(new Error("watch error"), { code: (e.object as { code?: number }).code ?? 500, body: e.object });
          const rv = (e.object as KubeObject).metadata?.resourceVersion;
          if (typeof rv === "string") last = rv;
          if ((await onEvent(e)) === "stop") {
            res.cancel();
            return last ? { resourceVersion: last } : {};
          }
        }
      }
      return last ? { resourceVersion: last } : {};
    } catch (e) {
      res?.cancel();
      if (o.signal?.aborted) return last ? { resourceVersion: last } : {};
      throw this.failure(e, what);
    }
  }

  /** The URL path of a kind's collection (its resource name found by discovery). */
  private async collectionPath(apiVersion: string, kind: string, namespace: string | undefined, what: string): Promise<string> {
    const resource = await this.call(what, () => this.objects.resourceOf(apiVersion, kind));
    if (!resource) throw mapKubeError(new Error(`Unrecognized API version and kind: ${apiVersion} ${kind}`), this.label, what);
    const group = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const scope = namespace && resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : "";
    return `${group}${scope}/${resource.name}`;
  }

  async version(): Promise<{ gitVersion: string; major: string; minor: string; platform?: string }> {
    return this.getJson("/version");
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.failure(e, what);
    }
  }
}

/** The requests made straight on a transport (lists, watches, discovery), counted as the object API's are (benchmarks). */
function counted(transport: KubeTransport): KubeTransport {
  return {
    request: (r) => {
      tallyRequest("Kube", r.method);
      return transport.request(r);
    },
  };
}

/**
 * client-node's HTTP library over a transport: each request the generated
 * API makes (apply, read, delete, discovery) is sent as bytes through it.
 */
function libraryOver(transport: KubeTransport, timeoutMs: number): k8s.PromiseHttpLibrary {
  return {
    async send(ctx) {
      const url = new URL(ctx.getUrl());
      const body = ctx.getBody();
      if (body !== undefined && typeof body !== "string") throw new Error("only string request bodies go through a tunnel");
      const res = await transport.request({
        method: ctx.getHttpMethod(),
        path: `${url.pathname}${url.search}`,
        headers: ctx.getHeaders(),
        ...(body !== undefined ? { body: Buffer.from(body) } : {}),
        timeoutMs,
        ...(ctx.getSignal() ? { signal: ctx.getSignal() as AbortSignal } : {}),
      });
      const data = readAll(res);
      // read at once: the caller may never ask for an error's body, and a tunnel's frames must not wait
      data.catch(() => undefined);
      return new k8s.ResponseContext(res.status, res.headers, {
        binary: () => data,
        text: async () => (await data).toString("utf8"),
      });
    },
  };
}
