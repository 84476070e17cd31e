import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { Hono } from "hono";
import { CONSOLE_SECURITY_HEADERS } from "../../console/security-headers.js";

/**
 * The console (console/): a static app over the public /v1 API. The dev
 * server serves its build at `/` (every path that is not an API path; an
 * unknown one gets index.html, so deep links work), as the static site
 * does on AWS (infra/console.ts).
 */
export const consoleRoot = resolve(import.meta.dirname, "../../console");
export const consoleDist = join(consoleRoot, "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

const SECURITY_HEADERS = CONSOLE_SECURITY_HEADERS;

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>CKP console</title>
<body style="font-family:system-ui;margin:3rem;max-width:40rem">
<h1>The console is not built</h1>
<p>Build it with <code>npm run build:console</code> (or start the control plane with <code>npm run dev</code>, which builds it when it is missing or out of date), then reload.</p>
<p>The API is at <a href="/v1/docs">/v1/docs</a>.</p></body></html>`;

export function serveConsole(server: Hono): void {
  server.get("*", async (c, next) => {
    const path = c.req.path;
    if (path === "/v1" || path.startsWith("/v1/")) return next();
    if (!existsSync(join(consoleDist, "index.html"))) return c.html(NOT_BUILT, 200, SECURITY_HEADERS);
    const file = fileOf(path);
    if (file && extname(file) && existsSync(file) && statSync(file).isFile()) {
      const hashed = path.startsWith("/assets/");
      return c.body(await readFile(file), 200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        // Vite names assets by content hash; everything else may change with the next build
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        ...SECURITY_HEADERS,
      });
    }
    return c.body(await readFile(join(consoleDist, "index.html")), 200, {
      "content-type": TYPES[".html"] as string,
      "cache-control": "no-cache",
      ...SECURITY_HEADERS,
    });
  });
}

/** The build's file a path names, if it names one inside the build (a malformed or escaping path names none). */
function fileOf(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const file = normalize(join(consoleDist, decoded));
  return file.startsWith(consoleDist + sep) ? file : undefined;
}

/** The newest modification time under the console's sources (what a build reads). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      // the generated API types only type-check the app; they are not in the build
      if (e.name === "dist" || e.name === "node_modules" || e.name.endsWith(".gen.d.ts")) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(consoleRoot);
  return newest;
}

/** Builds the console when its build is missing or older than its sources (Vite, in this process). */
export async function ensureConsoleBuilt(log: (line: string) => void): Promise<boolean> {
  const index = join(consoleDist, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) return false;
  const started = Date.now();
  const { build } = await import("vite");
  await build({ configFile: join(consoleRoot, "vite.config.ts"), logLevel: "warn" });
  log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
