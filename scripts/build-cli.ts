import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

/**
 * ckpctl as one file: `ckpctl …` (or `node ckpctl …`) anywhere Node 20 runs,
 * nothing else to install. The version is compiled in.
 */
const root = resolve(import.meta.dirname, "..");
export const defaultCliOutfile = resolve(root, "dist/cli/ckpctl");

export async function buildCli(
  o: { version?: string; outfile?: string } = {},
): Promise<{ outfile: string; version: string; bytes: number }> {
  const version = o.version ?? (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version;
  const outfile = o.outfile ?? defaultCliOutfile;
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [resolve(root, "cli/main.ts")],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    // CommonJS runs under any file name (an installed `ckpctl` has no extension)
    format: "cjs",
    legalComments: "none",
    define: { __CKP_CLI_VERSION__: JSON.stringify(version) },
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
  });
  chmodSync(outfile, 0o755);
  // Inside this repository (package.json says "module") the extensionless file would be read as ESM.
  writeFileSync(resolve(dirname(outfile), "package.json"), '{ "type": "commonjs" }\n');
  return { outfile, version, bytes: statSync(outfile).size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const versionArg = process.argv.indexOf("--version");
  const r = await buildCli(versionArg > 0 ? { version: process.argv[versionArg + 1] as string } : {});
  console.log(`ckpctl ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
