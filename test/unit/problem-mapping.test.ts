import { IdempotencyPersistenceLayerError } from "@aws-lambda-powertools/idempotency";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { DomainError, RetryableError, rateLimited } from "../../core/shared/errors.js";
import { errorToProblem } from "../../functions/api/problem.js";

/** The one place a thrown error becomes an HTTP answer (functions/api/problem.ts), on a bare Hono app. */
async function answerTo(err: unknown, path = "/x"): Promise<{ status: number; headers: Headers; body: any; ours: boolean }> {
  let ours = false;
  const app = new Hono();
  app.get("/x", () => {
    throw err;
  });
  app.onError((e, c) => {
    const mapped = errorToProblem(c, e);
    ours = mapped.ours;
    return mapped.response;
  });
  const res = await app.request(path);
  return { status: res.status, headers: res.headers, body: await res.json(), ours };
}

describe("errors to problems", () => {
  it("a domain error keeps its code, extra members and field errors; its kind gives the status", async () => {
    const a = await answerTo(
      new DomainError("conflict", "host h is assigned to cluster c", { code: "host.assigned", extra: { clusterId: "c" } }),
    );
    expect(a).toMatchObject({ status: 409, ours: false });
    expect(a.body).toMatchObject({
      type: "https://ckp.coredge.io/problems/host.assigned",
      code: "host.assigned",
      title: "Conflict",
      status: 409,
      detail: "host h is assigned to cluster c",
      clusterId: "c",
      instance: "/x",
    });
    const v = await answerTo(new DomainError("validation", "bad", { fields: [{ path: "name", message: "too long" }] }));
    expect(v.body).toMatchObject({ status: 400, code: "invalid-request", errors: [{ path: "name", message: "too long" }] });
  });

  it("a rate-limited error says when to retry", async () => {
    const a = await answerTo(rateLimited("too many failed registrations", 42, "registration.throttled"));
    expect(a.status).toBe(429);
    expect(a.headers.get("retry-after")).toBe("42");
    expect(a.body.code).toBe("registration.throttled");
  });

  it("a RetryableError is the one 503: its code, and Retry-After", async () => {
    const a = await answerTo(
      new RetryableError("management cluster m is unreachable", undefined, { code: "management-cluster.unreachable" }),
    );
    expect(a).toMatchObject({ status: 503, ours: false });
    expect(a.headers.get("retry-after")).toBe("5");
    expect(a.body).toMatchObject({ code: "management-cluster.unreachable", title: "Service unavailable" });
    const key = await answerTo(
      new RetryableError("the KMS key is disabled", undefined, { code: "secrets-key.unavailable", retryAfter: 30 }),
    );
    expect(key.headers.get("retry-after")).toBe("30");
    expect((await answerTo(new RetryableError("busy"))).body.code).toBe("service-unavailable");
  });

  it("an AWS service that cannot be reached or refuses for a while is a 503 with Retry-After, not a 500 (issue 22's soak: DynamoDB killed)", async () => {
    // the error the SDK really throws when nothing listens on its endpoint (a closed loopback port)
    const ddb = new DynamoDBClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    const refused = await ddb.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "k" } } })).catch((e: unknown) => e);
    const a = await answerTo(refused);
    expect(a).toMatchObject({ status: 503, ours: false });
    expect(a.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(a.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(a.body.code).toBe("service-unavailable");
    expect(JSON.stringify(a.body)).not.toContain("127.0.0.1");
    // a keyed write: the idempotency library wraps the SDK's error (found by the soak once plain requests answered 503)
    const wrapped = new IdempotencyPersistenceLayerError("Failed to put record for already existing idempotency key", { cause: refused });
    expect(await answerTo(wrapped)).toMatchObject({ status: 503, ours: false });
    expect(await answerTo(new Error("not a dependency", { cause: new Error("nor this") }))).toMatchObject({ status: 500, ours: true });
    const throttled = Object.assign(new Error("slow down"), {
      name: "ProvisionedThroughputExceededException",
      $metadata: { httpStatusCode: 400 },
    });
    expect((await answerTo(throttled)).status).toBe(503);
    const serverFault = Object.assign(new Error("boom"), { name: "InternalFailure", $fault: "server", $metadata: { httpStatusCode: 500 } });
    expect((await answerTo(serverFault)).status).toBe(503);
    // a request the service refused as malformed is still ours
    const invalid = Object.assign(new Error("bad key"), {
      name: "ValidationException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    });
    expect(await answerTo(invalid)).toMatchObject({ status: 500, ours: true });
  });

  it("an unknown error is ours: internal-error, without its message", async () => {
    const a = await answerTo(new Error("secret internals"));
    expect(a).toMatchObject({ status: 500, ours: true });
    expect(a.body.code).toBe("internal-error");
    expect(JSON.stringify(a.body)).not.toContain("secret internals");
  });

  it("Hono's own refusals: 415 unsupported-media-type, 413 payload-too-large, other 4xx invalid-request", async () => {
    expect((await answerTo(new HTTPException(415))).body.code).toBe("unsupported-media-type");
    expect((await answerTo(new HTTPException(413))).body.code).toBe("payload-too-large");
    expect((await answerTo(new HTTPException(400, { message: "Malformed JSON in request body" }))).body).toMatchObject({
      code: "invalid-request",
      detail: "Malformed JSON in request body",
    });
  });

  it("a start key DynamoDB refuses for a list that was given a cursor is the client's: invalid-request naming the cursor", async () => {
    const refusal = Object.assign(new Error("The provided starting key is invalid"), { name: "ValidationException" });
    const a = await answerTo(refusal, "/x?cursor=abc");
    expect(a).toMatchObject({ status: 400, ours: false });
    expect(a.body.errors).toEqual([{ path: "cursor", message: "not a cursor issued by this list" }]);
    expect((await answerTo(refusal)).status).toBe(500);
  });
});
