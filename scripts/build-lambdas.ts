import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import { queues, workerBundleName } from "../infra/resources.js";

/**
 * Bundles each Lambda entry point the way it ships: one minified ESM file,
 * AWS SDK included (not relying on the runtime's copy), for size and cold
 * import measurements. `sst deploy` does its own bundling with the same
 * entry points.
 */
export const entries: Record<string, string> = {
  api: "functions/api/handler.ts",
  relay: "functions/relay/handler.ts",
  ...Object.fromEntries(Object.entries(queues).map(([name, q]) => [workerBundleName(name), `${q.handler.replace(/\.[^.]+$/, "")}.ts`])),
  "agent-ws": "functions/agent-ws/handler.ts",
  "agent-sweep": "functions/scheduled/agent-sweep.ts",
  "machine-reconcile": "functions/scheduled/machine-reconcile.ts",
  "status-sync": "functions/scheduled/status-sync.ts",
  "saga-resume": "functions/scheduled/saga-resume.ts",
};

const root = resolve(import.meta.dirname, "..");

/**
 * zod bundles error messages in ~50 languages (a quarter of the API bundle);
 * the API speaks English, so the locale index is reduced to `en`.
 */
const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(b) {
    b.onLoad({ filter: /node_modules\/zod\/v4\/locales\/index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: resolve(root, "node_modules/zod/v4/locales"),
    }));
  },
};
export const outDir = resolve(root, "dist/lambdas");

export interface BuiltLambda {
  dir: string;
  entry: string;
  /** the entry file: what a cold start loads before the first request */
  entryBytes: number;
  /** entry plus lazily loaded chunks */
  totalBytes: number;
}

export async function buildLambdas(): Promise<Record<string, BuiltLambda>> {
  const out: Record<string, BuiltLambda> = {};
  for (const [name, entry] of Object.entries(entries)) out[name] = await bundleEntry(resolve(root, entry), resolve(outDir, name));
  return out;
}

/** One entry point bundled as a Lambda ships, into `dir`. */
export async function bundleEntry(entry: string, dir: string): Promise<BuiltLambda> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: { index: entry },
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    splitting: true,
    // ESM builds of the AWS SDK tree-shake far better than its CommonJS builds.
    mainFields: ["module", "main"],
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "esm",
    legalComments: "none",
    // CommonJS dependencies inside an ESM bundle need require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [zodEnglishOnly],
    logLevel: "warning",
  });
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  const totalBytes = files.reduce((n, f) => n + statSync(resolve(f.parentPath, f.name)).size, 0);
  const entryFile = resolve(dir, "index.mjs");
  return { dir, entry: entryFile, entryBytes: statSync(entryFile).size, totalBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(await buildLambdas())) {
    console.log(
      `${name.padEnd(22)} entry ${(r.entryBytes / 1024).toFixed(1)} KiB, with lazy chunks ${(r.totalBytes / 1024).toFixed(1)} KiB  ${r.dir}`,
    );
  }
}
