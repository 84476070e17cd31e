import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { registrationInput } from "../../../core/hosts/model.js";
import { register } from "../../../core/hosts/registration.js";
import type { ApiEnv } from "../env.js";
import { commonProblems, jsonBody, jsonResponse } from "../schemas/common.js";
import { registrationAnswerSchema } from "../schemas/resources.js";

/** Host agents register with a PSK proof instead of a bearer token. */
export function agentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/agent/register",
      tags: ["Agent"],
      summary: "Register a host (PSK proof)",
      description:
        "proof = base64(HMAC-SHA256(key = PSK, message = domain\\nproject\\nmachineId\\ntimestamp\\nnonce)). " +
        "The timestamp must be within 5 minutes of the server clock and each nonce is accepted once. " +
        "The same machineId registering again gets its existing request (or host) back.",
      security: [],
      request: { body: jsonBody(registrationInput) },
      responses: { 202: jsonResponse(registrationAnswerSchema, "Accepted: the request and its status"), ...commonProblems },
    }),
    async (c) => c.json(await register(c.get("deps"), c.req.valid("json"), c.get("requestId")), 202),
  );
}
