import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");

export interface BundledProgram {
  outfile: string;
  version: string;
  bytes: number;
}

/**
 * One of this project's programs (ckp-agent, ckpctl, the cluster agent) as
 * one file that runs with Node 20 and nothing else. The version (the
 * package's unless given) is compiled in through `define`.
 */
export async function bundleProgram(o: {
  entry: string;
  outfile: string;
  version?: string;
  /** the compile-time constants that carry the version (and any others) */
  define: (version: string) => Record<string, string>;
  /** ws would like its optional native helpers; without them it uses plain JS */
  usesWs?: boolean;
  /** an extensionless executable (chmod +x, and a package.json so Node reads it as CommonJS inside this repo) */
  executable?: boolean;
}): Promise<BundledProgram> {
  const version = o.version ?? (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version;
  mkdirSync(dirname(o.outfile), { recursive: true });
  await build({
    entryPoints: [resolve(root, o.entry)],
    outfile: o.outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    // CommonJS runs under any file name (an installed program has no extension; neither has an upgrade's temp file)
    format: "cjs",
    legalComments: "none",
    // ESM dependencies (openpgp's node build: createRequire(import.meta.url)) read import.meta.url, which CommonJS lacks
    define: { ...o.define(version), "import.meta.url": "__ckp_import_meta_url" },
    ...(o.usesWs ? { external: ["bufferutil", "utf-8-validate"] } : {}),
    banner: { js: '#!/usr/bin/env node\nvar __ckp_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: "warning",
  });
  if (o.executable) {
    chmodSync(o.outfile, 0o755);
    // Inside this repository (package.json says "module") the extensionless file would be read as ESM.
    writeFileSync(resolve(dirname(o.outfile), "package.json"), '{ "type": "commonjs" }\n');
  }
  return { outfile: o.outfile, version, bytes: statSync(o.outfile).size };
}

/** `--version <v>` from the command line, for the build scripts. */
export function versionArg(argv = process.argv): { version?: string } {
  const i = argv.indexOf("--version");
  return i > 0 && argv[i + 1] ? { version: argv[i + 1] as string } : {};
}
