import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");

/** A port that is free now (the OS picks it; we release it at once). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/** Runs the README's first command and reads its banner. */
function npmRunDev(env: Record<string, string>) {
  const child = spawn("npm", ["run", "dev"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const banner = new Promise<{ api: string; admin: string }>((ok, fail) => {
    let api = "";
    const timer = setTimeout(() => fail(new Error("no banner within 120 s")), 120_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const a = /^\s+API\s+(\S+)/.exec(line);
      if (a) api = a[1] as string;
      const t = /^\s+Admin\s+(.*)$/.exec(line);
      if (t) {
        clearTimeout(timer);
        ok({ api, admin: t[1] as string });
      }
    });
    void exited.then((code) => fail(new Error(`npm run dev exited with ${code}`)));
  });
  return { child, exited, banner };
}

describe("npm run dev", () => {
  it("generates and prints an admin token when CKP_ADMIN_TOKEN is unset, and stops on SIGTERM", async () => {
    const dev = npmRunDev({ CKP_STAGE: `dev${Date.now().toString(36)}` });
    const { api, admin } = await dev.banner;
    expect(admin).toContain("generated");
    const token = admin.split(/\s+/)[0] as string;
    const res = await fetch(`${api}/domains`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    dev.child.kill("SIGTERM");
    expect(await dev.exited).toBe(0);
    await expect(fetch(`${api}/healthz`)).rejects.toThrow();
  }, 150_000);

  it("honours CKP_ADMIN_TOKEN and PORT", async () => {
    const port = await freePort();
    const dev = npmRunDev({
      CKP_STAGE: `dev${Date.now().toString(36)}`,
      CKP_ADMIN_TOKEN: "chosen-admin-token-123",
      PORT: String(port),
      CKP_MTLS_PORT: "0",
    });
    const { api, admin } = await dev.banner;
    expect(api).toBe(`http://127.0.0.1:${port}/v1`);
    expect((await fetch(`http://127.0.0.1:${port}/v1/healthz`)).status).toBe(200);
    expect(admin).toContain("CKP_ADMIN_TOKEN");
    expect(admin).not.toContain("chosen-admin-token-123");
    expect((await fetch(`${api}/domains`, { headers: { authorization: "Bearer chosen-admin-token-123" } })).status).toBe(200);
    dev.child.kill("SIGINT");
    expect(await dev.exited).toBe(0);
  }, 150_000);
});
