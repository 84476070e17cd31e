import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/**
 * The console's first load stays under 250 KB gzipped (issue 15): what
 * index.html pulls in before the app can draw — the page, its scripts,
 * stylesheets and module preloads — as the setup just built it.
 */
const dist = resolve(import.meta.dirname, "../../console/dist");
const FIRST_LOAD_BUDGET = 250 * 1024;

function firstLoad(): Array<{ file: string; gzip: number }> {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
  return ["/index.html", ...refs].map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(dist, f)), { level: 9 }).length }));
}

describe("the console's first load", () => {
  it("is under 250 KB gzipped", () => {
    const files = firstLoad();
    const total = files.reduce((n, f) => n + f.gzip, 0);
    console.log(
      `console first load: ${(total / 1024).toFixed(1)} KB gzipped (${files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(", ")})`,
    );
    expect(files.some((f) => f.file.endsWith(".js"))).toBe(true);
    expect(total).toBeLessThan(FIRST_LOAD_BUDGET);
  });
});
