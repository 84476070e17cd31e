import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debField, verifyBundleDir } from "../../agent/packages/install.js";
import { maintainerIsCoredge, type TrustedKey, verifyPackage } from "../../agent/packages/verify.js";
import { buildDeb, type SigningKey, signDeb, signingKey } from "../support/debs.js";

/**
 * The agent's package checks (product §2.4) on real .deb files built with
 * dpkg-deb and signed with keys made here: a good package passes; unsigned,
 * tampered, wrongly keyed and wrong-maintainer ones are refused, each with
 * the package, the check and the key.
 */
describe("package integrity (agent/packages/verify.ts)", () => {
  let dir: string;
  let coredge: SigningKey;
  let stranger: SigningKey;
  let trusted: TrustedKey[];

  const pkg = (file: string) => ({
    name: file.split("/").pop() as string,
    bytes: readFileSync(file),
    signature: (() => {
      try {
        return readFileSync(`${file}.asc`, "utf8");
      } catch {
        return undefined;
      }
    })(),
    maintainer: () => debField(file, "Maintainer"),
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ckp-pkg-unit-"));
    [coredge, stranger] = await Promise.all([signingKey("Coredge.io packages"), signingKey("someone else")]);
    trusted = [{ fingerprint: coredge.fingerprint, publicKey: coredge.publicKey }];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a package signed by a trusted key whose maintainer is Coredge.io", async () => {
    const f = buildDeb(dir, { name: "kubeadm" });
    await signDeb(f, coredge);
    expect(debField(f, "Maintainer")).toBe("Coredge.io <packages@coredge.io>");
    expect(await verifyPackage(pkg(f), trusted)).toBeUndefined();
  });

  it("refuses an unsigned package", async () => {
    const f = buildDeb(dir, { name: "kubelet" });
    expect(await verifyPackage(pkg(f), trusted)).toEqual({
      package: "kubelet_1.31.2-ckp_amd64.deb",
      check: "signature",
      reason: "the package is not signed (no kubelet_1.31.2-ckp_amd64.deb.asc)",
    });
  });

  it("refuses a package altered after signing, naming the key that signed it", async () => {
    const f = buildDeb(dir, { name: "kubectl" });
    await signDeb(f, coredge);
    const bytes = readFileSync(f);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(f, bytes);
    const r = await verifyPackage(pkg(f), trusted);
    expect(r).toMatchObject({ package: "kubectl_1.31.2-ckp_amd64.deb", check: "signature", key: coredge.fingerprint });
    expect(r?.reason).toMatch(/does not match the package/);
  });

  it("refuses a package signed by a key the installation does not trust, naming that key", async () => {
    const f = buildDeb(dir, { name: "cri-tools" });
    await signDeb(f, stranger);
    const r = await verifyPackage(pkg(f), trusted);
    expect(r).toMatchObject({ package: "cri-tools_1.31.2-ckp_amd64.deb", check: "signature" });
    // a key id: the last 16 hex digits of the fingerprint of the (primary, signing) key that made it
    expect(r?.key).toMatch(/^[0-9A-F]{16}$/);
    expect(stranger.fingerprint.endsWith(r?.key as string)).toBe(true);
    expect(r?.reason).toContain(`signed by key ${r?.key}, which is not a trusted key`);
    // with no trusted key at all, the good key is refused the same way
    expect(await verifyPackage(pkg(f), [])).toMatchObject({ check: "signature" });
  });

  it("refuses a signed package whose maintainer is not Coredge.io, or that names none", async () => {
    const other = buildDeb(dir, { name: "containerd", maintainer: "Evil Corp <packages@notcoredge.io>" });
    await signDeb(other, coredge);
    expect(await verifyPackage(pkg(other), trusted)).toEqual({
      package: "containerd_1.31.2-ckp_amd64.deb",
      check: "maintainer",
      reason: 'the maintainer is "Evil Corp <packages@notcoredge.io>", not Coredge.io',
    });
    const none = buildDeb(dir, { name: "kubernetes-cni", maintainer: "" });
    await signDeb(none, coredge);
    expect(await verifyPackage(pkg(none), trusted)).toMatchObject({ check: "maintainer", reason: "the package names no maintainer" });
  });

  it("reads the maintainer only from a package whose signature holds", async () => {
    const f = buildDeb(dir, { name: "unsigned-never-parsed" });
    let read = 0;
    const maintainer = () => {
      read++;
      return "Coredge.io";
    };
    const r = await verifyPackage({ ...pkg(f), maintainer }, trusted);
    expect(r?.check).toBe("signature");
    expect(read).toBe(0);
  });

  it("reads the maintainer's name, not any mention of coredge.io", () => {
    expect(maintainerIsCoredge("Coredge.io <packages@coredge.io>")).toBe(true);
    expect(maintainerIsCoredge("coredge.io Packaging Team <p@coredge.io>")).toBe(true);
    expect(maintainerIsCoredge("Mallory <mallory@coredge.io>")).toBe(false);
    expect(maintainerIsCoredge("Coredge.iox <a@b>")).toBe(false);
    expect(maintainerIsCoredge(undefined)).toBe(false);
  });

  it("checks a bundle directory package by package and stops at the first refusal", async () => {
    const bundle = mkdtempSync(join(dir, "bundle-"));
    for (const name of ["a-good", "b-unsigned", "c-good"]) {
      const f = buildDeb(bundle, { name });
      if (!name.includes("unsigned")) await signDeb(f, coredge);
    }
    const out = await verifyBundleDir(bundle, trusted);
    expect(out.packages).toHaveLength(3);
    expect(out.refusal).toMatchObject({ package: "b-unsigned_1.31.2-ckp_amd64.deb", check: "signature" });
    rmSync(join(bundle, "b-unsigned_1.31.2-ckp_amd64.deb"));
    expect((await verifyBundleDir(bundle, trusted)).refusal).toBeUndefined();
  });
});
