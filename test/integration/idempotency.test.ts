import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { tables } from "../../infra/resources.js";
import { approvedHost } from "../support/agent.js";
import { resourceName, useLocalAws } from "../support/api.js";
import { newTenant } from "../support/tenants.js";

async function scanAll(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamoDocumentClient().send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every string in an item, and what every base64-looking string decodes to. */
function texts(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") {
    out.push(v);
    if (/^[A-Za-z0-9+/_=-]{16,}$/.test(v))
      out.push(Buffer.from(v, "base64").toString("latin1"), Buffer.from(v, "base64url").toString("latin1"));
    // JSON held in a string attribute (Powertools keeps the stored answer as one)
    if (v.startsWith("{") || v.startsWith("[")) {
      try {
        texts(JSON.parse(v), out);
      } catch {
        /* not JSON */
      }
    }
  } else if (v && typeof v === "object") {
    for (const x of Object.values(v)) texts(x, out);
  }
  return out;
}

function leaking(items: Record<string, unknown>[], secret: string): Record<string, unknown>[] {
  const forms = [secret, Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url")];
  return items.filter((item) => texts(item).some((s) => forms.some((f) => s.includes(f))));
}

describe("Idempotency-Key answers at rest", () => {
  it("keeps no token secret or PSK in plaintext, and still replays the same answer", async () => {
    const env = useLocalAws();
    const t = await newTenant();
    const tokenKey = `tok-${Date.now()}`;
    const tokenBody = { name: "ci", role: "viewer", domain: t.domain, project: t.project };
    const created = await t.projectAdmin.post("/v1/tokens", tokenBody, { "idempotency-key": tokenKey });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const pskKey = `psk-${Date.now()}`;
    const reset = await t.projectAdmin.post(`${t.base}/host-psk/reset`, undefined, { "idempotency-key": pskKey });
    expect(reset.status).toBe(200);
    const psk = reset.body.psk as string;

    const again = await t.projectAdmin.post("/v1/tokens", tokenBody, { "idempotency-key": tokenKey });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.status).toBe(201);
    expect(again.body).toEqual(created.body);
    const resetAgain = await t.projectAdmin.post(`${t.base}/host-psk/reset`, undefined, { "idempotency-key": pskKey });
    expect(resetAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(resetAgain.body).toEqual(reset.body);
    expect(resetAgain.headers.get("cache-control")).toBe("no-store");
    // the replayed token is the real one, and the replayed PSK is the current one
    expect((await t.admin.as(token).get(`${t.base}/hosts`)).status).toBe(200);
    expect((await t.projectAdmin.get(`${t.base}/host-psk`)).body.psk).toBe(psk);

    const idempotency = await scanAll(resourceName(env, tables.idempotency.logical));
    const main = await scanAll(resourceName(env, tables.main.logical));
    // the records of these two requests are there (sealed), so the scan looked in the right place
    expect(idempotency.filter((i) => String(i.id).startsWith("http")).length).toBeGreaterThanOrEqual(2);
    for (const secret of [token, token.split("_").slice(2).join("_"), psk]) {
      expect(leaking(idempotency, secret).map((i) => i.id)).toEqual([]);
      expect(leaking(main, secret).map((i) => `${String(i.pk)} ${String(i.sk)}`)).toEqual([]);
    }
  });

  it("counts the query string: the same key with ?force=true is another request", async () => {
    const t = await newTenant();
    const { hostId } = await approvedHost(t);
    const key = `bulk-${Date.now()}`;
    const first = await t.projectAdmin.post(`${t.base}/hosts/bulk-delete`, { ids: ["host_missing"] }, { "idempotency-key": key });
    expect(first.status).toBe(200);
    const forced = await t.projectAdmin.post(
      `${t.base}/hosts/bulk-delete?force=true`,
      { ids: ["host_missing"] },
      { "idempotency-key": key },
    );
    expect(forced.status).toBe(422);
    expect(forced.headers.get("content-type")).toContain("application/problem+json");
    expect(forced.body.detail).toContain("query string");
    const same = await t.projectAdmin.post(`${t.base}/hosts/bulk-delete`, { ids: ["host_missing"] }, { "idempotency-key": key });
    expect(same.headers.get("idempotent-replayed")).toBe("true");
    expect((await t.projectAdmin.get(`${t.base}/hosts/${hostId}`)).status).toBe(200);
  });

  it("answers 409 to a repeat that arrives while the first request still runs", async () => {
    const t = await newTenant();
    const key = `slow-${Date.now()}`;
    // three hundred lookups keep the first request busy for a while
    const ids = Array.from({ length: 300 }, (_, i) => `host_${String(i).padStart(26, "0")}`);
    const send = () => t.projectAdmin.post(`${t.base}/hosts/bulk-delete`, { ids }, { "idempotency-key": key });
    const [a, b] = await Promise.all([send(), send()]);
    // one of the two takes the key and runs; the other finds it in progress
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const busy = a.status === 409 ? a : b;
    expect(busy.headers.get("content-type")).toContain("application/problem+json");
    expect(busy.body.detail).toContain("in progress");
    const later = await send();
    expect(later.status).toBe(200);
    expect(later.headers.get("idempotent-replayed")).toBe("true");
  });
});
