import { isDomainError } from "../shared/errors.js";
import { sleep } from "../shared/sleep.js";
import type { KubeObjectLike } from "./ports.js";

/**
 * A management cluster's synced kinds kept current in memory by list + watch
 * (the informer pattern): each kind is listed once, then watched from the
 * list's resourceVersion, every event applied to the copy. The status sync
 * computes its fingerprints from the copy, so a change CAPI reports reaches
 * it within milliseconds, and the requests to the management cluster are a
 * list and a long-lived watch per kind, however many clusters wait on it and
 * however often the sync looks.
 *
 * A watch the server ends (its timeout) is opened again from the last
 * resourceVersion seen; any failure (the apiserver restarted, a resourceVersion
 * too old: 410 Gone, the connection dropped) lists the kind again after a
 * pause. Until a kind is listed again the mirror is not `synced`, and the
 * sync skips the management cluster: a stale copy is never compared.
 */
export interface MirrorPort {
  /** every object of a kind in all namespaces (all pages), with the list's resourceVersion */
  listWithVersion(
    managementClusterId: string,
    apiVersion: string,
    kind: string,
    o: { labelSelector: string },
  ): Promise<{ items: KubeObjectLike[]; resourceVersion?: string }>;
  /** calls `onEvent` for each change after `resourceVersion` until the server ends the watch or the signal aborts */
  watch(
    managementClusterId: string,
    apiVersion: string,
    kind: string,
    o: { labelSelector: string; resourceVersion?: string; timeoutSeconds: number; signal: AbortSignal },
    onEvent: (e: { type: string; object: KubeObjectLike }) => void,
  ): Promise<{ resourceVersion?: string }>;
}

export interface MirrorOptions {
  /** how long the server keeps one watch open (default 50 s) */
  watchSeconds?: number;
  /** the pause before listing again after a failure (default 1000 ms) */
  retryMs?: number;
  /** how long a kind the management cluster does not serve waits before it is listed again (default 30 s) */
  absentRetryMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

const keyOf = (o: KubeObjectLike) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/** One kind, listed then watched. */
class KindMirror {
  readonly objects = new Map<string, KubeObjectLike>();
  synced = false;

  constructor(
    private readonly port: MirrorPort,
    private readonly managementClusterId: string,
    private readonly kind: { apiVersion: string; kind: string },
    private readonly labelSelector: string,
    private readonly changed: () => void,
    private readonly o: MirrorOptions,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    const { apiVersion, kind } = this.kind;
    const mc = this.managementClusterId;
    let version: string | undefined;
    // a failing kind is logged once, not at every retry, until it is listed again
    let failing = false;
    while (!signal.aborted) {
      try {
        if (version === undefined) {
          let listed: Awaited<ReturnType<MirrorPort["listWithVersion"]>>;
          try {
            listed = await this.port.listWithVersion(mc, apiVersion, kind, { labelSelector: this.labelSelector });
          } catch (e) {
            // a kind the management cluster does not serve (no such CRD) has nothing to report; looked for again later
            if (!(isDomainError(e) && e.kind === "not-found")) throw e;
            this.replace([]);
            await sleep(this.o.absentRetryMs ?? 30_000, signal);
            continue;
          }
          this.replace(listed.items);
          version = listed.resourceVersion ?? "";
          failing = false;
        }
        const ended = await this.port.watch(
          mc,
          apiVersion,
          kind,
          {
            labelSelector: this.labelSelector,
            ...(version ? { resourceVersion: version } : {}),
            timeoutSeconds: this.o.watchSeconds ?? 50,
            signal,
          },
          (e) => this.apply(e),
        );
        version = ended.resourceVersion ?? version;
      } catch (e) {
        if (signal.aborted) break;
        this.synced = false;
        version = undefined;
        if (!failing)
          this.o.log?.("status sync: watch failed, listing again", { managementClusterId: mc, kind, error: (e as Error).message });
        failing = true;
        await sleep(this.o.retryMs ?? 1000, signal);
      }
    }
  }

  private replace(items: KubeObjectLike[]) {
    this.objects.clear();
    for (const o of items) this.objects.set(keyOf(o), o);
    this.synced = true;
    this.changed();
  }

  private apply(e: { type: string; object: KubeObjectLike }) {
    if (e.type === "ADDED" || e.type === "MODIFIED") this.objects.set(keyOf(e.object), e.object);
    else if (e.type === "DELETED") this.objects.delete(keyOf(e.object));
    else return; // BOOKMARK: only a newer resourceVersion
    this.changed();
  }
}

/** All the synced kinds of one management cluster, kept current until `stop()`. */
export class StatusMirror {
  private readonly kinds: KindMirror[];
  private readonly abort = new AbortController();
  private readonly running: Promise<void>[];

  constructor(
    port: MirrorPort,
    managementClusterId: string,
    /** each kind with its own label selector, or the shared one */
    kinds: ReadonlyArray<{ apiVersion: string; kind: string; labelSelector?: string }>,
    labelSelector: string,
    changed: () => void,
    o: MirrorOptions = {},
  ) {
    this.kinds = kinds.map((k) => new KindMirror(port, managementClusterId, k, k.labelSelector ?? labelSelector, changed, o));
    this.running = this.kinds.map((k) => k.run(this.abort.signal));
  }

  /** Whether every kind is listed and watched: only then is the copy complete. */
  get synced(): boolean {
    return this.kinds.every((k) => k.synced);
  }

  /** Every object of every kind, as last reported. */
  objects(): KubeObjectLike[] {
    return this.kinds.flatMap((k) => [...k.objects.values()]);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
  }
}
