import type { Deps } from "../deps.js";
import { sleep } from "../shared/sleep.js";
import type { ProjectRef } from "../store/keys.js";
import { getMachineHost } from "./machine-hosts.js";
import type { MachineHostStatus } from "./model.js";
import { statusOf } from "./status.js";

export interface WatchBounds {
  /** how often the store is read (ms) */
  pollMs: number;
  /** how long one watch may last (ms); it then ends, and the client watches again */
  maxMs: number;
  signal: AbortSignal;
}

/**
 * A machine host's status now, then each change of it: the store is read
 * every `pollMs` (one consistent read of the machine's records, as
 * GetMachineHostStatus does) and a status is yielded when it differs from the
 * last one. Ends when `signal` aborts or `maxMs` passes; a machine host that
 * is deleted meanwhile ends it with a not-found error.
 */
export async function* watchMachineHostStatus(
  deps: Deps,
  t: ProjectRef,
  machineId: string,
  b: WatchBounds,
): AsyncGenerator<MachineHostStatus> {
  const until = Date.now() + b.maxMs;
  let last: string | undefined;
  while (!b.signal.aborted) {
    const s = statusOf(await getMachineHost(deps, t, machineId));
    const seen = JSON.stringify(s);
    if (seen !== last) {
      last = seen;
      yield s;
    }
    const left = until - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(b.pollMs, left), b.signal);
  }
}
