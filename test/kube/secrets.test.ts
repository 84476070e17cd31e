import { readFileSync } from "node:fs";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { s3Client } from "../../core/aws/s3.js";
import { openCredential } from "../../core/credentials/credentials.js";
import { kubeFor } from "../../core/management/access.js";
import { buckets, tables } from "../../infra/resources.js";
import { OpenStackSimulator } from "../doubles/openstack-simulator.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { adminApi, eventually, resourceName, useLocalAws } from "../support/api.js";
import { bmsCredential, ccsCredential, testDeps, testKube, testKubeconfig } from "../support/kube.js";
import { newTenant, tokenFor, uniqueName } from "../support/tenants.js";

async function scanAll(table: string): Promise<string[]> {
  const out: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamoDocumentClient().send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    out.push(...(page.Items ?? []).map((i) => JSON.stringify(i)));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

async function archiveObjects(bucket: string): Promise<string[]> {
  const bodies: string[] = [];
  let token: string | undefined;
  do {
    const list = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of list.Contents ?? []) {
      bodies.push((await (await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString()) ?? "");
    }
    token = list.NextContinuationToken;
  } while (token);
  return bodies;
}

/** The secret as given, and the encodings a careless write would leave it in. */
function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url"), encodeURIComponent(secret)];
}

describe("write-only secrets", () => {
  it("no secret in any response, log line, event or DynamoDB attribute in plaintext", async () => {
    const env = useLocalAws();
    const admin = adminApi();
    const t = await newTenant();
    const domainAdmin = admin.as(await tokenFor(admin, "domain-admin", t.domain));
    const hwSecret = `hw-${uniqueName("secret")}-${uniqueName("x")}`;
    const appSecret = `app-${uniqueName("secret")}-${uniqueName("x")}`;
    const mcToken = `mc-token-${uniqueName("x")}${uniqueName("y")}`;
    const secrets = [hwSecret, appSecret, mcToken, testKube().token];
    // the providers the credentials point at: provider status authenticates with the secrets for real
    const os = new OpenStackSimulator({
      applicationCredential: { id: "4f1c2e0a9b", secret: appSecret },
      region: "RegionOne",
      networks: [{ name: "n", subnets: [{ cidr: "192.168.70.0/24" }] }],
      images: [{ name: "img", architecture: "x86_64", osDistro: "ubuntu", osVersion: "22.04" }],
      flavors: [{ name: "f", vcpus: 2, ramMb: 4096 }],
    });
    const bms = new OrbiterBmsSimulator({ secret: hwSecret, pools: { rack: { servers: 1 } } });
    await Promise.all([os.start(), bms.start()]);
    try {
      const responses: string[] = [];
      const keep = async (p: Promise<{ status: number; text: string; headers: Headers }>, status: number) => {
        const r = await p;
        expect(r.status, r.text).toBe(status);
        responses.push(r.text, JSON.stringify([...r.headers.entries()]));
        return r;
      };
      const cbase = `/v1/domains/${t.domain}/credentials`;

      // credentials: created (also with Idempotency-Key, whose responses are stored), replayed, refused, read
      await keep(domainAdmin.post(cbase, bmsCredential("hw", hwSecret, bms.http.url), { "idempotency-key": uniqueName("k") }), 201);
      const key = uniqueName("k");
      await keep(domainAdmin.post(cbase, ccsCredential("ccs", appSecret, os.authUrl), { "idempotency-key": key }), 201);
      await keep(domainAdmin.post(cbase, ccsCredential("ccs", appSecret, os.authUrl), { "idempotency-key": key }), 201);
      await keep(domainAdmin.post(cbase, ccsCredential("ccs", appSecret, os.authUrl)), 409);
      await keep(domainAdmin.post(cbase, { ...ccsCredential("bad", appSecret), region: "" }), 400);
      await keep(domainAdmin.post(cbase, { ...bmsCredential("bad", hwSecret), unexpected: hwSecret }), 400);
      await keep(domainAdmin.get(cbase), 200);
      await keep(domainAdmin.get(`${cbase}/hw`), 200);

      // management clusters: a kubeconfig holding the apiserver token, and server+token
      const mc = await keep(
        admin.post(
          "/v1/management-clusters",
          { name: uniqueName("mc"), kubeconfig: testKubeconfig() },
          { "idempotency-key": uniqueName("k") },
        ),
        201,
      );
      const mc2 = await keep(
        admin.post("/v1/management-clusters", {
          name: uniqueName("mc"),
          server: "https://127.0.0.1:1",
          caData: testKube().caData,
          token: mcToken,
        }),
        201,
      );
      const mcId = JSON.parse(mc.text).id as string;
      const mc2Id = JSON.parse(mc2.text).id as string;
      await keep(admin.get(`/v1/management-clusters/${mcId}`), 200);
      await keep(admin.get("/v1/management-clusters?limit=500"), 200);
      await keep(admin.get(`/v1/management-clusters/${mcId}/health`), 200);
      await keep(admin.get(`/v1/management-clusters/${mc2Id}/health`), 200);
      await keep(
        admin.patch(`/v1/management-clusters/${mc2Id}`, { server: "https://127.0.0.1:2", caData: testKube().caData, token: mcToken }),
        200,
      );
      await keep(
        admin.post("/v1/management-clusters", {
          name: uniqueName("mc"),
          kubeconfig: testKubeconfig().replace(/server: .*/, "server: http://plain"),
        }),
        400,
      );

      // provider clusters name the credentials; status probes the management cluster
      const defaults = { images: [{ os: "ubuntu-22.04", arch: "amd64", image: "img" }], flavor: "f", network: "n" };
      await keep(
        t.projectAdmin.post(`${t.base}/provider-clusters`, {
          name: "p",
          type: "ccs-vm",
          credential: "ccs",
          managementCluster: mcId,
          defaults,
        }),
        201,
      );
      await keep(
        t.projectAdmin.post(`${t.base}/provider-clusters`, {
          name: "m",
          type: "orbiter-bms",
          credential: "hw",
          managementCluster: mcId,
          defaults: { serverPool: "rack", cloudInitTemplate: "#cloud-config\n" },
        }),
        201,
      );
      await keep(domainAdmin.get(`/v1/domains/${t.domain}/provider-clusters`), 200);
      const status = await keep(domainAdmin.get(`/v1/domains/${t.domain}/provider-status`), 200);
      // the checks really authenticated with the secrets (so the scan below covers their use)
      const checked = JSON.parse(status.text).providerClusters.map((p: { name: string; provider: unknown }) => [p.name, p.provider]);
      expect(Object.fromEntries(checked)).toMatchObject({
        p: { reachable: true, authenticated: true },
        m: { reachable: true, authenticated: true },
      });
      expect(os.http.requests).toContain("POST /identity/v3/auth/tokens");
      expect(bms.http.requests).toContain("GET /v1/pools/rack");

      // the secrets are really stored (sealed): workers can open them
      const deps = testDeps();
      expect((await openCredential(deps, t.domain, "hw")).secrets).toEqual({ hardwareAccessSecret: hwSecret });
      expect((await openCredential(deps, t.domain, "ccs")).secrets).toEqual({ applicationCredentialSecret: appSecret });
      expect((await (await kubeFor(deps, mcId)).version()).gitVersion).toBe("v1.30.14");

      // wait until the relay has archived this test's events, so the archive is part of the scan
      const bucket = resourceName(env, buckets.archive.logical);
      const archived = await eventually(
        async () => {
          const all = await archiveObjects(bucket);
          const text = all.join("\n");
          return text.includes(`"subject":"credentials/ccs"`) &&
            text.includes(`"id":"${mc2Id}"`) &&
            text.includes("ckp.managementcluster.updated")
            ? all
            : undefined;
        },
        60_000,
        "events archived",
      );

      const items = await scanAll(resourceName(env, tables.main.logical));
      const idempotency = await scanAll(resourceName(env, tables.idempotency.logical));
      const logs = readFileSync(inject("serverLogFile"), "utf8");
      expect(items.some((i) => i.includes(`CRED#hw`))).toBe(true);
      expect(idempotency.length).toBeGreaterThan(0);
      expect(logs).toContain("/v1/management-clusters");

      const places: Array<[string, string[]]> = [
        ["API responses", responses],
        ["DynamoDB main table", items],
        ["DynamoDB idempotency table", idempotency],
        ["control plane logs", [logs]],
        ["event archive", archived],
      ];
      for (const [where, texts] of places) {
        for (const secret of secrets) {
          for (const form of forms(secret)) {
            const hit = texts.find((x) => x.includes(form));
            expect(hit, `${where} holds a secret (${form.slice(0, 6)}…)`).toBeUndefined();
          }
        }
      }
    } finally {
      await Promise.all([os.stop(), bms.stop()]);
    }
  });
});
