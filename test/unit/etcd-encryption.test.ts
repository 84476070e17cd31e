import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  allAt,
  type ClusterEncryption,
  enableOnRunning,
  initialEncryption,
  migrated,
  newEncryptionKey,
  nextRotationAction,
  observeReplicas,
  promoted,
  renderEncryptionConfig,
  withNewKey,
} from "../../core/clusters/encryption.js";
import { Envelope } from "../../core/crypto/envelope.js";
import { LocalKeyProvider } from "../../core/crypto/local-key-provider.js";

/** The rotation machine's decisions and the configuration it renders; test/kube/etcd-encryption.test.ts runs them against a kube-apiserver. */
const secrets = new Envelope(new LocalKeyProvider(join(tmpdir(), `ckp-enc-unit-${process.pid}.key`)));
const c = { id: "cl_01", domain: "acme", project: "edge" };
const settings = { enabled: true, resources: ["secrets", "configmaps"], rotationHours: 168, keepKeys: 2 };
const T0 = "2026-01-01T00:00:00.000Z";
const ready = (revision: number, n = 2) => Array.from({ length: n }, (_, i) => ({ name: `apiserver-${i}`, revision, ready: true }));

describe("the key rotation machine", () => {
  it("rotates only when due (rotationHours after the last) or asked for", async () => {
    const e = await initialEncryption(secrets, c, settings, T0);
    expect(nextRotationAction(e, ready(1), 2, new Date("2026-01-07T23:59:59Z"))).toBe("none");
    expect(nextRotationAction(e, ready(1), 2, new Date("2026-01-08T00:00:00Z"))).toBe("add-key");
    expect(nextRotationAction({ ...e, rotateRequested: true }, ready(1), 2, new Date(T0))).toBe("add-key");
  });

  it("promotes, then migrates, only once every API server runs the revision", async () => {
    let e = withNewKey(await initialEncryption(secrets, c, settings, T0), await newEncryptionKey(secrets, c, 2, T0));
    const now = new Date(T0);
    expect(e).toMatchObject({ revision: 2, phase: "AddingKey", primary: "key-1" });
    expect(nextRotationAction(e, [...ready(2, 1), { name: "apiserver-1", revision: 1, ready: true }], 2, now)).toBe("wait");
    expect(nextRotationAction(e, ready(2, 1), 2, now)).toBe("wait"); // one of two replicas
    expect(nextRotationAction(e, [{ name: "a", revision: 2, ready: false }, ...ready(2, 1)], 2, now)).toBe("wait");
    expect(nextRotationAction(e, ready(2), 2, now)).toBe("promote");
    e = promoted(e, T0);
    expect(e).toMatchObject({ revision: 3, phase: "Promoting", primary: "key-2" });
    expect(nextRotationAction(e, ready(2), 2, now)).toBe("wait");
    expect(nextRotationAction(e, ready(3), 2, now)).toBe("migrate");
    expect(allAt([], 1, 0)).toBe(false);
  });

  it("retires keys beyond keepKeys only after the migration, as a new revision", async () => {
    let e: ClusterEncryption = await initialEncryption(secrets, c, settings, T0);
    for (const n of [2, 3]) e = migrated(promoted(withNewKey(e, await newEncryptionKey(secrets, c, n, T0)), T0), T0, T0);
    expect(e.keys.map((k) => k.name)).toEqual(["key-3", "key-2"]);
    expect(e).toMatchObject({ primary: "key-3", phase: "Idle", revision: 6, migration: { state: "Succeeded", completedAt: T0 } });
  });

  it("reads each API server's revision from its pod", () => {
    const pod = (name: string, rev: string | undefined, readyStatus: string, deleting = false) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        ...(rev ? { annotations: { "ckp.io/encryption-revision": rev } } : {}),
        ...(deleting ? { deletionTimestamp: T0 } : {}),
      },
      status: { conditions: [{ type: "Ready", status: readyStatus }] },
    });
    expect(observeReplicas([pod("b", "3", "True"), pod("a", undefined, "False"), pod("c", "2", "True", true)])).toEqual([
      { name: "a", revision: 0, ready: false },
      { name: "b", revision: 3, ready: true },
    ]);
  });
});

describe("the EncryptionConfiguration", () => {
  it("puts the primary key first, the others after, identity last to read what was stored before", () => {
    const doc = yaml.load(
      renderEncryptionConfig({ resources: ["secrets"], primary: "key-2" }, [
        { name: "key-3", secret: "c" },
        { name: "key-2", secret: "b" },
      ]),
    );
    expect(doc).toEqual({
      apiVersion: "apiserver.config.k8s.io/v1",
      kind: "EncryptionConfiguration",
      resources: [
        {
          resources: ["secrets"],
          providers: [
            {
              aesgcm: {
                keys: [
                  { name: "key-2", secret: "b" },
                  { name: "key-3", secret: "c" },
                ],
              },
            },
            { identity: {} },
          ],
        },
      ],
    });
  });

  it("turned on for a running cluster, keeps identity first until the key is promoted", async () => {
    const e = await enableOnRunning(secrets, c, settings, T0);
    expect(e).toMatchObject({ primary: "identity", phase: "AddingKey", revision: 1 });
    const doc = yaml.load(renderEncryptionConfig(e, [{ name: "key-1", secret: "a" }])) as { resources: { providers: object[] }[] };
    expect(doc.resources[0]?.providers[0]).toEqual({ identity: {} });
    expect(promoted(e, T0).primary).toBe("key-1");
  });

  it("keeps keys sealed: 32 random bytes each, opened only with the cluster's context", async () => {
    const k = await newEncryptionKey(secrets, c, 1, T0);
    const ctx = { domain: "acme", project: "edge", cluster: "cl_01", purpose: "etcd-encryption-key" };
    expect(Buffer.from(await secrets.openString(k.sealed, ctx), "base64")).toHaveLength(32);
    await expect(secrets.openString(k.sealed, { ...ctx, cluster: "cl_02" })).rejects.toThrow();
  });
});
