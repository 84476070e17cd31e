import https from "node:https";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import type { Api, KubeObj } from "./kube-object.js";

/**
 * The informer of the doubles: a collection listed once, then kept current by
 * a watch, shared by every double that reads it. Real controllers read their
 * informers' caches; doubles that list every collection every 250 ms instead
 * made the management apiserver the busiest process of the clusters benchmark
 * (it serialises each list in full), so a benchmark of the control plane
 * measured the doubles. With a cache, a double's pass reads memory and a
 * change wakes it (`onChange`) instead of its timer.
 *
 * A double reads its own writes: what a write answers (the object as stored)
 * goes into the copy at once (`observe`), so a pass after a create never
 * misses the object it created. Others' writes arrive with the watch, as they
 * do to a controller. A watch the server ends is opened again from the last
 * resourceVersion; a failure lists the collection again.
 */
export class WatchCache {
  private readonly collections = new Map<string, Collection>();
  /** `${apiVersion}|${kind}` → the collection path its objects are in */
  private readonly pathOfKind = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private stopped = false;

  constructor(private readonly api: Api) {}

  /**
   * Every object of a collection (a path of all namespaces, with a label selector or not); the first read lists it
   * and starts its watch. Writes' answers (`observe`) go into the collections without a selector.
   */
  async list(path: string): Promise<KubeObj[]> {
    return [...(await this.collection(path)).objects.values()];
  }

  /** One object of a collection `list` reads, by namespace and name (without copying the collection). */
  async get(path: string, namespace: string, name: string): Promise<KubeObj | undefined> {
    return (await this.collection(path)).objects.get(`${namespace}/${name}`);
  }

  private async collection(path: string): Promise<Collection> {
    let c = this.collections.get(path);
    if (!c) {
      c = new Collection(
        this.api,
        path,
        (kind) => this.pathOfKind.set(kind, path),
        () => this.changed(),
      );
      this.collections.set(path, c);
      c.start();
    }
    await c.ready;
    return c;
  }

  observe(o: unknown): void {
    const obj = o as KubeObj | undefined;
    if (!obj?.metadata?.resourceVersion || !obj.apiVersion || !obj.kind) return;
    const path = this.pathOfKind.get(`${obj.apiVersion}|${obj.kind}`);
    if (path) this.collections.get(path)?.put(obj);
  }

  /** Called after each change to any collection; answers the unsubscribe. */
  onChange(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.collections.values()) c.stop();
    this.listeners.clear();
  }

  private changed(): void {
    if (this.stopped) return;
    for (const f of this.listeners) f();
  }
}

const key = (o: KubeObj) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const rv = (o: KubeObj) => BigInt(o.metadata.resourceVersion ?? "0");

/** One collection: listed, then watched from the list's resourceVersion. */
class Collection {
  readonly objects = new Map<string, KubeObj>();
  /** the version each deleted object was deleted at: a write's answer older than that does not bring it back */
  private readonly deleted = new Map<string, bigint>();
  ready: Promise<void>;
  private resolveReady!: () => void;
  private version = "";
  private running = true;
  private request: ReturnType<typeof https.request> | undefined;

  constructor(
    private readonly api: Api,
    private readonly path: string,
    private readonly kindSeen: (kind: string) => void,
    private readonly changed: () => void,
  ) {
    this.ready = new Promise((r) => {
      this.resolveReady = r;
    });
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.request?.destroy();
  }

  /** Keeps `o` unless the copy has a newer version of it (resourceVersions of one etcd only grow). */
  put(o: KubeObj): void {
    const had = this.objects.get(key(o));
    if ((had && rv(had) >= rv(o)) || (this.deleted.get(key(o)) ?? -1n) >= rv(o)) return;
    this.objects.set(key(o), o);
    this.changed();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (!this.version) await this.relist();
        await this.watch();
      } catch {
        // a dropped connection, or a version too old (410): list again after a pause
        this.version = "";
        if (this.running) await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async relist(): Promise<void> {
    const res = await kubeRequest(this.api, "GET", this.path);
    if (res.status !== 200) throw new Error(`list ${this.path}: ${res.status}`);
    const list = res.body as { apiVersion: string; kind: string; metadata: { resourceVersion: string }; items: KubeObj[] };
    if (!this.path.includes("?")) this.kindSeen(`${list.apiVersion}|${list.kind.replace(/List$/, "")}`);
    this.objects.clear();
    this.deleted.clear();
    for (const o of list.items ?? []) this.objects.set(key(o), o);
    this.version = list.metadata.resourceVersion;
    this.resolveReady();
    this.changed();
  }

  /** One watch, until the server ends it; each event applied to the copy. */
  private watch(): Promise<void> {
    const url = new URL(
      `${this.path}${this.path.includes("?") ? "&" : "?"}watch=1&allowWatchBookmarks=true&timeoutSeconds=240&resourceVersion=${this.version}`,
      this.api.server,
    );
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        { ca: this.api.caData, headers: { authorization: `Bearer ${this.api.token}`, accept: "application/json" } },
        (res) => {
          if (res.statusCode !== 200) {
            let b = "";
            res.on("data", (c) => (b += c));
            res.on("end", () => reject(new Error(`watch ${this.path}: ${res.statusCode} ${b.slice(0, 300)}`)));
            return;
          }
          let buffered = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            buffered += chunk;
            for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
              const line = buffered.slice(0, nl);
              buffered = buffered.slice(nl + 1);
              if (line.trim() && !this.apply(JSON.parse(line))) {
                req.destroy();
                return reject(new Error(`watch ${this.path}: expired`));
              }
            }
          });
          res.on("end", resolve);
          res.on("error", reject);
        },
      );
      this.request = req;
      req.on("error", reject);
      req.end();
    });
  }

  /** Applies one watch event; false when the server says the watch cannot go on (the copy is listed again). */
  private apply(e: { type: string; object: KubeObj }): boolean {
    if (e.type === "ERROR") return false;
    if (e.object.metadata?.resourceVersion) this.version = e.object.metadata.resourceVersion;
    if (e.type === "BOOKMARK") return true;
    if (e.type === "DELETED") {
      const had = this.objects.get(key(e.object));
      this.deleted.set(key(e.object), rv(e.object));
      if (had && rv(had) <= rv(e.object)) {
        this.objects.delete(key(e.object));
        this.changed();
      }
      return true;
    }
    this.put(e.object);
    return true;
  }
}
