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
