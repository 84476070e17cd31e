import { chmodSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

/**
 * The host agent as one file: `node ckp-agent.mjs …` on any host with
 * Node 20, nothing else to install. The version is compiled in; an
 * upgrade replaces this file.
 */
const root = resolve(import.meta.dirname, "..");
export const defaultAgentOutfile = resolve(root, "dist/agent/ckp-agent.mjs");

export async function buildAgent(o: { version?: string; outfile?: string } = {}): Promise<{ outfile: string; version: string; bytes: number }> {
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
    format: "esm",
    legalComments: "none",
    define: { __CKP_AGENT_VERSION__: JSON.stringify(version), __CKP_AGENT_BUNDLED__: "true" },
    // ws would like its optional native helpers; without them it uses plain JS.
    external: ["bufferutil", "utf-8-validate"],
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: "warning",
  });
  chmodSync(outfile, 0o755);
  return { outfile, version, bytes: statSync(outfile).size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const versionArg = process.argv.indexOf("--version");
  const r = await buildAgent(versionArg > 0 ? { version: process.argv[versionArg + 1] as string } : {});
  console.log(`ckp-agent ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
