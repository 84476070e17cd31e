import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster } from "../../core/clusters/model.js";
import { newId } from "../../core/shared/ids.js";
import { tables } from "../../infra/resources.js";
import { adminApi, resourceName, useLocalAws } from "../support/api.js";
import { type Ctl, ckpctl } from "../support/ckpctl.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * ckpctl over etcd encryption (docs/encryption.md, docs/cli.md): turning it
 * on for a Ready cluster, the refusals printed as the API's problems, and a
 * rotation asked for. The cluster is written to the table as the saga
 * leaves it (no management cluster here); test/kube/etcd-encryption.test.ts
 * covers the API servers and etcd.
 */
const admin = adminApi();

describe("ckpctl: etcd encryption", () => {
  let t: Tenant;
  let ctl: Ctl;
  let env: Record<string, string>;
  let c: Cluster;

  beforeAll(async () => {
    t = await newTenant();
    const now = new Date().toISOString();
    c = {
      id: newId("cl"),
      name: uniqueName("c"),
      domain: t.domain,
      project: t.project,
      kubernetesVersion: "v1.31.2",
      cni: { name: "cilium", version: "v1.16.5" },
      providerCluster: "bms",
      hostGroup: "g",
      workers: 1,
      machines: { os: "ubuntu-20.04", arch: "amd64" },
      network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
      extraArgs: {},
      labels: {},
      annotations: {},
      phase: "Ready",
      conditions: [],
      operation: "create",
      generation: 1,
      step: "wait-addons",
      steps: [],
      provisioned: [],
      hostIds: [],
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await dynamoDocumentClient().send(
      new PutCommand({ TableName: resourceName(useLocalAws(), tables.main.logical), Item: clusterItem(c) }),
    );
    ctl = await ckpctl();
    env = {
      CKP_SERVER: admin.base,
      CKP_TOKEN: await tokenFor(admin, "project-admin", t.domain, t.project),
      CKP_DOMAIN: t.domain,
      CKP_PROJECT: t.project,
    };
  }, 180_000);

  it("turns encryption on with its settings; refuses a rotation while it is off, and a resource dropped from it", async () => {
    const run = (args: string[]) => ctl(args, { env });
    const rotateOff = await run(["encrypt", "cluster", c.name, "--rotate"]);
    expect(rotateOff.code).not.toBe(0);
    expect(rotateOff.stderr).toContain("cluster.encryption-not-enabled");

    const on = await run(["encrypt", "cluster", c.name, "--rotation-hours", "24", "--keep-keys", "4"]);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(new RegExp(`^cluster/${c.name}: etcd encryption on \\(revision \\d+, \\w+, primary key [\\w-]+`));
    const status = (await admin.get(`${t.base}/clusters/${c.id}/status`)).body;
    expect(status.encryption).toMatchObject({ enabled: true, rotationHours: 24, keepKeys: 4, resources: ["secrets", "configmaps"] });

    const drop = await run(["encrypt", "cluster", c.name, "--resources", "secrets"]);
    expect(drop.code).not.toBe(0);
    expect(drop.stderr).toContain("cluster.encryption-resource-removed");
    expect(drop.stderr).toContain("resources cannot leave the encrypted set: configmaps");

    const bad = await run(["encrypt", "cluster", c.name, "--keep-keys", "x"]);
    expect(bad.code).not.toBe(0);
  });
});
