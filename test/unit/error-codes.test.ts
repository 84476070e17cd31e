import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../core/shared/error-codes.js";
import { conflict, DomainError } from "../../core/shared/errors.js";
import { EDGE_CODES } from "../../functions/api/problem.js";
import { PROBLEM_STATUS } from "../../functions/shared/problem-status.js";

const doc = readFileSync(resolve(import.meta.dirname, "../../docs/errors.md"), "utf8");
const rows = new Map([...doc.matchAll(/^\|\s*`([a-z0-9.-]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1] as string, Number(m[2])]));

describe("error codes", () => {
  it("docs/errors.md lists every code with its status, and nothing else", () => {
    const expected = new Map<string, number>([
      ...Object.entries(ERROR_CODES).map(([code, info]) => [code, PROBLEM_STATUS[info.kind]] as [string, number]),
      ...Object.entries(EDGE_CODES).map(([code, info]) => [code, info.status] as [string, number]),
    ]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });

  it("codes are lowercase words, a resource prefix optional", () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^([a-z0-9-]+\.)?[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("an error without a code gets its kind's generic code; a code of another kind is refused", () => {
    expect(conflict("taken").code).toBe("conflict");
    expect(() => new DomainError("conflict", "x", { code: "not-found" as ErrorCode as never })).toThrow(/not of kind conflict/);
  });
});
