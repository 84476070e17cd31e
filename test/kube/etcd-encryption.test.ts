import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { renderClusterObjects } from "../../core/clusters/render.js";
import { migrateStorage } from "../../core/clusters/storage-migration.js";
import { Envelope } from "../../core/crypto/envelope.js";
import { LocalKeyProvider } from "../../core/crypto/local-key-provider.js";
import { KubeClient } from "../../core/kube/client.js";
import { newId } from "../../core/shared/ids.js";
import { type KubeApiserver, kubeRequest, startKubeApiserver } from "../../scripts/kube/apiserver.js";
import { testKube } from "../support/kube.js";

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
const cluster = { id: newId("cl"), domain: "acme", project: "edge", name: "demo" };
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
  state = await initialEncryption(
    secrets,
    cluster,
    { enabled: true, resources: ["secrets", "configmaps"], rotationHours: 1, keepKeys: 2 },
    new Date().toISOString(),
  );
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
    expect(raw?.subarray(0, 40).toString("latin1")).toMatch(/^k8s:enc:aesgcm:v1:key-1:/);
    expect(raw?.includes(PLAINTEXT)).toBe(false);
    expect(raw?.includes(Buffer.from(PLAINTEXT).toString("base64"))).toBe(false);
    // and it reads back through the apiserver
    const got = await kubeRequest(api, "GET", "/api/v1/namespaces/default/secrets/before-rotation");
    expect(Buffer.from(got.body.data.password, "base64").toString()).toBe(PLAINTEXT);
  });

  it("after a rotation and a storage migration, the Secret is stored under the new key; keys beyond keepKeys are retired", async () => {
    const at = () => new Date().toISOString();
    // add the key (read only), then make it primary: each a revision the apiserver reloads
    state = withNewKey(state, await newEncryptionKey(secrets, cluster, state.nextKey, at()));
    await writeConfig(state);
    state = promoted(state, at());
    expect(state.primary).toBe("key-2");
    await writeConfig(state);

    const client = new KubeClient({ server: api.server, caData: api.caData, token: api.token }, { label: "test apiserver" });
    const deadline = Date.now() + 120_000;
    let prefix = "";
    // the apiserver reloads the file on its own schedule: migrate until the rewrite uses key-2
    while (Date.now() < deadline) {
      expect(await migrateStorage(client, state.resources)).toBeGreaterThan(0);
      prefix = (await etcdValue("/registry/secrets/default/before-rotation"))?.subarray(0, 40).toString("latin1") ?? "";
      if (prefix.startsWith("k8s:enc:aesgcm:v1:key-2:")) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(prefix).toMatch(/^k8s:enc:aesgcm:v1:key-2:/);
    await putSecret("after-rotation");
    expect((await etcdValue("/registry/secrets/default/after-rotation"))?.subarray(0, 40).toString("latin1")).toMatch(
      /^k8s:enc:aesgcm:v1:key-2:/,
    );

    // a third key, keepKeys 2: after its migration key-1 is retired and everything still reads
    state = promoted(withNewKey(state, await newEncryptionKey(secrets, cluster, state.nextKey, at())), at());
    await writeConfig(state);
    await new Promise((r) => setTimeout(r, 1000));
    state = migrated(state, at(), at());
    expect(state.keys.map((k) => k.name)).toEqual(["key-3", "key-2"]);
  }, 180_000);

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
