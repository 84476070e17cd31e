import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Counts AWS round trips (HTTP attempts, retries included) per operation
 * within one unit of work, e.g. one API request. Used by the benchmark to
 * check "get = 1 round trip" claims against what the SDK really sent.
 */
export type RoundTripCounts = Record<string, number>;

const store = new AsyncLocalStorage<RoundTripCounts>();

export function countRoundTrips<T>(fn: () => Promise<T>): { counts: RoundTripCounts; result: Promise<T> } {
  const counts: RoundTripCounts = {};
  return { counts, result: store.run(counts, fn) };
}

export function recordRoundTrip(operation: string): void {
  const counts = store.getStore();
  if (counts) counts[operation] = (counts[operation] ?? 0) + 1;
}

export function totalRoundTrips(counts: RoundTripCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

interface StackLike {
  add(mw: unknown, opts: Record<string, unknown>): void;
}

/** Adds the counting middleware to an SDK v3 client's stack. */
export function attachRoundTripCounter(client: { middlewareStack: StackLike }, service: string): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      recordRoundTrip(`${service}.${(context.commandName ?? "unknown").replace(/Command$/, "")}`);
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "ckpRoundTripCounter" },
  );
}
