import pLimit from "p-limit";

/**
 * How many objects a double reconciles at once: a controller-runtime
 * controller's workers (MaxConcurrentReconciles; Cluster API's, Kamaji's and
 * the Helm add-on provider's managers run 10 by default). One at a time, a
 * pass over a few hundred objects waited on each write in turn, and an object
 * created just after a pass began waited for that whole pass and its own turn
 * in the next — seconds under load, where the real controllers answer it at
 * once.
 */
export const CONTROLLER_WORKERS = 10;

/**
 * Reconciles each item with up to `workers` at once. Every item's work ends
 * before this does (a double's passes must not overlap); the first failure is
 * thrown then.
 */
export async function eachAtOnce<T>(items: readonly T[], f: (item: T) => Promise<void>, workers = CONTROLLER_WORKERS): Promise<void> {
  const limit = pLimit(workers);
  const failed = (await Promise.allSettled(items.map((item) => limit(() => f(item))))).find(
    (x): x is PromiseRejectedResult => x.status === "rejected",
  );
  if (failed) throw failed.reason;
}

/**
 * A controller's work queue without its passes' barrier: each object's
 * reconcile starts as soon as one of `workers` is free and runs on its own,
 * so a pass that finds a new object does not wait for the slow ones under
 * way — controller-runtime's queue, where one object's long reconcile holds
 * back none but itself. An object whose reconcile is under way (or waiting
 * for a worker) is not started again until it ends; the next pass after that
 * looks at it afresh. A failure is handed to `onError`.
 */
export class ObjectWorkers {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly onError: (key: string, e: unknown) => void,
    workers = CONTROLLER_WORKERS,
  ) {
    this.limit = pLimit(workers);
  }

  /** Starts `f` for `key` unless its reconcile is already under way; answers at once. */
  start(key: string, f: () => Promise<void>): void {
    if (this.inFlight.has(key)) return;
    const run = this.limit(f)
      .catch((e: unknown) => this.onError(key, e))
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
  }

  busy(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** Waits for every reconcile under way (and those they start meanwhile). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }
}
