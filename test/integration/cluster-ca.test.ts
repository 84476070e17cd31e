import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ensureClusterCa, revokeClusterCa } from "../../core/pki/cluster-ca.js";
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
});
