import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

/**
 * The host agent as one file: `ckp-agent …` (or `node ckp-agent …`) on any host with
 * Node 20, nothing else to install. The version is compiled in; an
 * upgrade replaces this file.
 */
const root = resolve(import.meta.dirname, "..");
export const defaultAgentOutfile = resolve(root, "dist/agent/ckp-agent");

export async function buildAgent(
  o: { version?: string; outfile?: string } = {},
): Promise<{ outfile: string; version: string; bytes: number }> {
  const version = o.version ?? (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version;
  const outfile = o.outfile ?? defaultAgentOutfile;
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [resolve(root, "agent/cli.ts")],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    // CommonJS runs under any file name (an installed `ckp-agent` has no extension; neither has the upgrade's temp file).
    format: "cjs",
    legalComments: "none",
    define: { __CKP_AGENT_VERSION__: JSON.stringify(version), __CKP_AGENT_BUNDLED__: "true" },
    // ws would like its optional native helpers; without them it uses plain JS.
    external: ["bufferutil", "utf-8-validate"],
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
  const r = await buildAgent(versionArg > 0 ? { version: process.argv[versionArg + 1] as string } : {});
  console.log(`ckp-agent ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
