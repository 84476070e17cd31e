import { CreateBucketCommand, DeleteBucketCommand, S3Client } from "@aws-sdk/client-s3";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { type ClusterDoubles, clusterDoubles } from "../support/addons.js";
import { Api, eventually, useLocalAws } from "../support/api.js";
import { groupHosts, isPhase, publishBundles, registerHosts, waitForGone, waitForStatus } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { registerTestManagementCluster, testKube } from "../support/kube.js";
import { newTenant, type Tenant, uniqueName } from "../support/tenants.js";

/**
 * A project's backup locations in its clusters' Velero (issue 17, point 3):
 * rendered as BackupStorageLocations and key Secrets through a
 * ClusterResourceSet, kept in step when a location changes or is deleted,
 * and their phase read back from the workload cluster onto the cluster's
 * addon status and the location. Real: the management and workload
 * apiservers with Velero's CRDs, CAPI's managers, LocalStack's S3. Doubles
 * (test/doubles/addon-controllers.ts): the Helm add-on provider, the
 * ClusterResourceSet controller's apply, and Velero's server, which
 * validates each location against LocalStack's S3 with the location's keys.
 */
const kube = testKube();
const domains = new Set<string>();
const doubles: ClusterDoubles = clusterDoubles(kube, { matches: (l) => domains.has(l["ckp.io/domain"] ?? "") });
const bms = new OrbiterBmsSimulator({ secret: "bsl-hw", pools: { rack: { servers: 0 } } });
const s3Url = inject("awsEndpoints").aws;
const s3 = new S3Client({
  endpoint: s3Url,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const keys = { accessKeyId: "AKIAVELEROKUBE", secretAccessKey: "velero-kube-secret-1" };
let server: DevServer;
let admin: Api;
let mc: { id: string; name: string };

beforeAll(async () => {
  useLocalAws();
  server = await startDevServer({ env: { CKP_SAGA_MAX_POLL_SECONDS: "2", CKP_MACHINE_RECONCILE_INTERVAL_MS: "2000" } });
  admin = new Api(server.url, server.adminToken);
  await bms.start();
  mc = await registerTestManagementCluster(admin);
  await publishBundles(admin, ["v1.31.2"]);
  doubles.start();
}, 240_000);

afterAll(async () => {
  await doubles.stop();
  await bms.stop();
  await server?.stop();
  if (server) await deleteResources(server.stage).catch(() => undefined);
});

async function tenant(): Promise<Tenant> {
  const t = await newTenant({ admin });
  domains.add(t.domain);
  const cred = uniqueName("bms");
  expect(
    (
      await t.admin.post(`/v1/domains/${t.domain}/credentials`, {
        type: "orbiter-bms",
        name: cred,
        endpoint: bms.http.url,
        hardwareAccessSecret: "bsl-hw",
      })
    ).status,
  ).toBe(201);
  const pc = await t.admin.post(`${t.base}/provider-clusters`, {
    type: "orbiter-bms",
    name: "bms",
    credential: cred,
    managementCluster: mc.name,
    defaults: { serverPool: "rack", cloudInitTemplate: "#cloud-config\n" },
  });
  expect(pc.status, pc.text).toBe(201);
  return t;
}

async function bucket(): Promise<string> {
  const name = uniqueName("velero");
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const ns = (clusterId: string) => `ckp-${clusterId.replace(/_/g, "-")}`;
const BSLS = "/apis/velero.io/v1/namespaces/velero/backupstoragelocations";

describe("backup locations in the clusters that run Velero", () => {
  it("renders the project's locations into Velero, keeps them in step with changes and deletes, and shows the phase Velero reports", async () => {
    const t = await tenant();
    const primaryBucket = await bucket();
    const loc = (name: string, b: string, extra: Record<string, unknown> = {}) =>
      t.projectAdmin.post(`${t.base}/backup-locations`, {
        name,
        bucket: b,
        endpoint: s3Url,
        s3ForcePathStyle: true,
        credentials: keys,
        ...extra,
      });
    expect((await loc("primary", primaryBucket, { prefix: "c1", default: true })).status).toBe(201);

    await groupHosts(t, "pool", await registerHosts(t, 1));
    const created = await t.projectAdmin.post(`${t.base}/clusters`, {
      name: "bsl-1",
      kubernetesVersion: "v1.31.2",
      providerCluster: "bms",
      hostGroup: "pool",
      workers: 1,
      network: { podCidr: "10.42.0.0/16", serviceCidr: "10.96.0.0/12" },
      addons: { storage: { enabled: false }, velero: { enabled: true } },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const path = `${t.base}/clusters/${id}`;
    const c = { namespace: ns(id), name: "bsl-1" };
    const ready = await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    expect(ready.steps.find((s: any) => s.name === "install-addons").message).toContain("backup locations primary");

    // on the management cluster: a resource set carrying the locations; the keys never in chart values
    const crs = await kubeRequest(
      kube,
      "GET",
      `/apis/addons.cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/clusterresourcesets/velero`,
    );
    expect(crs.body.spec).toMatchObject({ strategy: "Reconcile", resources: [{ kind: "Secret", name: "velero-resources" }] });
    const carried = (await kubeRequest(kube, "GET", `/api/v1/namespaces/${c.namespace}/secrets/velero-resources`)).body;
    const docs = yaml.loadAll(Buffer.from(carried.data["backup-locations.yaml"], "base64").toString()) as any[];
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(["Secret/ckp-bsl-primary", "BackupStorageLocation/primary"]);
    const hcp = (await kubeRequest(kube, "GET", `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${c.namespace}/helmchartproxies/velero`))
      .body;
    expect(hcp.spec.valuesTemplate).not.toContain(keys.secretAccessKey);

    // in the workload cluster: the location, its keys, and the phase Velero's server wrote
    const wl = await doubles.workloads.waitFor(c);
    const get = async (p: string) => kubeRequest(wl, "GET", p);
    const bsl = await eventually(async () => {
      const r = await get(`${BSLS}/primary`);
      return r.status === 200 && r.body.status?.phase ? r.body : undefined;
    }, 60_000);
    expect(bsl.spec).toMatchObject({
      provider: "aws",
      default: true,
      objectStorage: { bucket: primaryBucket, prefix: "c1" },
      config: { region: "us-east-1", s3ForcePathStyle: "true", s3Url },
      credential: { name: "ckp-bsl-primary", key: "cloud" },
    });
    expect(bsl.status.phase).toBe("Available");
    const keySecret = (await get("/api/v1/namespaces/velero/secrets/ckp-bsl-primary")).body;
    expect(Buffer.from(keySecret.data.cloud, "base64").toString()).toContain(`aws_secret_access_key=${keys.secretAccessKey}`);

    // read back: on the cluster's Velero and on the location
    const velero = async () => (await t.projectAdmin.get(`${path}/addons`)).body.items.find((a: any) => a.name === "velero");
    await eventually(
      async () => ((await velero()).backupLocations?.[0]?.phase === "Available" ? true : undefined),
      60_000,
      "Velero's finding",
    );
    expect((await velero()).backupLocations).toEqual([
      expect.objectContaining({ name: "primary", phase: "Available", lastValidationTime: expect.any(String) }),
    ]);
    const shown = (await t.projectAdmin.get(`${t.base}/backup-locations/primary`)).body;
    expect(shown.clusters).toEqual([expect.objectContaining({ clusterId: id, cluster: "bsl-1", phase: "Available" })]);

    // a change reaches the workload cluster
    expect((await t.projectAdmin.patch(`${t.base}/backup-locations/primary`, { prefix: "c2" })).status).toBe(200);
    await eventually(
      async () => ((await get(`${BSLS}/primary`)).body.spec?.objectStorage?.prefix === "c2" ? true : undefined),
      60_000,
      "prefix c2",
    );

    // a second location comes, then goes: removed from the workload cluster with its keys
    expect((await loc("second", await bucket())).status).toBe(201);
    await eventually(async () => ((await get(`${BSLS}/second`)).status === 200 ? true : undefined), 60_000, "location second");
    expect((await t.projectAdmin.delete(`${t.base}/backup-locations/second`)).status).toBe(204);
    await eventually(async () => ((await get(`${BSLS}/second`)).status === 404 ? true : undefined), 60_000, "location second removed");
    expect((await get("/api/v1/namespaces/velero/secrets/ckp-bsl-second")).status).toBe(404);
    expect((await get(`${BSLS}/primary`)).status).toBe(200);

    // a bucket that goes away: Unavailable with Velero's reason, shown; the cluster stays Ready
    await s3.send(new DeleteBucketCommand({ Bucket: primaryBucket }));
    const unavailable = await eventually(
      async () => {
        const l = (await t.projectAdmin.get(`${t.base}/backup-locations/primary`)).body;
        return l.clusters[0]?.phase === "Unavailable" ? l.clusters[0] : undefined;
      },
      90_000,
      "primary Unavailable",
    );
    expect(unavailable.message).toContain("NoSuchBucket");
    expect((await t.projectAdmin.get(path)).body.phase).toBe("Ready");

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect(
      (await kubeRequest(kube, "GET", `/apis/addons.cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/clusterresourcesets/velero`)).status,
    ).toBe(404);
    expect(doubles.errors()).toEqual([]);
  }, 900_000);
});
