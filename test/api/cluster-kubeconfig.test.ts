import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterKeys } from "../../core/clusters/items.js";
import { newId } from "../../core/shared/ids.js";
import { expectProblem, type InProcessApi, inProcessApi, tenant, uniqueName } from "../support/in-process.js";

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
    id = newId("cl");
    const at = new Date().toISOString();
    await api.deps.db.send(
      new PutCommand({
        TableName: api.deps.table,
        Item: {
          ...clusterKeys.cluster(t, id),
          kind: "cluster",
          id,
          name: uniqueName("c"),
          domain: t.domain,
          project: t.project,
          kubernetesVersion: "v1.31.2",
          cni: { name: "cilium", version: "1.16.1", values: {} },
          providerCluster: "pc",
          hostGroup: "g",
          workers: 1,
          machines: { os: "ubuntu-20.04", arch: "amd64" },
          network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
          extraArgs: {},
          labels: {},
          annotations: {},
          phase: "Provisioning",
          conditions: [],
          operation: "create",
          generation: 1,
          step: "resolve-provider",
          steps: [],
          provisioned: [],
          hostIds: [],
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
      }),
    );
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
