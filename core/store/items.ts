const INTERNAL = /^(pk|sk|gsi\dpk|gsi\dsk|kind|expiresAt)$/;

/** An item without its key and index attributes: what the API may show. */
export function withoutKeys<T>(item: Record<string, unknown>, alsoDrop: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (!INTERNAL.test(k) && !alsoDrop.includes(k)) out[k] = v;
  }
  return out as T;
}
