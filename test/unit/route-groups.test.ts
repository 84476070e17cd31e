import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { ApiEnv } from "../../functions/api/env.js";
import { eagerRoutes, lazyRouteGroups, type RouteRegistrar } from "../../functions/api/route-groups.js";

/** The documented operations of some route registrars: [method, path with {params}]. */
function operations(registrars: RouteRegistrar[]): Array<[string, string]> {
  const app = new OpenAPIHono<ApiEnv>();
  for (const r of registrars) r(app);
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item ?? {}).map((m) => [m.toUpperCase(), path] as [string, string]),
  );
}

/** Which lazy group the API would hand a request to, as app.ts mounts them; "eager" when none. */
const dispatcher = new Hono();
for (const g of lazyRouteGroups) for (const p of g.paths) dispatcher.all(p, (c) => c.text(g.name));
dispatcher.notFound((c) => c.text("eager"));
const groupOf = async (method: string, path: string) => (await dispatcher.request(path.replace(/\{[^}]+\}/g, "x1"), { method })).text();

describe("lazily loaded route groups", () => {
  it("every operation of a lazy group is dispatched to that group", async () => {
    for (const g of lazyRouteGroups) {
      const ops = operations([await g.load()]);
      expect(ops.length, g.name).toBeGreaterThan(0);
      for (const [method, path] of ops) expect(`${method} ${path} → ${await groupOf(method, path)}`).toBe(`${method} ${path} → ${g.name}`);
    }
  });

  it("no lazy group's paths shadow an eagerly loaded operation", async () => {
    const ops = operations(eagerRoutes);
    expect(ops.length).toBeGreaterThan(30);
    for (const [method, path] of ops) expect(`${method} ${path} → ${await groupOf(method, path)}`).toBe(`${method} ${path} → eager`);
  });
});
