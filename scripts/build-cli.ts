import { resolve } from "node:path";
import { type BundledProgram, bundleProgram, versionArg } from "./bundle-program.js";

/**
 * ckpctl as one file: `ckpctl …` (or `node ckpctl …`) anywhere Node 20 runs,
 * nothing else to install. The version is compiled in.
 */
export const defaultCliOutfile = resolve(import.meta.dirname, "../dist/cli/ckpctl");

export function buildCli(o: { version?: string; outfile?: string } = {}): Promise<BundledProgram> {
  return bundleProgram({
    entry: "cli/main.ts",
    outfile: o.outfile ?? defaultCliOutfile,
    ...(o.version ? { version: o.version } : {}),
    define: (v) => ({ __CKP_CLI_VERSION__: JSON.stringify(v) }),
    executable: true,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await buildCli(versionArg());
  console.log(`ckpctl ${r.version}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
