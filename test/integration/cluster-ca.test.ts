import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { ensureClusterCa, revokeClusterCa } from "../../core/pki/cluster-ca.js";
import { issueCertificate } from "../../core/pki/issue.js";
import { newId } from "../../core/shared/ids.js";
import { testCtx, testDeps } from "../support/kube.js";
import { newTenant } from "../support/tenants.js";

/**
 * A cluster's CA (core/pki/cluster-ca.ts) against the shared tables: issued
 * once however often (or however concurrently) the saga step asks, recorded
 * with purpose "cluster", and revoked when the cluster goes.
 */
describe("cluster CA", () => {
  it("is issued once per cluster, from the installation CA, for ten years, and revoked on request", async () => {
    const t = await newTenant();
    const deps = testDeps();
    const cluster = { id: newId("cl"), name: "edge" };
    const [a, b] = await Promise.all([ensureClusterCa(deps, testCtx, t, cluster), ensureClusterCa(deps, testCtx, t, cluster)]);
    const again = await ensureClusterCa(deps, testCtx, t, cluster);
    expect(b.record.serial).toBe(a.record.serial);
    expect(again.record.serial).toBe(a.record.serial);
    expect(again.keyPem).toBe(a.keyPem);
    expect(again.certPem).toBe(a.certPem);

    const listed = (await t.projectAdmin.get(`${t.base}/certificates?purpose=cluster`)).body.items;
    expect(listed.map((c: { serial: string; clusterId: string }) => [c.serial, c.clusterId])).toEqual([[a.record.serial, cluster.id]]);
    const cert = new X509Certificate(a.certPem);
    const root = new X509Certificate((await t.projectAdmin.get("/v1/ca")).text);
    expect(cert.ca).toBe(true);
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(a.keyPem))).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe("ec");
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(subjectKeyIdentifier(cert)).toBe(ecKeyIdentifier(cert.publicKey));
    expect(cert.subject).toContain(`O=${t.domain}`);
    expect(cert.subjectAltName).toBe(`URI:urn:ckp:cluster:${t.domain}:${t.project}:${cluster.id}`);
    expect(new Date(cert.validTo).getUTCFullYear() - new Date(a.record.issuedAt).getUTCFullYear()).toBe(10);

    // another cluster gets its own
    const other = await ensureClusterCa(deps, testCtx, t, { id: newId("cl"), name: "other" });
    expect(other.record.serial).not.toBe(a.record.serial);

    const revoked = await revokeClusterCa(deps, testCtx, t, cluster.id, "cluster edge is deleted");
    expect(revoked).toMatchObject({ serial: a.record.serial, revoked: true, revocationReason: "cluster edge is deleted" });
    expect(await revokeClusterCa(deps, testCtx, t, cluster.id, "again")).toBeUndefined();
    expect((await t.projectAdmin.get(`${t.base}/certificates/${a.record.serial}`)).body).toMatchObject({
      revoked: true,
      clusterId: cluster.id,
    });
  });

  it("puts an RSA subject key in a certificate with the key identifier forge computes for it", async () => {
    const deps = testDeps();
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const record = await issueCertificate(deps, { publicKeyPem: publicKey, commonName: "h-1", purpose: "host" });
    const cert = new X509Certificate(record.pem);
    expect(cert.publicKey.export({ type: "spki", format: "pem" })).toBe(publicKey);
    expect(forge.pki.certificateFromPem(record.pem).verifySubjectKeyIdentifier()).toBe(true);
    expect(subjectKeyIdentifier(cert)).toBe(forge.pki.certificateFromPem(record.pem).generateSubjectKeyIdentifier().toHex());
  });
});

/** The subjectKeyIdentifier extension's value, hex, read from the certificate's DER. */
function subjectKeyIdentifier(cert: X509Certificate): string | undefined {
  const tbs = forge.asn1.fromDer(cert.raw.toString("binary")).value[0] as forge.asn1.Asn1;
  const extensions = (tbs.value as forge.asn1.Asn1[]).find((v) => v.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && v.type === 3);
  const list = (extensions?.value as forge.asn1.Asn1[] | undefined)?.[0];
  for (const ext of (list?.value ?? []) as forge.asn1.Asn1[]) {
    const [oid, ...rest] = ext.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(oid?.value as string) !== "2.5.29.14") continue;
    const inner = forge.asn1.fromDer((rest.at(-1) as forge.asn1.Asn1).value as string);
    return forge.util.bytesToHex(inner.value as string);
  }
  return undefined;
}

/** RFC 5280 §4.2.1.2 method 1 for an EC key: SHA-1 of the uncompressed point. */
function ecKeyIdentifier(key: KeyObject): string {
  const jwk = key.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x as string, "base64url"), Buffer.from(jwk.y as string, "base64url")]);
  return createHash("sha1").update(point).digest("hex");
}
