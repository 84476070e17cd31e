import { X509Certificate } from "node:crypto";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3Client } from "../../core/aws/s3.js";
import { TRUSTSTORE_KEY } from "../../core/pki/truststore.js";
import { buckets } from "../../infra/resources.js";
import { register, registration } from "../support/agent.js";
import { adminApi, resourceName, useLocalAws } from "../support/api.js";
import { tenantEvents } from "../support/events.js";
import { csrFor, rsaKey } from "../support/pki.js";
import { newTenant, tokenFor } from "../support/tenants.js";

describe("certificates (product §18)", () => {
  it("serves the CA bundle and writes it to the S3 truststore", async () => {
    const res = await fetch(`${adminApi().base}/v1/ca`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-pem-file");
    const pem = await res.text();
    const ca = new X509Certificate(pem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain("CN=CKP Root CA");
    expect(ca.verify(ca.publicKey)).toBe(true);
    // the same CA on every call: it is created once per installation
    expect(await (await fetch(`${adminApi().base}/v1/ca`)).text()).toBe(pem);
    const env = useLocalAws();
    const obj = await s3Client().send(new GetObjectCommand({ Bucket: resourceName(env, buckets.artifacts.logical), Key: TRUSTSTORE_KEY }));
    expect(await obj.Body?.transformToString()).toBe(pem);
  });

  it("issues a 10-year host certificate on approval from the CSR, returned to the key holder", async () => {
    const t = await newTenant();
    const key = rsaKey();
    const csr = csrFor(key.privateKey);
    const body = registration(t, t.psk);
    const first = await register(t.admin, { ...body, csr });
    expect(first.status, first.text).toBe(202);
    expect(first.body.certificate).toBeUndefined();

    const approved = await t.projectAdmin.post(`${t.base}/host-requests/${first.body.requestId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.certificateSerial).toMatch(/^[0-9a-f]{32}$/);
    const hostId = approved.body.hostId as string;

    // polling with a CSR for the same key: the certificate and the CA come back
    const again = await register(t.admin, { ...registration(t, t.psk, { machineId: body.machineId }), csr });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({
      status: "approved",
      hostId,
      certificateSerial: approved.body.certificateSerial,
      agentApiUrl: expect.stringMatching(/^https:/),
    });
    const cert = new X509Certificate(again.body.certificate);
    const ca = new X509Certificate(again.body.caCertificate);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subject).toContain(`CN=${hostId}`);
    expect(cert.subjectAltName).toContain(`URI:urn:ckp:host:${t.domain}:${t.project}:${hostId}`);
    expect(cert.publicKey.export({ type: "spki", format: "pem" })).toBe(key.publicKey);
    const years = (new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / (365.25 * 86400_000);
    expect(years).toBeGreaterThan(9.99);
    expect(years).toBeLessThan(10.01);
    // without proof of the key (no CSR): the status, but not the certificate
    const noCsr = await register(t.admin, registration(t, t.psk, { machineId: body.machineId }));
    expect(noCsr.body).toEqual({ requestId: first.body.requestId, status: "approved", hostId });

    // the record
    const rec = await t.projectAdmin.get(`${t.base}/certificates/${approved.body.certificateSerial}`);
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({
      purpose: "host",
      hostId,
      domain: t.domain,
      project: t.project,
      revoked: false,
      pem: again.body.certificate,
    });
    expect(rec.body.sans).toContain(`URI:urn:ckp:host:${t.domain}:${t.project}:${hostId}`);
    const host = await t.projectAdmin.get(`${t.base}/hosts/${hostId}`);
    expect(host.body.certificateSerial).toBe(approved.body.certificateSerial);
  });

  it("auto-approval issues the certificate in the registration answer", async () => {
    const t = await newTenant({ autoApproveHosts: true });
    const key = rsaKey();
    const res = await register(t.admin, { ...registration(t, t.psk), csr: csrFor(key.privateKey) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: "approved",
      certificateSerial: expect.any(String),
      certificate: expect.stringContaining("BEGIN CERTIFICATE"),
    });
  });

  async function tenantWithCertificates(n: number) {
    const t = await newTenant({ autoApproveHosts: true });
    const serials: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await register(t.admin, { ...registration(t, t.psk), csr: csrFor(rsaKey().privateKey) });
      expect(res.status, res.text).toBe(202);
      serials.push(res.body.certificateSerial);
    }
    return { t, serials };
  }

  it("lists certificates per tenant (in issue order) and platform-wide, and keeps tenants apart", async () => {
    const { t, serials } = await tenantWithCertificates(3);
    const page1 = await t.projectAdmin.get(`${t.base}/certificates?limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await t.projectAdmin.get(`${t.base}/certificates?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    expect([...page1.body.items, ...page2.body.items].map((c: { serial: string }) => c.serial)).toEqual(serials);

    const other = await newTenant();
    expect((await other.projectAdmin.get(`${t.base}/certificates/${serials[2]}`)).status).toBe(404);
    expect((await other.projectAdmin.get(`${other.base}/certificates/${serials[2]}`)).status).toBe(404);
    expect((await other.projectAdmin.post(`${other.base}/certificates/${serials[2]}/revoke`)).status).toBe(404);
    expect((await other.projectAdmin.get("/v1/certificates")).status).toBe(403);

    const admin = adminApi();
    const one = await admin.get(`/v1/certificates/${serials[2]}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ domain: t.domain, project: t.project });
    const all = await admin.get("/v1/certificates?purpose=host&limit=500");
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(all.body.items.every((c: { purpose: string }) => c.purpose === "host")).toBe(true);
    expect((await admin.get("/v1/certificates/not-a-serial")).status).toBe(404);
  });

  it("revokes once, with an event, for project admins and platform admins only", async () => {
    const { t, serials } = await tenantWithCertificates(3);
    const viewer = t.admin.as(await tokenFor(t.admin, "viewer", t.domain, t.project));
    expect((await viewer.get(`${t.base}/certificates`)).status).toBe(200);
    expect((await viewer.post(`${t.base}/certificates/${serials[0]}/revoke`, { reason: "no" })).status).toBe(403);

    const revoked = await t.projectAdmin.post(`${t.base}/certificates/${serials[0]}/revoke`, { reason: "key compromised" });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revoked: true, revocationReason: "key compromised", revokedAt: expect.any(String) });
    expect((await t.projectAdmin.post(`${t.base}/certificates/${serials[0]}/revoke`)).status).toBe(409);
    // a revoke without a body
    const bare = await t.projectAdmin.post(`${t.base}/certificates/${serials[1]}/revoke`);
    expect(bare.status).toBe(200);
    expect(bare.body.revocationReason).toBe("unspecified");
    expect((await adminApi().post(`/v1/certificates/${serials[2]}/revoke`, { reason: "platform" })).body.revoked).toBe(true);

    const types = (await tenantEvents(useLocalAws(), t)).map((e) => e.type);
    expect(types.filter((x) => x === "ckp.certificate.issued")).toHaveLength(3);
    expect(types.filter((x) => x === "ckp.certificate.revoked")).toHaveLength(3);
  });

  it("revokes a host's certificate when the host is deleted", async () => {
    const t = await newTenant({ autoApproveHosts: true });
    const res = await register(t.admin, { ...registration(t, t.psk), csr: csrFor(rsaKey().privateKey) });
    expect((await t.projectAdmin.delete(`${t.base}/hosts/${res.body.hostId}`)).status).toBe(204);
    const rec = await t.projectAdmin.get(`${t.base}/certificates/${res.body.certificateSerial}`);
    expect(rec.body).toMatchObject({ revoked: true, revocationReason: "host deleted" });
  });
});
