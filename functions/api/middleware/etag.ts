import type { Context } from "hono";
import { preconditionFailed } from "../../../core/shared/errors.js";

/** ETags are the item version; `If-Match` turns into a version condition. */
export function setEtag(c: Context, version: number): void {
  c.header("etag", `"${version}"`);
}

export function ifMatchVersion(c: Context): number | undefined {
  const h = c.req.header("if-match");
  if (h === undefined || h.trim() === "*") return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(h);
  if (!m) throw preconditionFailed(`If-Match ${h} does not match the resource's ETag`);
  return Number(m[1]);
}
