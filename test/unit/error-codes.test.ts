import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../core/shared/error-codes.js";
import { conflict, DomainError } from "../../core/shared/errors.js";
import { codeRows } from "../../scripts/docs/error-table.js";

const doc = readFileSync(resolve(import.meta.dirname, "../../docs/errors.md"), "utf8");
const rows = [...doc.matchAll(/^\|\s*`([a-z0-9.-]+)`\s*\|\s*(\d{3})\s*\|(.*)\|\s*$/gm)].map((m) => ({
  code: m[1] as string,
  status: Number(m[2]),
  description: (m[3] as string).trim(),
}));

describe("error codes", () => {
  it("docs/errors.md lists every code with its status and description, and nothing else (scripts/docs/error-table.ts writes them)", () => {
    const byCode = (rs: Array<{ code: string }>) => [...rs].sort((a, b) => a.code.localeCompare(b.code));
    expect(byCode(rows)).toEqual(byCode(codeRows()));
  });

  it("codes are lowercase words, a resource prefix optional", () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^([a-z0-9-]+\.)?[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("an error without a code gets its kind's generic code; a code of another kind is refused", () => {
    expect(conflict("taken").code).toBe("conflict");
    expect(() => new DomainError("conflict", "x", { code: "not-found" as ErrorCode as never })).toThrow(/not of kind conflict/);
  });
});
