import { CreateBucketCommand, DeleteBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
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
import { veleroState } from "../support/velero-state.js";

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
 *
 * And backups, schedules and restores of such a cluster (issue 17, point 4):
 * asked through the API, carried into Velero as its objects, their status
 * read back. Velero's server double (test/doubles/velero-server.ts) moves
 * them through their phases and writes what a real Velero leaves in the
 * bucket, which the test lists.
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
    // Ready means CAPI has applied it (the first try fails: Velero's chart brings the namespace and CRDs after it)
    expect(crs.body.status?.conditions).toContainEqual(expect.objectContaining({ type: "ResourcesApplied", status: "True" }));
    const carried = (await kubeRequest(kube, "GET", `/api/v1/namespaces/${c.namespace}/secrets/velero-resources`)).body;
    const docs = yaml.loadAll(Buffer.from(carried.data["backup-locations.yaml"], "base64").toString()) as any[];
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(["Secret/ckp-bsl-primary", "BackupStorageLocation/primary"]);
    const hcp = (await kubeRequest(kube, "GET", `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${c.namespace}/helmchartproxies/velero`))
      .body;
    expect(hcp.spec.valuesTemplate).not.toContain(keys.secretAccessKey);

    // in the workload cluster: the location, its keys, and the phase Velero's server wrote
    const wl = await doubles.workloads.waitFor(c);
    const get = async (p: string) => kubeRequest(wl, "GET", p);
    // ... and that Velero has validated the location once: a backup asked for now is not refused
    const bsl = (await get(`${BSLS}/primary`)).body;
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
      180_000,
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
      180_000,
      "prefix c2",
    );

    // a second location comes, then goes: removed from the workload cluster with its keys
    expect((await loc("second", await bucket())).status).toBe(201);
    await eventually(async () => ((await get(`${BSLS}/second`)).status === 200 ? true : undefined), 180_000, "location second");
    expect((await t.projectAdmin.delete(`${t.base}/backup-locations/second`)).status).toBe(204);
    await eventually(async () => ((await get(`${BSLS}/second`)).status === 404 ? true : undefined), 180_000, "location second removed");
    // its keys go right after it (the prune removes the location, then its Secret)
    await eventually(
      async () => ((await get("/api/v1/namespaces/velero/secrets/ckp-bsl-second")).status === 404 ? true : undefined),
      180_000,
      "the keys of location second removed",
    );
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

  it("backs a cluster up into its project's location, on request and on a schedule, and restores into another namespace; refuses what it cannot do", async () => {
    const t = await tenant();
    const b = await bucket();
    const loc = { bucket: b, endpoint: s3Url, s3ForcePathStyle: true, credentials: keys };
    expect(
      (await t.projectAdmin.post(`${t.base}/backup-locations`, { name: "main", prefix: "velero", default: true, ...loc })).status,
    ).toBe(201);
    // another project's location: never usable here
    const other = await tenant();
    expect(
      (await other.projectAdmin.post(`${other.base}/backup-locations`, { name: "theirs", ...loc, bucket: await bucket() })).status,
    ).toBe(201);

    await groupHosts(t, "pool", await registerHosts(t, 1));
    const create = (name: string, velero: boolean) =>
      t.projectAdmin.post(`${t.base}/clusters`, {
        name,
        kubernetesVersion: "v1.31.2",
        providerCluster: "bms",
        hostGroup: "pool",
        workers: 1,
        network: { podCidr: "10.42.0.0/16", serviceCidr: "10.96.0.0/12" },
        addons: { storage: { enabled: false }, velero: { enabled: velero } },
      });
    const created = await create("bk-1", true);
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const path = `${t.base}/clusters/${id}`;

    // a cluster without Velero cannot be backed up
    const plain = await create("bk-plain", false);
    expect(plain.status, plain.text).toBe(201);
    const refused = await t.projectAdmin.post(`${t.base}/clusters/${plain.body.id}/backups`, { name: "b0" });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("backup.velero-not-installed");
    expect(refused.body.detail).toContain("Velero is not enabled");
    expect((await t.projectAdmin.delete(`${t.base}/clusters/${plain.body.id}`)).status).toBe(202);

    await waitForStatus(t.projectAdmin, path, isPhase("Ready"));
    const wl = await doubles.workloads.waitFor({ namespace: ns(id), name: "bk-1" });
    // something to back up: an application namespace with a ConfigMap
    expect((await kubeRequest(wl, "POST", "/api/v1/namespaces", { body: { metadata: { name: "shop" } } })).status).toBe(201);
    const cm = { metadata: { name: "settings", namespace: "shop", labels: { app: "shop" } }, data: { color: "blue" } };
    expect((await kubeRequest(wl, "POST", "/api/v1/namespaces/shop/configmaps", { body: cm })).status).toBe(201);
    await eventually(
      async () => ((await kubeRequest(wl, "GET", `${BSLS}/main`)).body.status?.phase === "Available" ? true : undefined),
      180_000,
    );

    // refusals: another project's location is not found; a viewer cannot ask; the name is taken once
    const theirs = await t.projectAdmin.post(`${path}/backups`, { name: "b1", location: "theirs" });
    expect(theirs.status).toBe(404);
    expect((await t.projectAdmin.post(`${path}/backups`, { name: "b1", ttl: "soon" })).status).toBe(400);

    const asked = await t.projectAdmin.post(`${path}/backups`, { name: "b1", includedNamespaces: ["shop"], ttl: "24h" });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toMatchObject({ name: "b1", location: "main", ttl: "24h", status: { phase: "Pending" } });
    expect((await t.projectAdmin.post(`${path}/backups`, { name: "b1" })).body.code).toBe("already-exists");

    let phase: unknown;
    const done = await eventually(
      async () => {
        const r = (await t.projectAdmin.get(`${path}/backups/b1`)).body;
        phase = r.status?.phase;
        return phase === "Completed" ? r : undefined;
      },
      // the Velero double runs in this process, beside the rest of the tier on two cores
      180_000,
      "backup b1 Completed",
    ).catch(async (e: Error) => {
      throw new Error(`${e.message} (last phase: ${String(phase)})\n${await veleroState(wl, doubles.addons.velero, doubles.errors())}`);
    });
    expect(done.status).toMatchObject({ errors: 0, warnings: 0, startedAt: expect.any(String), completedAt: expect.any(String) });
    expect(done.status.progress.itemsBackedUp).toBe(done.status.progress.totalItems);
    expect(done.status.progress.totalItems).toBeGreaterThan(0);
    // in Velero, as asked
    const veleroBackup = (await kubeRequest(wl, "GET", "/apis/velero.io/v1/namespaces/velero/backups/b1")).body;
    expect(veleroBackup.spec).toMatchObject({ storageLocation: "main", includedNamespaces: ["shop"], ttl: "24h" });
    // in the bucket, what Velero leaves
    const listed = ((await s3.send(new ListObjectsV2Command({ Bucket: b, Prefix: "velero/backups/b1/" }))).Contents ?? []).map(
      (o) => o.Key,
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        "velero/backups/b1/velero-backup.json",
        "velero/backups/b1/b1.tar.gz",
        "velero/backups/b1/b1-resource-list.json.gz",
      ]),
    );

    // a schedule backs up at once, then is paused
    const sched = await t.projectAdmin.post(`${path}/backup-schedules`, { name: "nightly", schedule: "0 2 * * *", ttl: "168h" });
    expect(sched.status, sched.text).toBe(201);
    const enabled = await eventually(
      async () => {
        const r = (await t.projectAdmin.get(`${path}/backup-schedules/nightly`)).body;
        return r.status?.phase === "Enabled" && r.status.lastBackup ? r : undefined;
      },
      90_000,
      "schedule Enabled",
    );
    expect(enabled).toMatchObject({ schedule: "0 2 * * *", paused: false, location: "main" });
    const scheduled = await eventually(
      async () => {
        const items = (await t.projectAdmin.get(`${path}/backups`)).body.items as any[];
        return items.find((x) => x.schedule === "nightly" && x.status.phase === "Completed");
      },
      90_000,
      "a scheduled backup",
    );
    expect(scheduled.name).toMatch(/^nightly-\d{14}$/);
    const paused = await t.projectAdmin.patch(`${path}/backup-schedules/nightly`, { paused: true });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.version).toBe(2);
    await eventually(
      async () =>
        (await kubeRequest(wl, "GET", "/apis/velero.io/v1/namespaces/velero/schedules/nightly")).body.spec?.paused === true
          ? true
          : undefined,
      180_000,
      "schedule paused in Velero",
    );

    // a restore of b1 into another namespace
    expect((await t.projectAdmin.post(`${path}/restores`, { name: "r0", backup: "nothing" })).status).toBe(404);
    const restore = await t.projectAdmin.post(`${path}/restores`, { name: "r1", backup: "b1", namespaceMapping: { shop: "shop-copy" } });
    expect(restore.status, restore.text).toBe(202);
    const restored = await eventually(
      async () => {
        const r = (await t.projectAdmin.get(`${path}/restores/r1`)).body;
        return r.status?.phase === "Completed" ? r : undefined;
      },
      90_000,
      "restore r1 Completed",
    );
    expect(restored.status.progress.itemsRestored).toBeGreaterThan(0);
    const copy = await kubeRequest(wl, "GET", "/api/v1/namespaces/shop-copy/configmaps/settings");
    expect(copy.status).toBe(200);
    expect(copy.body.data).toEqual({ color: "blue" });
    expect((await t.projectAdmin.get(`${path}/restores`)).body.items.map((r: any) => r.name)).toEqual(["r1"]);

    // a backup to a location Velero has not validated yet is held, not refused: Velero's server paused,
    // a new location reaches the cluster with no phase, and the backup waits for it
    doubles.addons.velero.paused = true;
    try {
      expect(
        (await t.projectAdmin.post(`${t.base}/backup-locations`, { name: "side", prefix: "side", ...loc, bucket: await bucket() })).status,
      ).toBe(201);
      const side = await eventually(
        async () => {
          const r = await kubeRequest(wl, "GET", `${BSLS}/side`);
          return r.status === 200 ? r.body : undefined;
        },
        180_000,
        "location side in the cluster",
      );
      expect(side.status?.phase).toBeUndefined();
      const held = await t.projectAdmin.post(`${path}/backups`, { name: "b2", location: "side", includedNamespaces: ["shop"] });
      expect(held.status, held.text).toBe(202);
      await new Promise((r) => setTimeout(r, 4_000));
      expect((await kubeRequest(wl, "GET", "/apis/velero.io/v1/namespaces/velero/backups/b2")).status).toBe(404);
      expect((await t.projectAdmin.get(`${path}/backups/b2`)).body.status.phase).toBe("Pending");
    } finally {
      doubles.addons.velero.paused = false;
    }
    await eventually(
      async () => ((await t.projectAdmin.get(`${path}/backups/b2`)).body.status?.phase === "Completed" ? true : undefined),
      90_000,
      "held backup b2 Completed once its location is validated",
    );

    // a backup to a location Velero finds Unavailable is held too, while Velero validates it again: its bucket
    // gone for a moment, the backup waits, and completes once the bucket is back
    const lateBucket = await bucket();
    expect(
      (await t.projectAdmin.post(`${t.base}/backup-locations`, { name: "late", prefix: "late", ...loc, bucket: lateBucket })).status,
    ).toBe(201);
    const bslPhase = async (name: string) => ((await kubeRequest(wl, "GET", `${BSLS}/${name}`)).body as any)?.status?.phase;
    await eventually(async () => ((await bslPhase("late")) === "Available" ? true : undefined), 180_000, "location late Available");
    await s3.send(new DeleteBucketCommand({ Bucket: lateBucket }));
    await eventually(async () => ((await bslPhase("late")) === "Unavailable" ? true : undefined), 60_000, "location late Unavailable");
    const late = await t.projectAdmin.post(`${path}/backups`, { name: "b3", location: "late", includedNamespaces: ["shop"] });
    expect(late.status, late.text).toBe(202);
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await kubeRequest(wl, "GET", "/apis/velero.io/v1/namespaces/velero/backups/b3")).status).toBe(404);
    expect((await t.projectAdmin.get(`${path}/backups/b3`)).body.status.phase).toBe("Pending");
    await s3.send(new CreateBucketCommand({ Bucket: lateBucket }));
    await eventually(
      async () => ((await t.projectAdmin.get(`${path}/backups/b3`)).body.status?.phase === "Completed" ? true : undefined),
      90_000,
      "held backup b3 Completed once its location is Available again",
    );

    // deleting the schedule removes it from Velero; its backups stay
    expect((await t.projectAdmin.delete(`${path}/backup-schedules/nightly`)).status).toBe(204);
    await eventually(
      async () =>
        (await kubeRequest(wl, "GET", "/apis/velero.io/v1/namespaces/velero/schedules/nightly")).status === 404 ? true : undefined,
      180_000,
      "schedule removed",
    );
    expect((await t.projectAdmin.get(`${path}/backups/${scheduled.name}`)).status).toBe(200);

    // audited
    const events = (await t.projectAdmin.get(`${t.base}/events?limit=200`)).body.items.map((e: any) => e.type);
    expect(events).toEqual(
      expect.arrayContaining([
        "ckp.backup.created",
        "ckp.backupschedule.created",
        "ckp.backupschedule.updated",
        "ckp.backupschedule.deleted",
        "ckp.restore.created",
      ]),
    );

    expect((await t.projectAdmin.delete(path)).status).toBe(202);
    await waitForGone(t.projectAdmin, path);
    expect(doubles.errors()).toEqual([]);
  }, 900_000);
});
