import type { SagaTiming } from "../../core/clusters/ports.js";
import { SYNCED_STEPS } from "../../core/clusters/status-sync.js";

const seconds = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Saga timing (the lifecycle worker's, and the status sync's time limits); CKP_SAGA_TIMEOUT_<STEP> (e.g. CKP_SAGA_TIMEOUT_WAIT_REGISTRATION) overrides one step's limit. */
export function sagaTiming(): SagaTiming {
  const timeoutSeconds: Record<string, number> = {};
  for (const [k, v] of Object.entries(process.env)) {
    const m = /^CKP_SAGA_TIMEOUT_([A-Z0-9_]+)$/.exec(k);
    if (m && Number(v) > 0) timeoutSeconds[(m[1] as string).toLowerCase().replace(/_/g, "-")] = Number(v);
  }
  const maxPollSeconds = seconds("CKP_SAGA_MAX_POLL_SECONDS", 30);
  return {
    firstPollSeconds: seconds("CKP_SAGA_FIRST_POLL_SECONDS", 1),
    maxPollSeconds,
    // four of the longest poll, at most 2 minutes (30 s → 120 s; a test's 2 s → 8 s): while the sync runs, a timer
    // per interval is all a waiting cluster costs, and the sync's own death is noticed by its lease, not by timers
    syncedFallbackSeconds: seconds("CKP_SAGA_SYNCED_FALLBACK_SECONDS", Math.max(maxPollSeconds, Math.min(120, 4 * maxPollSeconds))),
    timeoutSeconds,
    defaultTimeoutSeconds: 3600,
    // CKP_SAGA_CHAIN_SECONDS=0: every step a message of its own
    chainSeconds: process.env.CKP_SAGA_CHAIN_SECONDS === "0" ? 0 : seconds("CKP_SAGA_CHAIN_SECONDS", 10),
    // the status sync runs on every installation (a schedule on AWS); the dev control plane can turn it off
    ...(process.env.CKP_STATUS_SYNC === "off" ? {} : { syncedSteps: SYNCED_STEPS }),
  };
}
