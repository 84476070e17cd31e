import { resolve } from "node:path";
import { type BundledProgram, bundleProgram, versionArg } from "./bundle-program.js";

/**
 * The cluster agent as one file: `node ckp-cluster-agent.cjs` with Node 20
 * and nothing else — what its container image runs (agent/cluster/Dockerfile).
 */
export const defaultClusterAgentOutfile = resolve(import.meta.dirname, "../dist/cluster-agent/ckp-cluster-agent.cjs");

export function buildClusterAgent(o: { version?: string; outfile?: string } = {}): Promise<BundledProgram> {
  return bundleProgram({
    entry: "agent/cluster/cli.ts",
    outfile: o.outfile ?? defaultClusterAgentOutfile,
    ...(o.version ? { version: o.version } : {}),
    define: (v) => ({ __CKP_AGENT_VERSION__: JSON.stringify(v), __CKP_AGENT_BUNDLED__: "true" }),
    usesWs: true,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await buildClusterAgent(versionArg());
  console.log(`ckp-cluster-agent ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
