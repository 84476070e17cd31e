import { mkdtempSync, readFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeClient } from "../../core/kube/client.js";
import { makePki } from "../../scripts/kube/apiserver.js";

/**
 * A TLS server answering as an API server would for a ConfigMap: it counts
 * the TLS connections its clients open. client-node opens a new one for each
 * request unless it is given an agent to keep them.
 */
let server: https.Server;
let connections = 0;
let ca = "";
let url = "";

beforeAll(async () => {
  const pki = await makePki(mkdtempSync(join(tmpdir(), "ckp-agents-")));
  ca = pki.caCert;
  server = https.createServer({ cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) }, (req, res) => {
    const send = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/version") return send({ gitVersion: "v1.30.0", major: "1", minor: "30" });
    if (req.url === "/api/v1")
      return send({
        kind: "APIResourceList",
        groupVersion: "v1",
        resources: [{ name: "configmaps", singularName: "configmap", namespaced: true, kind: "ConfigMap", verbs: ["get", "list"] }],
      });
    if (req.url?.startsWith("/api/v1/namespaces/ns/configmaps/c"))
      return send({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "ns" }, data: { a: "b" } });
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", code: 404 }));
  });
  server.on("secureConnection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("connections to an API server", () => {
  it("are kept and shared: the clients of one server and identity (impersonating or not) reuse one TLS connection", async () => {
    const conn = { server: url, caData: ca, token: "t" };
    const admin = new KubeClient(conn);
    const asHost = new KubeClient(conn, { impersonate: { user: "byoh:host:h1", group: "byoh:hosts" } });
    const ref = { apiVersion: "v1", kind: "ConfigMap", namespace: "ns", name: "c" };
    const before = connections;
    // one after another: the raw path (version) and client-node's object API (get, after its discovery)
    expect((await admin.version()).gitVersion).toBe("v1.30.0");
    expect((await admin.get(ref))?.metadata.name).toBe("c");
    expect((await asHost.get(ref))?.metadata.name).toBe("c");
    expect((await asHost.version()).gitVersion).toBe("v1.30.0");
    expect(connections - before).toBe(1);
  });
});
