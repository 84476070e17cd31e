import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseHostUri } from "../../core/pki/model.js";
import { inspectClientCertificate } from "../../core/pki/verify.js";
import { isDomainError } from "../../core/shared/errors.js";
import { foreignCa, rsaKey } from "../support/pki.js";

const HOST = "host_01m7z0rpy0bttjg3dffec74j8h";
const URI = `urn:ckp:host:acme:edge:${HOST}`;

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return `${e.kind} ${e.message}`;
    throw e;
  }
  throw new Error("was not refused");
}

describe("client certificate inspection", () => {
  const ours = foreignCa();
  const theirs = foreignCa(); // same subject name, different key: a lookalike CA
  const key = rsaKey();
  const caCert = new X509Certificate(ours.certPem);

  it("accepts a certificate from the CA that names a host, and reads the host from its URI SAN", () => {
    const id = inspectClientCertificate(caCert, ours.issue({ uri: URI, publicKeyPem: key.publicKey }), new Date());
    expect(id).toEqual({ domain: "acme", project: "edge", hostId: HOST, serial: expect.stringMatching(/^0+badc0de$/) });
  });

  it("refuses a certificate from another CA, even one with the same name", () => {
    expect(refusal(() => inspectClientCertificate(caCert, theirs.issue({ uri: URI, publicKeyPem: key.publicKey }), new Date()))).toMatch(
      /^unauthenticated .*does not chain/,
    );
  });

  it("refuses expired and not-yet-valid certificates", () => {
    const expired = ours.issue({
      uri: URI,
      publicKeyPem: key.publicKey,
      notBefore: new Date(Date.now() - 7200_000),
      notAfter: new Date(Date.now() - 3600_000),
    });
    expect(refusal(() => inspectClientCertificate(caCert, expired, new Date()))).toMatch(/^unauthenticated .*not valid at this time/);
    const future = ours.issue({ uri: URI, publicKeyPem: key.publicKey, notBefore: new Date(Date.now() + 3600_000) });
    expect(refusal(() => inspectClientCertificate(caCert, future, new Date()))).toMatch(/not valid at this time/);
  });

  it("refuses certificates that name no host, and garbage", () => {
    const noHost = ours.issue({ uri: "urn:example:other", publicKeyPem: key.publicKey });
    expect(refusal(() => inspectClientCertificate(caCert, noHost, new Date()))).toMatch(/does not name a host/);
    expect(
      refusal(() => inspectClientCertificate(caCert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", new Date())),
    ).toMatch(/not a PEM X.509/);
  });

  it("parses only well-formed host URIs", () => {
    expect(parseHostUri(URI)).toEqual({ domain: "acme", project: "edge", hostId: HOST });
    expect(parseHostUri(`urn:ckp:host:acme:edge:${HOST}:extra`)).toBeUndefined();
    expect(parseHostUri("urn:ckp:host:ACME:edge:host_x")).toBeUndefined();
  });
});
