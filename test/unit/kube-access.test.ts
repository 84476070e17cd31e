import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { connection, parseKubeconfig } from "../../core/kube/connection.js";
import { isSchemaFailure500, KubeCredentialsRefused, mapKubeError } from "../../core/kube/errors.js";
import { conditionsOf, isConditionTrue } from "../../core/kube/objects.js";
import { DomainError, RetryableError } from "../../core/shared/errors.js";

const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const b64 = (s: string) => Buffer.from(s).toString("base64");

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = {}): string {
  return yaml.dump({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443", "certificate-authority-data": b64(CA), ...cluster } }],
    users: [{ name: "u", user }],
    contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
    "current-context": "ctx",
  });
}

describe("kubeconfig → connection", () => {
  it("reads the current context's server, CA and token or client certificate", async () => {
    expect(await parseKubeconfig(kubeconfig({ token: "abc" }))).toEqual({ server: "https://10.0.0.1:6443", caData: CA, token: "abc" });
    const cert = await parseKubeconfig(
      kubeconfig({
        "client-certificate-data": b64(CA),
        "client-key-data": b64("-----BEGIN EC PRIVATE KEY-----\nx\n-----END EC PRIVATE KEY-----\n"),
      }),
    );
    expect(cert.clientCertificateData).toBe(CA);
    expect(cert.token).toBeUndefined();
  });

  it("refuses what would make the control plane run programs, read files, skip TLS or use a proxy", async () => {
    const refused = async (text: string, what: RegExp) => {
      const e = await parseKubeconfig(text).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).kind).toBe("validation");
      expect((e as Error).message).toMatch(what);
    };
    await refused(kubeconfig({ exec: { command: "/bin/sh" } }), /exec/);
    await refused(kubeconfig({ "auth-provider": { name: "gcp" } }), /auth-provider/);
    await refused(kubeconfig({ tokenFile: "/var/run/token" }), /tokenFile/);
    await refused(kubeconfig({ "client-certificate": "/etc/c.pem", "client-key": "/etc/k.pem" }), /client-certificate/);
    await refused(kubeconfig({ token: "t" }, { "certificate-authority": "/etc/ca.pem" }), /certificate-authority/);
    await refused(kubeconfig({ token: "t" }, { "insecure-skip-tls-verify": true }), /insecure-skip-tls-verify/);
    await refused(kubeconfig({ token: "t" }, { "proxy-url": "http://proxy:3128" }), /proxy-url/);
    await refused(kubeconfig({ token: "t" }, { server: "http://10.0.0.1:8080" }), /https/);
    await refused(kubeconfig({}), /token or a client certificate/);
    await refused("a: [b", /not valid YAML/);
    await refused("just text", /not a kubeconfig/);
    await refused(kubeconfig({ token: "t" }).replace("current-context: ctx", "current-context: other"), /context other/);
  });

  it("accepts a CA as PEM or base64 of PEM from parts", () => {
    expect(connection({ server: "https://h", caData: CA, token: "t" }).caData).toBe(CA);
    expect(connection({ server: "https://h", caData: b64(CA), token: "t" }).caData).toBe(CA);
    expect(() => connection({ server: "https://h", caData: "bm90IHBlbQ==", token: "t" })).toThrow(/PEM/);
  });
});

describe("Kubernetes errors: retryable or terminal", () => {
  const status = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
    code,
    body: JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message, code, ...extra }),
  });
  const map = (e: unknown) => mapKubeError(e, "management cluster m", "apply Cluster ns/x");

  it("maps invalid objects to 422 with the apiserver's message, including v1.30's schema 500 on apply", () => {
    const typed = status(
      500,
      "failed to create typed patch object (ns/x; cluster.x-k8s.io/v1beta1, Kind=Cluster): .spec.bogus: field not declared in schema",
    );
    expect(isSchemaFailure500({ code: 500, message: JSON.parse(typed.body).message })).toBe(true);
    for (const e of [
      typed,
      status(500, "failed to create typed patch object (ns/x; Kind=Cluster): .spec.paused: expected boolean, got &{yes}"),
      status(400, 'Cluster in version "v1beta1" cannot be handled as a Cluster: strict decoding error: unknown field "spec.bogus"', {
        reason: "BadRequest",
      }),
      status(422, 'Cluster.cluster.x-k8s.io "x" is invalid: spec.paused: Invalid value', {
        reason: "Invalid",
        details: { causes: [{ field: "spec.paused", message: "Invalid value" }] },
      }),
    ]) {
      const m = map(e);
      expect(m).toBeInstanceOf(DomainError);
      expect((m as DomainError).kind).toBe("unprocessable");
      expect(m.message).toContain(JSON.parse(e.body).message);
      expect(m.message).toContain("management cluster m rejected apply Cluster ns/x");
    }
    expect(
      (map(status(422, "bad", { details: { causes: [{ field: "spec.paused", message: "Invalid value" }] } })) as DomainError).fields,
    ).toEqual([{ path: "spec.paused", message: "Invalid value" }]);
  });

  it("maps unreachable, throttled and server failures to RetryableError", () => {
    const refused = Object.assign(new Error("request to https://10.0.0.1/ failed, reason: connect ECONNREFUSED"), {
      name: "FetchError",
      type: "system",
      code: "ECONNREFUSED",
    });
    const aborted = Object.assign(new Error("The user aborted a request."), { name: "AbortError", type: "aborted" });
    for (const e of [
      refused,
      aborted,
      status(429, "too many requests"),
      status(500, "etcdserver: request timed out"),
      status(503, "unavailable"),
      status(504, "timeout"),
    ]) {
      expect(map(e)).toBeInstanceOf(RetryableError);
    }
    expect(map(aborted).message).toMatch(/unreachable.*timed out/);
  });

  it("maps every network and TLS failure to RetryableError, naming the TLS problem", () => {
    // as node:https reports them (raw requests for /version and discovery) ...
    const sys = (code: string, message: string, extra: Record<string, unknown> = {}) =>
      Object.assign(new Error(message), { code, ...extra });
    const wrongCa = sys("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate");
    const selfSigned = sys("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate");
    const chain = sys("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain");
    const plainHttp = sys(
      "ERR_SSL_WRONG_VERSION_NUMBER",
      "write EPROTO 40E7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number",
      { syscall: "write" },
    );
    const eproto = sys(
      "EPROTO",
      "write EPROTO 40E7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/ssl/record/ssl3_record.c:350:\n",
      { syscall: "write", reason: "wrong version number" },
    );
    const altName = sys("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames");
    const reset = sys("ECONNRESET", "socket hang up");
    const dns = sys("EAI_AGAIN", "getaddrinfo EAI_AGAIN mc.example");
    // ... and as node-fetch wraps them (client-node's object API)
    const fetchTls = Object.assign(new Error("request to https://10.0.0.1/api/v1 failed, reason: unable to verify the first certificate"), {
      name: "FetchError",
      type: "system",
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      errno: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
    const wrapped = new Error("fetch failed", { cause: wrongCa });
    for (const e of [wrongCa, selfSigned, chain, plainHttp, eproto, altName, reset, dns, fetchTls, wrapped]) {
      const m = map(e);
      expect(m, e.message).toBeInstanceOf(RetryableError);
      expect(m.message).toMatch(/^management cluster m is unreachable \(apply Cluster ns\/x: /);
    }
    for (const e of [wrongCa, selfSigned, chain, fetchTls, wrapped])
      expect(map(e).message).toMatch(/TLS: the server's certificate is not trusted by the configured CA .*check the CA data/);
    expect(map(wrongCa).message).toContain("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    for (const e of [plainHttp, eproto]) expect(map(e).message).toMatch(/TLS handshake failed .*does not speak TLS at this address/);
    expect(map(eproto).message).toContain("TLS handshake failed (EPROTO: wrong version number)");
    expect(map(altName).message).toMatch(/not valid for this host name/);
    // programming errors stay what they are
    const invalidArg = sys("ERR_INVALID_ARG_TYPE", "The argument must be of type string");
    expect(map(invalidArg)).toBe(invalidArg);
  });

  it("maps refused credentials (401/403) to a retryable error saying what to fix", () => {
    for (const code of [401, 403]) {
      const refused = map(
        status(code, code === 401 ? "Unauthorized" : 'clusters.cluster.x-k8s.io is forbidden: User "ckp" cannot patch resource'),
      );
      expect(refused).toBeInstanceOf(KubeCredentialsRefused);
      expect(refused).toBeInstanceOf(RetryableError);
      expect(refused).not.toBeInstanceOf(DomainError);
      expect((refused as KubeCredentialsRefused).status).toBe(code);
      expect(refused.message).toMatch(
        new RegExp(
          `refused the control plane's credentials \\(apply Cluster ns/x: HTTP ${code} .*update the management cluster's kubeconfig`,
        ),
      );
    }
  });

  it("maps conflicts and unserved kinds to terminal errors", () => {
    expect((map(status(409, "conflict")) as DomainError).kind).toBe("conflict");
    expect((map(new Error("Unrecognized API version and kind: x/v1 Foo")) as DomainError).kind).toBe("unprocessable");
    expect(
      (
        map(
          Object.assign(new Error("Failed to fetch resource metadata for x/v1/Foo: HTTP-Code: 404"), {
            code: 404,
            body: "404 page not found",
          }),
        ) as DomainError
      ).message,
    ).toMatch(/does not serve this kind/);
    const bug = new TypeError("x is not a function");
    expect(map(bug)).toBe(bug);
  });
});

describe("conditions", () => {
  it("reads status.conditions", () => {
    const o = {
      apiVersion: "v1",
      kind: "X",
      metadata: { name: "x" },
      status: { conditions: [{ type: "Ready", status: "True" }, { bogus: 1 }] },
    };
    expect(conditionsOf(o)).toEqual([{ type: "Ready", status: "True" }]);
    expect(isConditionTrue(o, "Ready")).toBe(true);
    expect(isConditionTrue(o, "ControlPlaneReady")).toBe(false);
    expect(isConditionTrue(undefined, "Ready")).toBe(false);
  });
});
