import { type ErrorCode, isDomainError } from "./errors.js";

export interface BulkResult {
  id: string;
  outcome: string;
  /** the domain error's code and detail (the HTTP edge adds status and title) */
  error?: { code: ErrorCode; detail: string; [k: string]: unknown };
}

/**
 * Runs one operation per id with bounded concurrency and reports a result per
 * id. Client-caused failures become per-item errors; anything else (a fault
 * of ours or a dependency) propagates so the whole request fails loudly.
 */
export async function runBulk(ids: string[], outcome: string, op: (id: string) => Promise<void>, concurrency = 8): Promise<BulkResult[]> {
  const unique = [...new Set(ids)];
  const results = new Map<string, BulkResult>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < unique.length) {
      const id = unique[next++] as string;
      try {
        await op(id);
        results.set(id, { id, outcome });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        results.set(id, { id, outcome: "error", error: { ...(e.extra ?? {}), code: e.code, detail: e.message } });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return unique.map((id) => results.get(id) as BulkResult);
}
