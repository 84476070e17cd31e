import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";
import { startDevServer } from "../support/dev-server.js";
import { CHROMIUM, SCREENSHOTS } from "./support/browser.js";

/** The dev server's `{"event":"sandbox",…}` line, once it wrote one. */
async function sandboxLine(logFile: string, timeoutMs: number): Promise<{ sandbox?: unknown; error?: string }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const line = (existsSync(logFile) ? readFileSync(logFile, "utf8") : "").split("\n").find((l) => l.startsWith('{"event":"sandbox"'));
    if (line) return JSON.parse(line);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { error: `no sandbox within ${timeoutMs / 1000} s` };
}

declare module "vitest" {
  export interface ProvidedContext {
    console: { url: string; adminToken: string; stage: string; logFile: string };
  }
}

/**
 * The browser tier: the console built as `npm run build:console` builds it,
 * served by `npm run dev`'s program with the sandbox (a real kube-apiserver
 * with the CAPI CRDs, the simulated controllers, the simulated Orbiter BMS
 * whose machines run the real agent), driven by Debian's Chromium through
 * playwright-core. Never skips: without Chromium or the kube-apiserver
 * build the run fails and says how to install them.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tier: no Chromium at ${CHROMIUM}; install Debian's: apt-get install -y chromium (.ci/run does)`);
  }
  const stack = await ensureLocalStack();
  process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;

  const started = Date.now();
  const { build } = await import("vite");
  await build({ configFile: resolve(import.meta.dirname, "../../console/vite.config.ts"), logLevel: "warn" });
  console.log(`browser tier: console built in ${Date.now() - started} ms`);

  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  // to iterate on the tests: point them at an `npm run dev` already running (its sandbox state carries over between runs)
  if (process.env.CKP_BROWSER_URL && process.env.CKP_BROWSER_ADMIN_TOKEN) {
    project.provide("console", {
      url: process.env.CKP_BROWSER_URL,
      adminToken: process.env.CKP_BROWSER_ADMIN_TOKEN,
      stage: "",
      logFile: "",
    });
    return async () => stack.stop();
  }
  const logFile = join(mkdtempSync(join(tmpdir(), "ckp-browser-tier-")), "dev-server.log");
  const server = await startDevServer({
    args: ["--sandbox"],
    logFile,
    env: { CKP_SANDBOX: "1", CKP_MACHINE_RECONCILE_INTERVAL_MS: "5000", CKP_AGENT_SWEEP_INTERVAL_MS: "5000" },
  }).catch((e: unknown) => {
    throw new Error(`browser tier: npm run dev --sandbox did not start (log: ${logFile}): ${(e as Error).message}`);
  });
  // the server is ready before its sandbox: wait for the sandbox's own line; without a sandbox nothing here can pass
  const sandbox = await sandboxLine(logFile, 900_000);
  if (!sandbox.sandbox) {
    await server.stop();
    throw new Error(`browser tier: the sandbox did not start: ${sandbox.error ?? "no word from it"} (log: ${logFile})`);
  }
  console.log(`browser tier: dev server with sandbox at ${server.url} in ${Date.now() - started} ms; screenshots in ${SCREENSHOTS}`);
  project.provide("console", { url: server.url, adminToken: server.adminToken, stage: server.stage, logFile });

  return async () => {
    await server.stop();
    await deleteResources(server.stage).catch(() => undefined);
    await stack.stop();
  };
}
