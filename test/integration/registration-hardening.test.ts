import { describe, expect, it } from "vitest";
import { register, registration } from "../support/agent.js";
import { csrFor, rsaKey } from "../support/pki.js";
import { newTenant } from "../support/tenants.js";

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, detail?: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  if (detail) expect(res.body.detail).toMatch(detail);
}

describe("registration hardening", () => {
  it("binds a machine to the key of its first CSR: another key is refused", async () => {
    const t = await newTenant();
    const key = rsaKey();
    const body = registration(t, t.psk);
    expect((await register(t.admin, { ...body, csr: csrFor(key.privateKey) })).status).toBe(202);
    // the same machine id with a new key: refused, whatever the PSK proof
    const thief = await register(t.admin, { ...registration(t, t.psk, { machineId: body.machineId }), csr: csrFor(rsaKey().privateKey) });
    expectProblem(thief, 401, /does not match the key machine/);
    // the right key still works
    expect(
      (await register(t.admin, { ...registration(t, t.psk, { machineId: body.machineId }), csr: csrFor(key.privateKey) })).status,
    ).toBe(202);
    // only one request for the machine
    const pending = await t.projectAdmin.get(`${t.base}/host-requests?status=pending`);
    expect(pending.body.items.filter((r: { machineId: string }) => r.machineId === body.machineId)).toHaveLength(1);
  });

  it("refuses a CSR whose signature does not verify with its own key, and malformed or weak ones", async () => {
    const t = await newTenant();
    const key = rsaKey();
    const forged = csrFor(key.privateKey, { signWith: rsaKey().privateKey });
    expectProblem(await register(t.admin, { ...registration(t, t.psk), csr: forged }), 400, /signature does not verify/);
    expectProblem(
      await register(t.admin, {
        ...registration(t, t.psk),
        csr: "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----",
      }),
      400,
      /PKCS#10/,
    );
    expectProblem(await register(t.admin, { ...registration(t, t.psk), csr: csrFor(rsaKey(1024).privateKey) }), 400, /at least 2048 bits/);
    expectProblem(await register(t.admin, { ...registration(t, t.psk), csr: "x".repeat(17 * 1024) }), 400);
  });

  it("refuses a CSR from a machine that registered without one", async () => {
    const t = await newTenant();
    const body = registration(t, t.psk);
    expect((await register(t.admin, body)).status).toBe(202);
    const late = await register(t.admin, { ...registration(t, t.psk, { machineId: body.machineId }), csr: csrFor(rsaKey().privateKey) });
    expectProblem(late, 409, /registered without a CSR/);
  });

  it("refuses oversized facts with 400", async () => {
    const t = await newTenant();
    expectProblem(await register(t.admin, { ...registration(t, t.psk), facts: { blob: "x".repeat(33 * 1024) } }), 400);
  });

  it("throttles a machine id after repeated failures: 429 with Retry-After, even for a valid proof", async () => {
    const t = await newTenant();
    const machineId = `m-throttle-${Date.now()}`;
    for (let i = 0; i < 5; i++) expectProblem(await register(t.admin, registration(t, "wrong-psk", { machineId })), 401);
    const limited = await register(t.admin, registration(t, t.psk, { machineId }));
    expectProblem(limited, 429, /too many failed registrations/);
    const after = Number(limited.headers.get("retry-after"));
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(600);
    // replays and stale timestamps count too; other machines are not affected
    const other = registration(t, t.psk);
    expect((await register(t.admin, other)).status).toBe(202);
    expectProblem(await register(t.admin, other), 401, /nonce/);
    expectProblem(await register(t.admin, registration(t, t.psk, { machineId: other.machineId, timestamp: 1 })), 401, /timestamp/);
  });
});
