import { X509Certificate } from "node:crypto";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { register, registration } from "../support/agent.js";
import { useLocalAws } from "../support/api.js";
import { csrFor, foreignCa, rsaKey } from "../support/pki.js";
import { newTenant } from "../support/tenants.js";

/** An API Gateway HTTP API event as a custom domain with mutual TLS delivers it. */
function mtlsEvent(method: string, path: string, clientCertPem: string | undefined, body?: unknown) {
  const x = clientCertPem ? new X509Certificate(clientCertPem) : undefined;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "agents.example.com", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    requestContext: {
      accountId: "000000000000",
      apiId: "api",
      domainName: "agents.example.com",
      domainPrefix: "agents",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "ckp-agent" },
      requestId: `gw-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(x
        ? {
            authentication: {
              clientCert: {
                clientCertPem,
                subjectDN: x.subject.split("\n").join(","),
                issuerDN: x.issuer.split("\n").join(","),
                serialNumber: x.serialNumber,
                validity: { notBefore: x.validFrom, notAfter: x.validTo },
              },
            },
          }
        : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    isBase64Encoded: false,
  };
}

/**
 * The AWS path of host authentication: the API Lambda given the client
 * certificate where API Gateway's mTLS custom domain puts it.
 */
describe("host-only endpoints through the API Lambda (API Gateway mTLS)", () => {
  it("accepts the host's certificate from the request context, and refuses revoked, foreign and missing ones", async () => {
    Object.assign(process.env, useLocalAws());
    process.env.POWERTOOLS_LOG_LEVEL = "WARN";
    const { handler } = await import("../../functions/api/handler.js");
    const ctx = { getRemainingTimeInMillis: () => 29_000 } as Context;
    const call = async (ev: ReturnType<typeof mtlsEvent>) => {
      const res = (await handler(ev as never, ctx)) as APIGatewayProxyStructuredResultV2;
      return { status: res.statusCode, body: JSON.parse((res.body as string) || "null") };
    };

    const t = await newTenant({ autoApproveHosts: true });
    const key = rsaKey();
    const body = registration(t, t.psk);
    const reg = await register(t.admin, { ...body, csr: csrFor(key.privateKey) });
    expect(reg.status, reg.text).toBe(202);
    const cert = reg.body.certificate as string;
    const heartbeat = { version: "1.0.0", health: { uptimeSeconds: 5, kernel: "6.1" } };

    const ok = await call(mtlsEvent("POST", "/v1/agent/heartbeat", cert, heartbeat));
    expect(ok).toMatchObject({ status: 200, body: { type: "ack" } });
    const host = await t.projectAdmin.get(`${t.base}/hosts/${reg.body.hostId}`);
    expect(host.body.agent).toMatchObject({ status: "ready", via: "https", version: "1.0.0", health: { kernel: "6.1" } });
    // the host is one actor, by machine id, whether it registered with the PSK or reported over mTLS
    const byActor = await t.projectAdmin.get(`${t.base}/events?actor=${encodeURIComponent(`host:machine:${body.machineId}`)}`);
    expect(byActor.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["ckp.host.agent-connected", "ckp.hostrequest.approved", "ckp.hostrequest.created", "ckp.certificate.issued"]),
    );
    const me = { kind: "host", id: `machine:${body.machineId}` };
    // the host's own events, and those a worker made on its behalf (its auto-approval's provisioning)
    for (const e of byActor.body.items) expect(e.actor.kind === "system" ? e.actor.onBehalfOf : e.actor).toEqual(me);

    // with a WebSocket endpoint configured (infra sets it), a ticket; without one, the one 503 and its code
    const wsUrl = process.env.CKP_AGENT_WS_URL;
    process.env.CKP_AGENT_WS_URL = "wss://agents.example.com/v1/agent/ws";
    const ticket = await call(mtlsEvent("POST", "/v1/agent/ws-ticket", cert));
    expect(ticket).toMatchObject({ status: 200, body: { url: "wss://agents.example.com/v1/agent/ws", ticket: expect.any(String) } });
    delete process.env.CKP_AGENT_WS_URL;
    const noWs = await call(mtlsEvent("POST", "/v1/agent/ws-ticket", cert));
    expect(noWs).toMatchObject({ status: 503, body: { code: "agent.websocket-unavailable" } });
    if (wsUrl !== undefined) process.env.CKP_AGENT_WS_URL = wsUrl;

    // no certificate (e.g. the default execute-api endpoint): no host
    expect((await call(mtlsEvent("POST", "/v1/agent/heartbeat", undefined, heartbeat))).status).toBe(401);
    // a certificate of another CA naming this host
    const impostor = foreignCa().issue({
      uri: `urn:ckp:host:${t.domain}:${t.project}:${reg.body.hostId}`,
      publicKeyPem: rsaKey().publicKey,
    });
    const foreign = await call(mtlsEvent("POST", "/v1/agent/heartbeat", impostor, heartbeat));
    expect(foreign.status).toBe(401);
    expect(foreign.body.detail).toMatch(/does not chain/);
    // a host certificate cannot use people's endpoints
    expect((await call(mtlsEvent("GET", `${t.base}/hosts`, cert))).status).toBe(404);

    expect((await t.projectAdmin.post(`${t.base}/certificates/${reg.body.certificateSerial}/revoke`, { reason: "test" })).status).toBe(200);
    const revoked = await call(mtlsEvent("POST", "/v1/agent/heartbeat", cert, heartbeat));
    expect(revoked.status).toBe(401);
    expect(revoked.body.detail).toMatch(/revoked/);
  });
});
