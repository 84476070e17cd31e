import { resolve } from "node:path";
import { type BundledProgram, bundleProgram, versionArg } from "./bundle-program.js";

/**
 * The host agent as one file: `ckp-agent …` (or `node ckp-agent …`) on any host with
 * Node 20, nothing else to install. The version is compiled in; an
 * upgrade replaces this file.
 */
export const defaultAgentOutfile = resolve(import.meta.dirname, "../dist/agent/ckp-agent");

export function buildAgent(o: { version?: string; outfile?: string } = {}): Promise<BundledProgram> {
  return bundleProgram({
    entry: "agent/cli.ts",
    outfile: o.outfile ?? defaultAgentOutfile,
    ...(o.version ? { version: o.version } : {}),
    define: (v) => ({ __CKP_AGENT_VERSION__: JSON.stringify(v), __CKP_AGENT_BUNDLED__: "true" }),
    usesWs: true,
    executable: true,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await buildAgent(versionArg());
  console.log(`ckp-agent ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
