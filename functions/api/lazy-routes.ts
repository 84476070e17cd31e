import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "./env.js";
import type { LazyRouteGroup } from "./route-groups.js";
import { answerErrors, newRouter } from "./router.js";

/** Where a forwarded request carries the outer app's per-request values. */
const OUTER = Symbol("ckp.outer-request-values");

type Carrier = { [OUTER]?: Partial<ApiEnv["Variables"]> };

/**
 * Serves a lazy route group from an app of its own, built on the group's
 * first request: Hono cannot add routes to an app once it has routed a
 * request. The outer app has already run the request-wide middleware (request
 * id, body limit, authentication, Idempotency-Key); the inner app takes its
 * per-request values from the outer one and answers with its routes,
 * validation and error handling (./router.ts).
 */
export function mountLazyGroup(app: OpenAPIHono<ApiEnv>, group: LazyRouteGroup): void {
  let inner: Promise<OpenAPIHono<ApiEnv>> | undefined;
  const build = async () => {
    const register = await group.load();
    const sub = newRouter();
    sub.use("*", async (c, next) => {
      for (const [k, v] of Object.entries((c.env as Carrier | undefined)?.[OUTER] ?? {})) c.set(k as keyof ApiEnv["Variables"], v as never);
      await next();
    });
    register(sub);
    answerErrors(sub);
    return sub;
  };
  const forward = async (c: Context<ApiEnv>) => {
    inner ??= build().catch((e: unknown) => {
      inner = undefined; // the next request tries again
      throw e;
    });
    const sub = await inner;
    return sub.fetch(await replayable(c), { ...(c.env as object | undefined), [OUTER]: c.var });
  };
  for (const path of group.paths) app.all(path, forward);
}

/** The request with its body readable again when a middleware has read it (Hono keeps what it read). */
async function replayable(c: Context<ApiEnv>): Promise<Request> {
  const raw = c.req.raw;
  if (!raw.body || !raw.bodyUsed) return raw;
  return new Request(raw.url, { method: raw.method, headers: raw.headers, body: await c.req.arrayBuffer(), signal: raw.signal });
}
