import { beforeAll, describe, expect, it } from "vitest";
import { expectProblem, type InProcessApi, inProcessApi, putClusterItem, tenant } from "../support/in-process.js";

/**
 * GET …/clusters/{id}/kubeconfig before there is one: a cluster not yet on a
 * management cluster answers 409 with the phase; another tenant's, 404.
 * test/kube/autoscaling.test.ts reads a real one.
 */
describe("a cluster's kubeconfig", () => {
  let api: InProcessApi;
  let t: Awaited<ReturnType<typeof tenant>>;
  let other: Awaited<ReturnType<typeof tenant>>;
  let id: string;

  beforeAll(async () => {
    api = inProcessApi();
    [t, other] = await Promise.all([tenant(api), tenant(api)]);
    id = await putClusterItem(api, t, { phase: "Provisioning", step: "resolve-provider" });
  });

  it("answers 409 while the cluster has no control plane, naming its phase", async () => {
    const res = await api.request("GET", `${t.base}/clusters/${id}/kubeconfig`, { token: t.projectAdmin });
    expectProblem(res, 409, "cluster.kubeconfig-unavailable");
    expect(res.body.detail).toContain("phase Provisioning");
  });

  it("answers 404 for another tenant's cluster", async () => {
    const res = await api.request("GET", `${other.base}/clusters/${id}/kubeconfig`, { token: other.projectAdmin });
    expectProblem(res, 404, "not-found");
  });
});
