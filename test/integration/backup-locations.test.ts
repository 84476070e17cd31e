import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { S3KeyCheckingGateway } from "../doubles/s3-key-checking-gateway.js";
import { newTenant, type Tenant, tokenFor, uniqueName } from "../support/tenants.js";

/**
 * Backup storage locations against LocalStack's S3: each create and change
 * is checked by writing and removing a probe object with the location's own
 * keys; buckets and prefixes never overlap across projects. LocalStack
 * accepts any keys, so wrong keys and a private CA are tried through a
 * gateway double in front of it (test/doubles/s3-key-checking-gateway.ts).
 */
const s3Url = inject("awsEndpoints").aws;
const s3 = new S3Client({
  endpoint: s3Url,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const keys = { accessKeyId: "AKIABACKUPTEST", secretAccessKey: "backup-secret-value-1" };
const gateway = new S3KeyCheckingGateway({ upstream: s3Url, accessKeyId: keys.accessKeyId });
const tlsGateway = new S3KeyCheckingGateway({ upstream: s3Url, accessKeyId: keys.accessKeyId, tls: true });

async function bucket(): Promise<string> {
  const name = uniqueName("velero");
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const objects = async (b: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: b }))).Contents ?? []).map((o) => o.Key);

const location = (b: string, extra: Record<string, unknown> = {}) => ({
  name: uniqueName("loc"),
  bucket: b,
  endpoint: s3Url,
  s3ForcePathStyle: true,
  credentials: keys,
  ...extra,
});

beforeAll(async () => {
  await Promise.all([gateway.start(), tlsGateway.start()]);
});
afterAll(async () => {
  await Promise.all([gateway.stop(), tlsGateway.stop()]);
});

describe("backup storage locations", () => {
  it("creates a location after writing and removing a probe object; reads it without keys; changes and deletes it with audit events", async () => {
    const t = await newTenant();
    const b = await bucket();
    const created = await t.projectAdmin.post(
      `${t.base}/backup-locations`,
      location(b, { name: "primary", prefix: "clusters/", default: true }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: "primary",
      provider: "aws",
      bucket: b,
      prefix: "clusters",
      region: "us-east-1",
      endpoint: s3Url,
      s3ForcePathStyle: true,
      credentialsSet: true,
      default: true,
      version: 1,
    });
    expect(created.text).not.toContain(keys.secretAccessKey);
    expect(created.text).not.toContain(keys.accessKeyId);
    expect(await objects(b)).toEqual([]); // the probe object is gone
    expect(created.headers.get("etag")).toBeTruthy();

    const viewer = t.admin.as(await tokenFor(t.admin, "viewer", t.domain, t.project));
    const list = await viewer.get(`${t.base}/backup-locations`);
    expect(list.body.items.map((l: any) => [l.name, l.default])).toEqual([["primary", true]]);
    expect((await viewer.post(`${t.base}/backup-locations`, location(b, { prefix: "other" }))).status).toBe(403);
    expect((await t.projectAdmin.post(`${t.base}/backup-locations`, location(b, { name: "primary" }))).body.code).toBe("already-exists");

    // a description is not checked again; a new prefix is
    const etag = (await t.projectAdmin.get(`${t.base}/backup-locations/primary`)).headers.get("etag") as string;
    const described = await t.projectAdmin.patch(`${t.base}/backup-locations/primary`, { description: "nightly" }, { "if-match": etag });
    expect(described.status, described.text).toBe(200);
    expect(described.body).toMatchObject({ description: "nightly", version: 2, verifiedAt: created.body.verifiedAt });
    expect((await t.projectAdmin.patch(`${t.base}/backup-locations/primary`, { description: "x" }, { "if-match": etag })).status).toBe(412);
    const moved = await t.projectAdmin.patch(`${t.base}/backup-locations/primary`, { prefix: "velero/prod", default: false });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ prefix: "velero/prod", default: false, version: 3 });
    expect(moved.body.verifiedAt > created.body.verifiedAt).toBe(true);
    const whole = await t.projectAdmin.patch(`${t.base}/backup-locations/primary`, { prefix: null, description: null });
    expect(whole.body.prefix).toBeUndefined();
    expect(whole.body.description).toBeUndefined();

    expect((await t.projectAdmin.delete(`${t.base}/backup-locations/primary`)).status).toBe(204);
    expect((await t.projectAdmin.get(`${t.base}/backup-locations/primary`)).status).toBe(404);

    const events = await t.projectAdmin.get(`${t.base}/events?subject=backup-locations/primary&limit=100`);
    expect(events.body.items.map((e: any) => e.type).reverse()).toEqual([
      "ckp.backuplocation.created",
      "ckp.backuplocation.updated",
      "ckp.backuplocation.updated",
      "ckp.backuplocation.updated",
      "ckp.backuplocation.deleted",
    ]);
    expect(events.text).not.toContain(keys.secretAccessKey);
    expect(events.body.items.at(-1).data).toMatchObject({ bucket: b, prefix: "clusters", default: true, credentialsChanged: true });
  });

  it("never lets two projects share a bucket's keys: the same prefix, one inside or around it → 409 without naming the holder", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const shared = await bucket();
    expect((await a.projectAdmin.post(`${a.base}/backup-locations`, location(shared, { prefix: "team/a" }))).status).toBe(201);
    for (const prefix of ["team/a", "team/a/", "team/a/nightly", "team", undefined]) {
      const res = await b.projectAdmin.post(`${b.base}/backup-locations`, location(shared, prefix ? { prefix } : {}));
      expect(res.status, `${prefix}: ${res.text}`).toBe(409);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.code).toBe("backup-location.bucket-taken");
      expect(res.body.detail).toContain("already used by another project");
      expect(res.text).not.toContain(a.domain);
      expect(res.text).not.toContain(a.project);
    }
    // a sibling prefix shares no keys; the same project may reuse its own part
    expect((await b.projectAdmin.post(`${b.base}/backup-locations`, location(shared, { prefix: "team/ab" }))).status).toBe(201);
    expect((await a.projectAdmin.post(`${a.base}/backup-locations`, location(shared, { prefix: "team/a/extra" }))).status).toBe(201);
    // the same endpoint spelled with a trailing slash is the same store
    const respelled = await b.projectAdmin.post(`${b.base}/backup-locations`, location(shared, { prefix: "team", endpoint: `${s3Url}/` }));
    expect(respelled.body.code).toBe("backup-location.bucket-taken");
    // moving into another project's part is refused too
    const [bLoc] = (await b.projectAdmin.get(`${b.base}/backup-locations`)).body.items;
    const move = await b.projectAdmin.patch(`${b.base}/backup-locations/${bLoc.name}`, { prefix: "team/a/x" });
    expect(move.body.code).toBe("backup-location.bucket-taken");
    // another tenant's location is not there for b
    const [aLoc] = (await a.projectAdmin.get(`${a.base}/backup-locations`)).body.items;
    expect((await b.projectAdmin.get(`${a.base}/backup-locations/${aLoc.name}`)).status).toBe(404);
    expect((await b.projectAdmin.delete(`${a.base}/backup-locations/${aLoc.name}`)).status).toBe(404);
    // once a releases it, b can take it
    for (const l of (await a.projectAdmin.get(`${a.base}/backup-locations`)).body.items)
      expect((await a.projectAdmin.delete(`${a.base}/backup-locations/${l.name}`)).status).toBe(204);
    expect((await b.projectAdmin.post(`${b.base}/backup-locations`, location(shared, { prefix: "team/a" }))).status).toBe(201);
  });

  it("two projects asking for overlapping parts of one bucket at once: exactly one gets it", async () => {
    const tenants: Tenant[] = await Promise.all([newTenant(), newTenant(), newTenant()]);
    const contested = await bucket();
    const answers = await Promise.all(
      tenants.map((t, i) => t.projectAdmin.post(`${t.base}/backup-locations`, location(contested, { prefix: i === 0 ? "x" : `x/${i}` }))),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 201)) expect(r.status, r.text).toBe(409);
  });

  it("refuses what cannot be reached, with the cause: a missing bucket, refused keys, an unreachable or untrusted endpoint, a host not allowed", async () => {
    const t = await newTenant();
    const b = await bucket();
    const post = (body: Record<string, unknown>) => t.projectAdmin.post(`${t.base}/backup-locations`, location(b, body));

    const missing = await post({ bucket: uniqueName("nobucket") });
    expect(missing.status, missing.text).toBe(422);
    expect(missing.body).toMatchObject({ code: "backup-location.bucket-missing", reason: "NoSuchBucket" });

    const refused = await post({ endpoint: gateway.url, credentials: { accessKeyId: "AKIAWRONGKEY", secretAccessKey: "nope-nope" } });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body).toMatchObject({ code: "backup-location.access-denied", reason: "InvalidAccessKeyId" });
    expect(gateway.refused).toBeGreaterThan(0);
    expect((await post({ endpoint: gateway.url })).status).toBe(201); // the right key passes the gateway to LocalStack

    const closed = await post({ endpoint: "http://127.0.0.1:9" });
    expect(closed.status, closed.text).toBe(422);
    expect(closed.body.code).toBe("backup-location.unreachable");
    expect(closed.body.detail).toContain("ECONNREFUSED");

    const untrusted = await post({ endpoint: tlsGateway.url });
    expect(untrusted.status, untrusted.text).toBe(422);
    expect(untrusted.body.code).toBe("backup-location.unreachable");
    const garbled = await post({ endpoint: tlsGateway.url, caBundle: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" });
    expect(garbled.status, garbled.text).toBe(422);
    expect(garbled.body.code).toBe("backup-location.unreachable");
    const trusted = await post({ endpoint: tlsGateway.url, caBundle: tlsGateway.caPem });
    expect(trusted.status, trusted.text).toBe(201);
    expect(trusted.body.caBundle).toBe(tlsGateway.caPem);

    // this installation lets locations use loopback stores only (CKP_BACKUP_ENDPOINT_HOSTS)
    const aws = await post({ endpoint: undefined, region: "eu-west-1" });
    expect(aws.status, aws.text).toBe(422);
    expect(aws.body).toMatchObject({ code: "backup-location.endpoint-not-allowed", allowedHosts: ["127.0.0.1", "localhost"] });
    expect((await post({ endpoint: "https://minio.example.com" })).body.code).toBe("backup-location.endpoint-not-allowed");

    // a change of keys is checked too, and a refused change keeps the location as it was
    const [loc] = (await t.projectAdmin.get(`${t.base}/backup-locations`)).body.items.filter((l: any) => l.endpoint === gateway.url);
    const badKeys = await t.projectAdmin.patch(`${t.base}/backup-locations/${loc.name}`, {
      credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "x" },
    });
    expect(badKeys.body.code).toBe("backup-location.access-denied");
    expect((await t.projectAdmin.get(`${t.base}/backup-locations/${loc.name}`)).body.version).toBe(loc.version);
    // a bucket change is checked with the stored keys
    const otherBucket = await bucket();
    const rebucketed = await t.projectAdmin.patch(`${t.base}/backup-locations/${loc.name}`, { bucket: otherBucket });
    expect(rebucketed.status, rebucketed.text).toBe(200);
    expect(rebucketed.body.bucket).toBe(otherBucket);

    // malformed input is a 400 naming the field
    const bad = await post({ bucket: "Not_A_Bucket", prefix: "/lead" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(["bucket", "prefix"]);
    expect((await post({ credentials: undefined })).status).toBe(400);
  });
});
