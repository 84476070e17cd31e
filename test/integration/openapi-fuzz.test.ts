import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";

/**
 * The OpenAPI document tells the truth: schemathesis, an outside fuzzer,
 * drives every operation of the served document (GET /v1/openapi.json) with
 * data the document allows, and checks that nothing answers 5xx and that
 * no request the document allows is refused as invalid (its settings and
 * the reasons for each exception: test/openapi/schemathesis.toml).
 *
 * Short, seeded and bounded, to fit CI: CKP_FUZZ_EXAMPLES (5) cases per
 * operation, CKP_FUZZ_SEED, CKP_FUZZ_MAX_SECONDS (300). The server is its own,
 * without workers, and reaches nothing off this machine (loopback-only.ts):
 * fuzzed requests name servers and endpoints at random.
 */
const repoRoot = resolve(import.meta.dirname, "../..");
const version = "4.32.5";
const st = join(process.env.CKP_CACHE_DIR ?? join(homedir(), ".cache", "ckp"), "schemathesis", version, "venv", "bin", "st");

describe("the OpenAPI document, fuzzed", () => {
  let server: DevServer;
  beforeAll(async () => {
    if (!existsSync(st)) throw new Error(`schemathesis ${version} is not installed (${st}): run bash scripts/openapi/install.sh`);
    server = await startDevServer({ args: ["--no-relay", "--no-workers"], preload: ["./test/support/loopback-only.ts"] });
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await deleteResources(server.stage).catch(() => undefined);
  });

  it("answers no 5xx, and refuses no data its document allows", async () => {
    const args = [
      "--config-file",
      join(repoRoot, "test/openapi/schemathesis.toml"),
      "run",
      `${server.url}/v1/openapi.json`,
      "--url",
      server.url,
      "--header",
      `Authorization: Bearer ${server.adminToken}`,
      "--phases",
      "fuzzing",
      "--max-examples",
      process.env.CKP_FUZZ_EXAMPLES ?? "5",
      "--seed",
      process.env.CKP_FUZZ_SEED ?? "20261203",
      "--max-time",
      process.env.CKP_FUZZ_MAX_SECONDS ?? "300",
      "--workers",
      "2",
      "--request-timeout",
      "30",
      "--no-color",
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(st, args, { cwd: repoRoot, env: { ...process.env, SCHEMATHESIS_TELEMETRY: "false" } });
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.once("close", (c) => done({ code: c, output: out }));
    });
    // the report, without the reproduction commands (their bodies can be very long)
    const report = output
      .split("\n")
      .filter((l) => !/^\s+curl /.test(l))
      .map((l) => l.slice(0, 400))
      .join("\n");
    expect(code, report).toBe(0);
    expect(report).toMatch(/Test cases:\s+\d+ generated, \d+ passed/);
  }, 900_000);
});
