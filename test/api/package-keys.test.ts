import * as openpgp from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { signingKey } from "../support/debs.js";
import { expectProblem, type InProcessApi, inProcessApi, tenant } from "../support/in-process.js";

/**
 * The installation's trusted package-signing keys (product §2.4,
 * docs/clusters.md#package-integrity-product-24): platform admins add, list and retire
 * them; each change is an audit event; nothing else may change them.
 */
describe("package keys", () => {
  let api: InProcessApi;
  let projectAdmin: string;

  beforeAll(async () => {
    api = inProcessApi();
    projectAdmin = (await tenant(api)).projectAdmin;
  });

  it("adds a key, lists it active, retires it (once), with an audit event for each change", async () => {
    const key = await signingKey("Coredge.io release signing");
    const added = await api.request("POST", "/v1/package-keys", { body: { publicKey: key.publicKey, comment: "release 2026" } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({
      fingerprint: key.fingerprint,
      userIds: ["Coredge.io release signing <packages@example.test>"],
      algorithm: "eddsaLegacy-ed25519Legacy",
      comment: "release 2026",
      status: "active",
      addedBy: "bootstrap-admin",
    });
    expect(added.body.publicKey).toContain("-----BEGIN PGP PUBLIC KEY BLOCK-----");

    const list = await api.request("GET", "/v1/package-keys");
    expect(list.body.items.find((k: { fingerprint: string }) => k.fingerprint === key.fingerprint)).toMatchObject({ status: "active" });
    // the fingerprint is matched without regard to case
    expect((await api.request("GET", `/v1/package-keys/${key.fingerprint.toLowerCase()}`)).body.fingerprint).toBe(key.fingerprint);

    const again = await api.request("POST", "/v1/package-keys", { body: { publicKey: key.publicKey } });
    expectProblem(again, 409, "package-key.exists");

    const retired = await api.request("POST", `/v1/package-keys/${key.fingerprint}/retire`);
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: "retired", retiredBy: "bootstrap-admin" });
    const twice = await api.request("POST", `/v1/package-keys/${key.fingerprint}/retire`);
    expect(twice.body.retiredAt).toBe(retired.body.retiredAt);
    // a retired key cannot come back
    expectProblem(await api.request("POST", "/v1/package-keys", { body: { publicKey: key.publicKey } }), 409, "package-key.exists");

    const events = await api.request("GET", `/v1/events?subject=package-keys/${key.fingerprint}`);
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(["ckp.packagekey.retired", "ckp.packagekey.added"]);
    expect(events.body.items[1].data).toMatchObject({ fingerprint: key.fingerprint, algorithm: "eddsaLegacy-ed25519Legacy" });
  });

  it("refuses what is not a usable public key: a private key, a garbled one, an expired one", async () => {
    const key = await signingKey();
    const asPublic = (armored: string) => armored.replace(/PRIVATE KEY BLOCK/g, "PUBLIC KEY BLOCK");
    const priv = await api.request("POST", "/v1/package-keys", { body: { publicKey: asPublic(key.privateKey) } });
    expectProblem(priv, 422, "package-key.invalid");
    // the server reads the key's packets, not its label: a private key labelled public is refused as private
    expect(priv.body.detail).toBe("publicKey holds a private key; send only the public key");

    const garbled = key.publicKey.replace(/\n[A-Za-z0-9+/]{20}/, "\nAAAAAAAAAAAAAAAAAAAA");
    expectProblem(await api.request("POST", "/v1/package-keys", { body: { publicKey: garbled } }), 422, "package-key.invalid");

    const { publicKey: expired } = await openpgp.generateKey({
      type: "ecc",
      curve: "ed25519Legacy",
      userIDs: [{ name: "old" }],
      keyExpirationTime: 1,
      date: new Date(Date.now() - 3_600_000),
      format: "armored",
    });
    const old = await api.request("POST", "/v1/package-keys", { body: { publicKey: expired } });
    expectProblem(old, 422, "package-key.invalid");
    expect(old.body.detail).toContain("expired");

    // not armored at all: the schema says so (400)
    expectProblem(await api.request("POST", "/v1/package-keys", { body: { publicKey: "ssh-ed25519 AAAA" } }), 400, "invalid-request");
  });

  it("is for platform admins: a project admin can neither add, list nor retire keys", async () => {
    const key = await signingKey();
    expectProblem(
      await api.request("POST", "/v1/package-keys", { body: { publicKey: key.publicKey }, token: projectAdmin }),
      403,
      "forbidden",
    );
    expectProblem(await api.request("GET", "/v1/package-keys", { token: projectAdmin }), 403, "forbidden");
    expect((await api.request("POST", "/v1/package-keys", { body: { publicKey: key.publicKey } })).status).toBe(201);
    expectProblem(await api.request("POST", `/v1/package-keys/${key.fingerprint}/retire`, { token: projectAdmin }), 403, "forbidden");
    expectProblem(await api.request("GET", `/v1/package-keys/${"A".repeat(40)}`), 404, "not-found");
  });
});
