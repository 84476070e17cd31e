import { type Api, ApiError, apiClient, ok } from "./api/client.js";
import { type Globals, resolveTarget, type Target } from "./config.js";
import { CliError, EXIT } from "./errors.js";
import { RESOURCES, type ResourceDef } from "./resources.js";

/**
 * One invocation's connection: where requests go (context, flags, CKP_*
 * variables), the typed client, and the generic reads every verb shares
 * (scope parameters, whole lists across pages, one object by key or name).
 */
export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface RequestInit {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** how to read the answer: JSON (default) or text (a YAML document) */
  parseAs?: "json" | "text";
}

export class Session {
  readonly api: Api;
  /** the cluster whose sub-resources (node pools) the command reads or writes: see useCluster */
  private clusterId: string | undefined;

  constructor(readonly target: Target) {
    this.api = apiClient(target);
  }

  static open(g: Globals): Session {
    return new Session(resolveTarget(g));
  }

  get domain(): string {
    if (!this.target.domain)
      throw new CliError("no domain: pass --domain, set CKP_DOMAIN, or ckpctl config set-context --domain", EXIT.usage);
    return this.target.domain;
  }

  get project(): string {
    if (!this.target.project)
      throw new CliError("no project: pass --project, set CKP_PROJECT, or ckpctl config set-context --project", EXIT.usage);
    return this.target.project;
  }

  /**
   * The cluster (by name or id) whose resources the command is about, for
   * resources of cluster scope (node pools): looked up once, then every
   * path of the resource takes its id. Nothing for other resources.
   */
  async useCluster(r: Pick<ResourceDef, "scope" | "plural">, ref: string | undefined): Promise<void> {
    if (r.scope !== "cluster") return;
    if (!ref) throw new CliError(`${r.plural} belong to a cluster: give --cluster NAME (-c)`, EXIT.usage);
    const clusters = RESOURCES.find((x) => x.plural === "clusters") as ResourceDef;
    this.clusterId = clusters.key((await this.find(clusters, ref)).item);
  }

  /** The path parameters a resource's scope needs. */
  scope(r: Pick<ResourceDef, "scope" | "plural">): Record<string, string> {
    if (r.scope === "cluster") {
      if (!this.clusterId) throw new CliError(`${r.plural} belong to a cluster: give --cluster NAME (-c)`, EXIT.usage);
      return { domain: this.domain, project: this.project, id: this.clusterId };
    }
    if (r.scope === "project") return { domain: this.domain, project: this.project };
    if (r.scope === "domain") return { domain: this.domain };
    return {};
  }

  /**
   * A request to any documented path. The path is a key of the OpenAPI
   * document's paths (checked where it is written, in the resource table);
   * openapi-fetch fills its parameters.
   */
  async request<T = unknown>(method: Method, path: string, init: RequestInit = {}): Promise<{ data: T; response: Response }> {
    const query = Object.fromEntries(Object.entries(init.query ?? {}).filter(([, v]) => v !== undefined));
    const call = (this.api.request as (m: string, p: string, i: unknown) => Promise<{ data?: T; error?: unknown; response: Response }>)(
      method,
      path,
      {
        params: { path: init.path ?? {}, query },
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(init.headers ? { headers: init.headers } : {}),
        ...(init.parseAs ? { parseAs: init.parseAs } : {}),
      },
    );
    return ok<T>(call, this.target.server);
  }

  /** Every item of a list, following nextCursor. */
  async list<T = Record<string, unknown>>(r: ResourceDef, query: Record<string, string | undefined> = {}, max = 10_000): Promise<T[]> {
    if (!r.paths.list) throw new CliError(`${r.plural} cannot be listed`, EXIT.usage);
    const out: T[] = [];
    let cursor: string | undefined;
    if (r.scopeQuery) query = { domain: this.target.domain, project: this.target.project, ...query };
    do {
      const { data } = await this.request<{ items: T[]; nextCursor?: string | null }>("get", r.paths.list, {
        path: this.scope(r),
        query: { ...query, limit: 500, ...(cursor ? { cursor } : {}) },
      });
      out.push(...(r.listed ? data.items.filter(r.listed) : data.items));
      cursor = data.nextCursor ?? undefined;
    } while (cursor && out.length < max);
    return out;
  }

  /** One object by its key, or (for resources users name but the API keys by id) by name. */
  async find<T = Record<string, unknown>>(r: ResourceDef, ref: string): Promise<{ item: T; etag: string | null }> {
    if (!r.paths.get) {
      const all = await this.list<T>(r);
      const hit = all.find((o) => r.key(o) === ref || r.name(o) === ref);
      if (!hit) throw new CliError(`${r.singular} ${ref} not found`, EXIT.notFound);
      return { item: hit, etag: null };
    }
    const get = r.paths.get;
    const byKey = async (key: string) => {
      const { data, response } = await this.request<T>("get", get, { path: { ...this.scope(r), ...r.itemParams(key) } });
      return { item: data, etag: response.headers.get("etag") };
    };
    try {
      return await byKey(ref);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404 && r.lookupByName)) throw e;
    }
    const hit = (await this.list<T>(r)).find((o) => r.name(o) === ref || (o as { hostname?: string }).hostname === ref);
    if (!hit) throw new CliError(`${r.singular} ${ref} not found`, EXIT.notFound);
    return byKey(r.key(hit));
  }

  /** The item path parameters of an object already read. */
  itemPath(r: ResourceDef, o: unknown): Record<string, string> {
    return { ...this.scope(r), ...r.itemParams(r.key(o)) };
  }
}
