import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster, statusOf } from "../../core/clusters/clusters.js";
import {
  type ClusterEncryption,
  ENCRYPTION_FILE,
  encryptionSecret,
  initialEncryption,
  migrated,
  newEncryptionKey,
  promoted,
  withNewKey,
} from "../../core/clusters/encryption.js";
import { encryptionPorts } from "../../core/clusters/encryption-ports.js";
import { reconcileEncryption } from "../../core/clusters/encryption-rotation.js";
import { clusterKeys } from "../../core/clusters/items.js";
import { renderClusterObjects } from "../../core/clusters/render.js";
import { Envelope } from "../../core/crypto/envelope.js";
import { LocalKeyProvider } from "../../core/crypto/local-key-provider.js";
import { KubeClient } from "../../core/kube/client.js";
import { kubeFor } from "../../core/management/access.js";
import { newId } from "../../core/shared/ids.js";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { KamajiEncryptionDouble } from "../doubles/kamaji-encryption.js";
import { adminApi } from "../support/api.js";
import { registerTestManagementCluster, testDeps, testKube } from "../support/kube.js";
import { uniqueName } from "../support/tenants.js";

/**
 * The EncryptionConfiguration the control plane renders, taken by a real
 * kube-apiserver (--encryption-provider-config): a Secret written through it
 * is stored in etcd encrypted with AES-GCM under the primary key, and after a
 * rotation (a new primary key) and a storage migration, under the new key.
 * And the KamajiControlPlane referring to it passes Kamaji v0.16's CRD schema
 * with nothing pruned.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ckp-enc-"));
const secrets = new Envelope(new LocalKeyProvider(path.join(work, "master.key")));
const cluster = { id: newId("cl"), domain: uniqueName("enc"), project: "edge", name: "demo" };
const configPath = path.join(work, "encryption", ENCRYPTION_FILE);
let api: KubeApiserver;

async function writeConfig(e: ClusterEncryption) {
  const secret = await encryptionSecret(secrets, { ...cluster, encryption: e });
  const data = (secret.data as Record<string, string>)[ENCRYPTION_FILE] as string;
  // written whole then renamed, as the kubelet updates a mounted Secret: the apiserver never reads half a file
  fs.mkdirSync(path.dirname(configPath), { recursive: true });
  fs.writeFileSync(`${configPath}.tmp`, Buffer.from(data, "base64"), { mode: 0o600 });
  fs.renameSync(`${configPath}.tmp`, configPath);
}

/** The raw value etcd holds for a key, through etcd's v3 JSON gateway. */
async function etcdValue(key: string): Promise<Buffer | undefined> {
  const res = await fetch(`${api.etcdUrl}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: Buffer.from(key).toString("base64") }),
  });
  const body = (await res.json()) as { kvs?: { value: string }[] };
  const v = body.kvs?.[0]?.value;
  return v === undefined ? undefined : Buffer.from(v, "base64");
}

const PLAINTEXT = "correct-horse-battery-staple";

async function putSecret(name: string) {
  const res = await kubeRequest(api, "POST", "/api/v1/namespaces/default/secrets", {
    body: JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name }, stringData: { password: PLAINTEXT } }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

let state: ClusterEncryption;

beforeAll(async () => {
  // two keys already, key-2 primary, keepKeys 2: the next rotation retires key-1
  const now = new Date().toISOString();
  const settings = { enabled: true, resources: ["secrets", "configmaps"], rotationHours: 1, keepKeys: 2 };
  state = await initialEncryption(secrets, cluster, settings, now);
  state = migrated(promoted(withNewKey(state, await newEncryptionKey(secrets, cluster, state.nextKey, now)), now), now, now);
  await writeConfig(state);
  api = await startKubeApiserver({
    workDir: path.join(work, "kube"),
    apiserverArgs: [`--encryption-provider-config=${configPath}`, "--encryption-provider-config-automatic-reload=true"],
  });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("etcd encryption at rest", () => {
  it("stores a Secret encrypted with AES-GCM under the primary key, never in plaintext", async () => {
    await putSecret("before-rotation");
    const raw = await etcdValue("/registry/secrets/default/before-rotation");
    expect(raw).toBeDefined();
    expect(raw?.subarray(0, 40).toString("latin1")).toMatch(/^k8s:enc:aesgcm:v1:key-2:/);
    expect(raw?.includes(PLAINTEXT)).toBe(false);
    expect(raw?.includes(Buffer.from(PLAINTEXT).toString("base64"))).toBe(false);
    // and it reads back through the apiserver
    const got = await kubeRequest(api, "GET", "/api/v1/namespaces/default/secrets/before-rotation");
    expect(Buffer.from(got.body.data.password, "base64").toString()).toBe(PLAINTEXT);
  });

  it("rotates when due, end to end: key added, made primary once the API server runs it, resources migrated, oldest key retired; status says so, a failed step is retried", async () => {
    let nowMs = Date.now();
    const deps = { ...testDeps(), secrets, clock: { now: () => new Date(nowMs) } };
    const t = { domain: cluster.domain, project: cluster.project };
    const at = new Date(nowMs).toISOString();
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...clusterKeys.cluster(t, cluster.id),
          kind: "cluster",
          ...cluster,
          kubernetesVersion: "v1.30.6",
          cni: { name: "cilium", version: "1.16.1", values: {} },
          providerCluster: "pc",
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
          resolved: { providerCluster: { name: "pc", type: "orbiter-bms" }, managementClusterId: "mc_kamaji_double" },
          encryption: state,
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
      }),
    );
    const client = new KubeClient({ server: api.server, caData: api.caData, token: api.token }, { label: "hosted API server" });
    const kamaji = new KamajiEncryptionDouble(api, client, configPath, cluster.name, state.revision);
    const ports = kamaji.ports();
    const check = () => reconcileEncryption(deps, ports, t, cluster.id, { correlationId: "etcd-encryption-test" });
    const status = async () => {
      const e = statusOf(await getCluster(deps, t, cluster.id, true)).encryption;
      if (!e.enabled) throw new Error("encryption is off");
      return e;
    };
    /** checks (as the schedule runs them) until one takes `action`; the ones before only wait */
    const until = async (action: string) => {
      const deadline = Date.now() + 150_000;
      for (;;) {
        const r = await check();
        if (r === action) return;
        expect(r).toBe("wait");
        if (Date.now() > deadline) throw new Error(`no ${action} within 150 s`);
        await new Promise((res) => setTimeout(res, 2000));
      }
    };

    // not due yet: nothing happens; the API server is observed at the current revision
    expect(await check()).toBe("none");
    let s = await status();
    expect(s).toMatchObject({ phase: "Idle", revision: 3, primaryKey: "key-2" });
    expect(s.replicas).toEqual([{ name: `${cluster.name}-apiserver-0`, revision: 3, ready: true, upToDate: true }]);

    // rotationHours later it is due: key-3 is added, not yet primary
    nowMs += 3_600_000;
    expect(await check()).toBe("add-key");
    s = await status();
    expect(s).toMatchObject({ phase: "AddingKey", revision: 4, primaryKey: "key-2" });
    expect(s.keys.map((k) => k.name)).toEqual(["key-3", "key-2", "key-1"]);
    expect(s.replicas[0]).toMatchObject({ revision: 3, upToDate: false });

    // once the API server has reloaded revision 4, key-3 becomes primary (revision 5)
    await until("promote");
    s = await status();
    expect(s).toMatchObject({ phase: "Promoting", revision: 5, primaryKey: "key-3" });

    // the workload cluster cannot be reached: the migration step fails, visibly, and is retried
    kamaji.unreachable = `the control plane provider has not written Secret ${cluster.name}-kubeconfig yet`;
    const deadline = Date.now() + 150_000;
    let r = await check();
    while (r === "wait" && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 2000));
      r = await check();
    }
    expect(r).toBe("failed");
    s = await status();
    expect(s.phase).toBe("Migrating");
    expect(s.migration).toMatchObject({ state: "Running", key: "key-3" });
    expect(s.lastError).toMatchObject({ step: "migrate", attempts: 1, reason: expect.stringContaining("kubeconfig") });
    expect(await check()).toBe("failed");
    expect((await status()).lastError?.attempts).toBe(2);

    // reachable again: the resources are rewritten with key-3, key-1 (beyond keepKeys 2) is retired
    kamaji.unreachable = undefined;
    expect(await check()).toBe("migrate");
    s = await status();
    expect(s).toMatchObject({ phase: "Idle", revision: 6, primaryKey: "key-3", migration: { state: "Succeeded", key: "key-3" } });
    expect(s.migration?.completedAt).toBeDefined();
    expect(s.lastError).toBeUndefined();
    expect(s.keys.map((k) => k.name)).toEqual(["key-3", "key-2"]);
    expect(Date.parse(s.nextRotationAt) - Date.parse(s.rotatedAt)).toBe(3_600_000);
    const raw = await etcdValue("/registry/secrets/default/before-rotation");
    expect(raw?.subarray(0, 40).toString("latin1")).toMatch(/^k8s:enc:aesgcm:v1:key-3:/);
    expect(raw?.includes(PLAINTEXT)).toBe(false);

    // the item holds the keys sealed only: no key's plaintext is in it
    const item = await getCluster(deps, t, cluster.id, true);
    const opened = await Promise.all(
      (item.encryption?.keys ?? []).map((k) =>
        secrets.openString(k.sealed, { domain: t.domain, project: t.project, cluster: cluster.id, purpose: "etcd-encryption-key" }),
      ),
    );
    for (const key of opened) expect(JSON.stringify(item)).not.toContain(key);
  }, 400_000);

  it("on a management cluster: turned on after creation, the KamajiControlPlane gets the volume, mount and flag once, and each revision; the API server pods are read by Kamaji's label", async () => {
    const mc = await registerTestManagementCluster(adminApi());
    const deps = testDeps();
    const ports = encryptionPorts(deps);
    const id = newId("cl");
    const name = "late";
    const objects = renderClusterObjects({
      clusterId: id,
      domain: cluster.domain,
      project: cluster.project,
      name,
      kubernetesVersion: "v1.30.6",
      workers: { count: 1, hostGroup: "pool-a" },
      extraArgs: { apiServer: { "audit-log-maxage": "30" } },
      imageRegistry: "registry.ckp.example/coredge",
      byohBundle: { repository: "registry.ckp.example/byoh-bundles" },
    });
    const kcp = objects.find((o) => o.kind === "KamajiControlPlane");
    const namespace = objects.find((o) => o.kind === "Namespace");
    if (!kcp || !namespace) throw new Error("not rendered");
    const k = await kubeFor(deps, mc.id);
    await k.applyAll([namespace, kcp]);
    const ns = kcp.metadata.namespace as string;
    try {
      await ports.setRevision(mc.id, ns, name, 1);
      await ports.setRevision(mc.id, ns, name, 2);
      const got = await k.get({ apiVersion: "controlplane.cluster.x-k8s.io/v1alpha1", kind: "KamajiControlPlane", name, namespace: ns });
      const spec = got?.spec as Record<string, Record<string, unknown>>;
      expect(spec.apiServer?.extraArgs).toEqual([
        "--audit-log-maxage=30",
        "--encryption-provider-config=/etc/kubernetes/ckp-encryption/encryption-config.yaml",
      ]);
      expect(spec.apiServer?.extraVolumeMounts).toEqual([
        { name: "ckp-encryption", mountPath: "/etc/kubernetes/ckp-encryption", readOnly: true },
      ]);
      expect(spec.deployment?.extraVolumes).toEqual([{ name: "ckp-encryption", secret: { secretName: "late-encryption" } }]);
      expect(spec.deployment?.podAdditionalMetadata).toEqual({ annotations: { "ckp.io/encryption-revision": "2" } });

      // a pod as Kamaji labels a tenant control plane's, and one of something else
      for (const [pod, labels] of [
        ["late-abc", { "kamaji.clastix.io/name": name }],
        ["other", { "kamaji.clastix.io/name": "other" }],
      ] as const) {
        await k.apply({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: pod, namespace: ns, labels, annotations: { "ckp.io/encryption-revision": "2" } },
          spec: { containers: [{ name: "kube-apiserver", image: "registry.k8s.io/kube-apiserver:v1.30.6" }] },
        });
      }
      const seen = await ports.apiServers(mc.id, ns, name);
      expect(seen.desired).toBe(2);
      expect(seen.pods.map((p) => p.metadata.name)).toEqual(["late-abc"]);
    } finally {
      await k.delete({ apiVersion: "v1", kind: "Namespace", name: ns });
    }
  });

  it("renders a KamajiControlPlane that mounts the Secret, and Kamaji v0.16's schema keeps every field", async () => {
    const objects = renderClusterObjects({
      clusterId: cluster.id,
      domain: cluster.domain,
      project: cluster.project,
      name: cluster.name,
      kubernetesVersion: "v1.30.6",
      workers: { count: 1, hostGroup: "pool-a" },
      imageRegistry: "registry.ckp.example/coredge",
      byohBundle: { repository: "registry.ckp.example/byoh-bundles" },
      encryption: { revision: 3 },
    });
    const kcp = objects.find((o) => o.kind === "KamajiControlPlane");
    if (!kcp) throw new Error("no KamajiControlPlane rendered");
    const spec = kcp.spec as Record<string, Record<string, unknown>>;
    expect(spec.apiServer?.extraArgs).toContain("--encryption-provider-config=/etc/kubernetes/ckp-encryption/encryption-config.yaml");
    // dry run on the kube tier's apiserver (Kamaji's CRDs): the fields survive schema pruning
    const ns = kcp.metadata.namespace as string;
    const tk = testKube();
    await kubeRequest(tk, "POST", "/api/v1/namespaces", {
      body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }),
    });
    const res = await kubeRequest(
      tk,
      "POST",
      `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/kamajicontrolplanes?dryRun=All`,
      {
        body: JSON.stringify(kcp),
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.spec.apiServer.extraVolumeMounts).toEqual([
      { name: "ckp-encryption", mountPath: "/etc/kubernetes/ckp-encryption", readOnly: true },
    ]);
    expect(res.body.spec.deployment.extraVolumes).toEqual([{ name: "ckp-encryption", secret: { secretName: "demo-encryption" } }]);
    expect(res.body.spec.deployment.podAdditionalMetadata.annotations).toEqual({ "ckp.io/encryption-revision": "3" });
    await kubeRequest(tk, "DELETE", `/api/v1/namespaces/${ns}`);
  });
});
