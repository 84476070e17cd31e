import { describe, expect, it } from "vitest";
import { KubeClient } from "../../core/kube/client.js";
import { DiscoveryCache } from "../../core/kube/discovery.js";
import type { KubeHttpRequest, KubeTransport } from "../../core/kube/transport.js";

const BYOH = "infrastructure.cluster.x-k8s.io/v1beta1";

/** An apiserver double on the transport: answers discovery of BYOH's group and a GET of any object; every request is recorded. */
function server(): { transport: KubeTransport; paths: string[] } {
  const paths: string[] = [];
  const json = (status: number, body: unknown) => ({
    status,
    headers: { "content-type": "application/json" },
    body: (async function* () {
      yield Buffer.from(JSON.stringify(body));
    })(),
    cancel() {},
  });
  return {
    paths,
    transport: {
      async request(r: KubeHttpRequest) {
        const path = r.path.replace(/\?.*/, "");
        paths.push(`${r.method} ${path}`);
        if (path === `/apis/${BYOH}`) {
          return json(200, {
            kind: "APIResourceList",
            groupVersion: BYOH,
            resources: [{ name: "byohosts", singularName: "byohost", namespaced: true, kind: "ByoHost", verbs: ["get"] }],
          });
        }
        const name = path.split("/").pop();
        return json(200, { apiVersion: "v1", kind: "Whatever", metadata: { name, namespace: "ns" } });
      },
    },
  };
}

describe("discovery", () => {
  it("answers a built-in kind's resource without asking the server", async () => {
    const s = server();
    const client = new KubeClient({ transport: s.transport, server: "https://apiserver.invalid" });
    await client.get({ apiVersion: "apps/v1", kind: "Deployment", name: "cilium-operator", namespace: "kube-system" });
    await client.get({ apiVersion: "v1", kind: "Node", name: "n1" });
    expect(s.paths).toEqual(["GET /apis/apps/v1/namespaces/kube-system/deployments/cilium-operator", "GET /api/v1/nodes/n1"]);
  });

  it("asks the server about a custom kind once for all the clients that share its cache", async () => {
    const s = server();
    const shared = new DiscoveryCache();
    const target = { transport: s.transport, server: "https://apiserver.invalid" };
    const admin = new KubeClient(target, { discovery: shared });
    const agent = new KubeClient(target, { discovery: shared, impersonate: { user: "byoh:host:h1" } });
    await admin.get({ apiVersion: BYOH, kind: "ByoHost", name: "h1", namespace: "ns" });
    await agent.get({ apiVersion: BYOH, kind: "ByoHost", name: "h1", namespace: "ns" });
    expect(s.paths.filter((p) => p === `GET /apis/${BYOH}`)).toHaveLength(1);
    // a client of its own asks for itself
    await new KubeClient(target).get({ apiVersion: BYOH, kind: "ByoHost", name: "h1", namespace: "ns" });
    expect(s.paths.filter((p) => p === `GET /apis/${BYOH}`)).toHaveLength(2);
  });
});
