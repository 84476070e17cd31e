import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { describe, expect, inject, it } from "vitest";
import { useLocalAws } from "../support/api.js";

/** An HTTP API (payload 2.0) event as hono/aws-lambda types it. */
type GatewayEvent = Parameters<typeof import("../../functions/api/handler.js").handler>[0];

function event(method: string, path: string, o: { body?: unknown; headers?: Record<string, string> } = {}) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "api.example.com", ...(o.body !== undefined ? { "content-type": "application/json" } : {}), ...(o.headers ?? {}) },
    requestContext: {
      accountId: "000000000000",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: `gw-${Date.now()}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authentication: null,
      authorizer: {},
    },
    body: o.body !== undefined ? JSON.stringify(o.body) : null,
    isBase64Encoded: false,
  } as GatewayEvent & { requestContext: { requestId: string } };
}

/** The API as API Gateway invokes it on AWS: the exported Lambda handler, same tables. */
describe("API Lambda handler", () => {
  it("serves requests from API Gateway events, with API Gateway's request id", async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "WARN";
    const { handler } = await import("../../functions/api/handler.js");
    const ctx = { getRemainingTimeInMillis: () => 29_000 } as Context;
    const admin = `Bearer ${inject("controlPlane").adminToken}`;

    const health = (await handler(event("GET", "/v1/healthz"), ctx)) as APIGatewayProxyStructuredResultV2;
    expect(health.statusCode).toBe(200);

    const name = `lambda-${Date.now().toString(36)}`;
    const ev = event("POST", "/v1/domains", { body: { name }, headers: { authorization: admin } });
    const created = (await handler(ev, ctx)) as APIGatewayProxyStructuredResultV2;
    expect(created.statusCode).toBe(201);
    expect(JSON.parse(created.body as string)).toMatchObject({ name });
    expect(created.headers?.["x-request-id"]).toBe(ev.requestContext.requestId);

    const denied = (await handler(event("GET", "/v1/domains"), ctx)) as APIGatewayProxyStructuredResultV2;
    expect(denied.statusCode).toBe(401);
    expect(denied.headers?.["content-type"]).toContain("application/problem+json");
  });
});
