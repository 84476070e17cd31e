import type { z } from "zod";

/**
 * What DynamoDB (through the document client) can store of free-form JSON a
 * client sends, checked before it is written so the client gets a 400
 * instead of a failed write:
 *
 * - numbers within ±(2^53 − 1): beyond that a JSON number has already lost
 *   digits and the document client refuses it (send such values, e.g.
 *   uint64 counters, as strings); and not smaller in magnitude than 1e-130,
 *   DynamoDB's smallest number;
 * - at most `maxDepth` levels of nested objects and arrays (the value itself
 *   is level 1): items nest at most 32 levels, and free-form values are
 *   stored inside entities and events that add levels of their own;
 * - no empty object keys (DynamoDB has no empty attribute names).
 */
export const MIN_NUMBER_MAGNITUDE = 1e-130;

export interface StorableIssue {
  path: Array<string | number>;
  message: string;
}

export function storableIssues(value: unknown, maxDepth: number): StorableIssue[] {
  const issues: StorableIssue[] = [];
  const walk = (v: unknown, path: Array<string | number>, depth: number) => {
    if (issues.length >= 10) return;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) issues.push({ path, message: "must be a finite number" });
      else if (Math.abs(v) > Number.MAX_SAFE_INTEGER) {
        issues.push({
          path,
          message: `numbers beyond ±${Number.MAX_SAFE_INTEGER} (2^53 - 1) cannot be stored exactly; send this value as a string`,
        });
      } else if (v !== 0 && Math.abs(v) < MIN_NUMBER_MAGNITUDE) {
        issues.push({ path, message: `numbers closer to 0 than ${MIN_NUMBER_MAGNITUDE} cannot be stored; send this value as a string` });
      }
      return;
    }
    if (typeof v !== "object" || v === null) return;
    if (depth > maxDepth) {
      issues.push({ path, message: `objects and arrays may nest at most ${maxDepth} levels deep` });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, [...path, i], depth + 1);
      });
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === "") issues.push({ path, message: "object keys must not be empty" });
      else walk(x, [...path, k], depth + 1);
    }
  };
  walk(value, [], 1);
  return issues;
}

/** Adds the storable issues of `value` to a zod refinement context. */
export function refineStorable(value: unknown, ctx: z.RefinementCtx, maxDepth: number): void {
  for (const i of storableIssues(value, maxDepth)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
}
