import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { eventually } from "../support/api.js";
import { startDevServer } from "../support/dev-server.js";

/**
 * `npm run dev` starts the sandbox (docs/sandbox.md) unless told not to. Where
 * it cannot — here, no kube-apiserver build — it says how to get one and the
 * control plane runs without it. (The browser tier runs the sandbox itself.)
 */
describe("npm run dev's sandbox, when it cannot start or is turned off", () => {
  const aws = inject("awsEndpoints");
  const env = { AWS_ENDPOINT_URL: aws.aws, AWS_ENDPOINT_URL_DYNAMODB: aws.dynamodb };

  it("without the kube-apiserver build: names the build command, and the API and the console are served all the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ckp-no-kube-"));
    const logFile = join(dir, "dev.log");
    // an empty cache: no kube-apiserver or etcd binaries anywhere it looks
    const server = await startDevServer({
      args: ["--sandbox"],
      logFile,
      env: { ...env, CKP_SANDBOX: "1", CKP_CACHE_DIR: join(dir, "cache") },
    });
    try {
      // the control plane is ready first; the sandbox's own line follows
      await eventually(
        async () => (readFileSync(logFile, "utf8").includes('{"event":"sandbox"') ? true : undefined),
        60_000,
        "the sandbox's line",
      );
      const log = readFileSync(logFile, "utf8");
      expect(log).toContain("No sandbox: the sandbox needs the kube-apiserver and etcd binaries");
      expect(log).toContain("bash scripts/kube/build.sh");
      expect(log).toContain("The control plane runs without it.");
      const line = JSON.parse(log.split("\n").find((l) => l.startsWith('{"event":"sandbox"')) as string);
      expect(line.error).toContain("bash scripts/kube/build.sh");
      expect(line.sandbox).toBeUndefined();

      const auth = { authorization: `Bearer ${server.adminToken}` };
      expect((await fetch(`${server.url}/v1/domains`, { headers: auth })).status).toBe(200);
      const mcs = (await (await fetch(`${server.url}/v1/management-clusters`, { headers: auth })).json()) as { items: unknown[] };
      expect(mcs.items).toEqual([]);
      // the console is served at / (or, unbuilt, a page saying how to build it) with its security headers
      const page = await fetch(`${server.url}/d/acme/p/edge/clusters`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(await page.text()).toMatch(/<div id="root">|npm run build:console/);
      // a malformed or escaping path gets the app, never an error or a file outside the build
      for (const path of ["/%E0%A4%A", "/..%2f..%2fpackage.json", "/assets/..%2f..%2fvite.config.ts"]) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get("content-type"), path).toContain("text/html");
      }
      // the API keeps its own answers: an unknown API path is a problem, not the console
      const unknown = await fetch(`${server.url}/v1/nothing-here`, { headers: auth });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    } finally {
      await server.stop();
      await deleteResources(server.stage).catch(() => undefined);
    }
  });

  it("CKP_SANDBOX=0 starts no sandbox and says nothing about one", async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), "ckp-no-sandbox-")), "dev.log");
    const server = await startDevServer({ args: ["--sandbox"], logFile, env: { ...env, CKP_SANDBOX: "0" } });
    try {
      // nothing follows the ready line: give a sandbox that should not be there time to show itself
      await new Promise((r) => setTimeout(r, 3_000));
      const log = readFileSync(logFile, "utf8");
      expect(log).not.toMatch(/sandbox/i);
      expect(log).toContain("Console  ");
    } finally {
      await server.stop();
      await deleteResources(server.stage).catch(() => undefined);
    }
  });
});
