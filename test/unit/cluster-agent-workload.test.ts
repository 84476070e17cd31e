import { describe, expect, it } from "vitest";
import { WorkloadClusters } from "../../agent/cluster/workload.js";
import { requestFrames } from "../../core/tunnel/frames.js";

/** The cluster agent's side of a workload cluster request: what it reads, and what it refuses before reading. */
function agentWith(secrets: Record<string, { status: number; body: unknown }>) {
  const asked: string[] = [];
  const kube = {
    async json(method: string, path: string) {
      asked.push(`${method} ${path}`);
      return secrets[path] ?? { status: 404, body: { kind: "Status", code: 404 } };
    },
  };
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
  return { clusters: new WorkloadClusters(kube as never, log as never), asked, lines };
}

const get = { method: "GET", path: "/api/v1/namespaces/default" };

describe("cluster agent: workload clusters", () => {
  it("names the workload cluster in the request frame, and only when there is one", () => {
    const base = { id: "a".repeat(32), method: "GET", path: "/version", headers: {}, timeoutMs: 1000, stream: false };
    expect(requestFrames({ ...base, cluster: { namespace: "ckp-c1", name: "web" } }, undefined)[0]).toMatchObject({
      type: "tunnel.req",
      cluster: { namespace: "ckp-c1", name: "web" },
    });
    expect(requestFrames(base, undefined)[0]).not.toHaveProperty("cluster");
  });

  it("refuses a target that is not a namespace and cluster name, without reading anything", async () => {
    const a = agentWith({});
    for (const t of [
      { namespace: "../kube-system", name: "x" },
      { namespace: "ns", name: "a/b" },
      { namespace: "NS", name: "x" },
    ]) {
      await expect(a.clusters.request(t, get)).rejects.toThrow(/not a cluster/);
    }
    expect(a.asked).toEqual([]);
  });

  it("reads the cluster's kubeconfig Secret with its own service account, and says so when it is not there", async () => {
    const a = agentWith({});
    await expect(a.clusters.request({ namespace: "ckp-c1", name: "web" }, get)).rejects.toThrow(
      /Secret ckp-c1\/web-kubeconfig cannot be read here \(404\)/,
    );
    expect(a.asked).toEqual(["GET /api/v1/namespaces/ckp-c1/secrets/web-kubeconfig"]);
  });

  it("refuses a kubeconfig the control plane would refuse (files, exec)", async () => {
    const kubeconfig = [
      "apiVersion: v1",
      "kind: Config",
      "clusters: [{name: c, cluster: {server: 'https://10.0.0.1:6443', certificate-authority: /etc/ca.crt}}]",
      "users: [{name: u, user: {token: t}}]",
      "contexts: [{name: c, context: {cluster: c, user: u}}]",
      "current-context: c",
    ].join("\n");
    const a = agentWith({
      "/api/v1/namespaces/ckp-c1/secrets/web-kubeconfig": {
        status: 200,
        body: { metadata: { resourceVersion: "7" }, data: { value: Buffer.from(kubeconfig).toString("base64") } },
      },
    });
    await expect(a.clusters.request({ namespace: "ckp-c1", name: "web" }, get)).rejects.toThrow(/certificate-authority is not accepted/);
  });
});
