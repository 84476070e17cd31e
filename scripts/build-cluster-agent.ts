import { mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

/**
 * The cluster agent as one file: `node ckp-cluster-agent.cjs` with Node 20
 * and nothing else — what its container image runs (agent/cluster/Dockerfile).
 */
const root = resolve(import.meta.dirname, "..");
export const defaultClusterAgentOutfile = resolve(root, "dist/cluster-agent/ckp-cluster-agent.cjs");

export async function buildClusterAgent(
  o: { version?: string; outfile?: string } = {},
): Promise<{ outfile: string; version: string; bytes: number }> {
  const version = o.version ?? (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version;
  const outfile = o.outfile ?? defaultClusterAgentOutfile;
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [resolve(root, "agent/cluster/cli.ts")],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    legalComments: "none",
    define: { __CKP_AGENT_VERSION__: JSON.stringify(version), __CKP_AGENT_BUNDLED__: "true" },
    // ws would like its optional native helpers; without them it uses plain JS.
    external: ["bufferutil", "utf-8-validate"],
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
  });
  return { outfile, version, bytes: statSync(outfile).size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const versionArg = process.argv.indexOf("--version");
  const r = await buildClusterAgent(versionArg > 0 ? { version: process.argv[versionArg + 1] as string } : {});
  console.log(`ckp-cluster-agent ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
