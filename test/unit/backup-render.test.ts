import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { backupLocationStatuses } from "../../core/addons/health.js";
import { pruneWorkloadLocations } from "../../core/backups/cluster-sync.js";
import { locationObjects, locationsYaml, type OpenedLocation } from "../../core/backups/render.js";
import type { KubeObject } from "../../core/kube/objects.js";

const primary: OpenedLocation = {
  name: "primary",
  bucket: "acme-velero",
  prefix: "web",
  region: "eu-west-1",
  endpoint: "https://minio.acme.internal:9000",
  s3ForcePathStyle: true,
  caBundle: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
  default: true,
  keys: { accessKeyId: "AKIAX", secretAccessKey: "s3cr3t" },
};

describe("backup locations rendered for Velero", () => {
  it("a location becomes a BackupStorageLocation and the Secret with its keys in Velero's credentials-file form", () => {
    const [secret, bsl] = locationObjects(primary) as [KubeObject, KubeObject];
    expect(secret).toMatchObject({
      kind: "Secret",
      metadata: { name: "ckp-bsl-primary", namespace: "velero", labels: { "ckp.io/backup-location": "primary" } },
      stringData: { cloud: "[default]\naws_access_key_id=AKIAX\naws_secret_access_key=s3cr3t\n" },
    });
    expect(bsl).toEqual({
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: { name: "primary", namespace: "velero", labels: { "ckp.io/backup-location": "primary" } },
      spec: {
        provider: "aws",
        default: true,
        accessMode: "ReadWrite",
        objectStorage: { bucket: "acme-velero", prefix: "web", caCert: Buffer.from(primary.caBundle as string).toString("base64") },
        config: { region: "eu-west-1", s3ForcePathStyle: "true", s3Url: "https://minio.acme.internal:9000" },
        credential: { name: "ckp-bsl-primary", key: "cloud" },
      },
    });
  });

  it("AWS S3 without a prefix names no endpoint and no prefix; the set renders the same bytes whatever the order", () => {
    const aws: OpenedLocation = {
      name: "aws",
      bucket: "b",
      region: "us-east-1",
      s3ForcePathStyle: false,
      default: false,
      keys: primary.keys,
    };
    const bsl = locationObjects(aws)[1] as KubeObject;
    expect(bsl.spec).toMatchObject({ objectStorage: { bucket: "b" }, config: { region: "us-east-1", s3ForcePathStyle: "false" } });
    expect((bsl.spec as any).objectStorage).not.toHaveProperty("prefix");
    expect((bsl.spec as any).config).not.toHaveProperty("s3Url");
    expect(locationsYaml([primary, aws])).toBe(locationsYaml([aws, primary]));
    expect((yaml.loadAll(locationsYaml([primary, aws])) as KubeObject[]).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Secret/ckp-bsl-aws",
      "BackupStorageLocation/aws",
      "Secret/ckp-bsl-primary",
      "BackupStorageLocation/primary",
    ]);
  });
});

function fakeWorkload(objects: KubeObject[]) {
  const deleted: string[] = [];
  return {
    deleted,
    get: async () => undefined,
    nodeCount: async () => 1,
    list: async (_v: string, kind: string) => objects.filter((o) => o.kind === kind),
    delete: async (ref: { kind: string; name: string }) => {
      deleted.push(`${ref.kind}/${ref.name}`);
      return true;
    },
    apply: async (o: KubeObject) => o,
  };
}

const obj = (kind: string, name: string, location?: string, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: kind === "Secret" ? "v1" : "velero.io/v1",
  kind,
  metadata: { name, namespace: "velero", ...(location ? { labels: { "ckp.io/backup-location": location } } : {}) },
  ...(status ? { status } : {}),
});

describe("backup locations in a workload cluster", () => {
  it("removes only what CKP rendered for locations the project no longer has", async () => {
    const wl = fakeWorkload([
      obj("BackupStorageLocation", "primary", "primary"),
      obj("BackupStorageLocation", "gone", "gone"),
      obj("Secret", "ckp-bsl-primary", "primary"),
      obj("Secret", "ckp-bsl-gone", "gone"),
    ]);
    expect(await pruneWorkloadLocations(wl, ["primary"])).toEqual(["gone"]);
    expect(wl.deleted).toEqual(["BackupStorageLocation/gone", "Secret/ckp-bsl-gone"]);
  });

  it("reads each location's phase as Velero reports it; one not validated yet is Pending", async () => {
    const wl = fakeWorkload([
      obj("BackupStorageLocation", "b", "b", { phase: "Unavailable", lastValidationTime: "2026-12-03T10:00:00Z", message: "NoSuchBucket" }),
      obj("BackupStorageLocation", "a", "a", { phase: "Available", lastValidationTime: "2026-12-03T10:00:00Z" }),
      obj("BackupStorageLocation", "c", "c"),
    ]);
    expect(await backupLocationStatuses(wl)).toEqual([
      { name: "a", phase: "Available", lastValidationTime: "2026-12-03T10:00:00Z" },
      { name: "b", phase: "Unavailable", lastValidationTime: "2026-12-03T10:00:00Z", message: "NoSuchBucket" },
      { name: "c", phase: "Pending" },
    ]);
  });
});
