import { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env.js";
import { apiLogger } from "./middleware/request-context.js";
import { errorToProblem, problemOf, problemResponse, zodFieldErrors } from "./problem.js";

/**
 * An app with the API's request validation: a failed check is a 400 problem
 * naming each field — except in the path, where a parameter that does not
 * have the form the document states names nothing: 404.
 */
export function newRouter(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success && result.target === "param") {
        return problemResponse(c, { ...problemOf("not-found"), detail: `${c.req.path} names no resource` });
      }
      if (!result.success) {
        const where = result.target === "json" ? "body" : result.target;
        return problemResponse(c, {
          ...problemOf("invalid-request"),
          detail: `the request ${where} is invalid`,
          errors: zodFieldErrors(result.error),
        });
      }
    },
  });
}

/** Not-found and error answers as problem+json; an error of ours is logged. */
export function answerErrors(app: OpenAPIHono<ApiEnv>): void {
  app.notFound((c) => problemResponse(c, { ...problemOf("not-found"), detail: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError((err, c) => {
    const { response, ours } = errorToProblem(c, err);
    if (ours) apiLogger.error("unhandled error", { requestId: c.get("requestId"), path: c.req.path, error: err as Error });
    return response;
  });
}
