import { createServer as createHttpServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import forge from "node-forge";

/**
 * A test double of what LocalStack cannot play: an S3 store that checks the
 * access key. LocalStack's S3 accepts any keys, so this gateway sits in
 * front of it, refuses requests signed with another access key id the way
 * S3 does (403 `InvalidAccessKeyId`) and forwards the rest to LocalStack
 * unchanged. With `tls`, it serves HTTPS with a certificate of a CA made
 * here (`caPem`), to check that a location's CA bundle is what makes the
 * endpoint trusted.
 */
export class S3KeyCheckingGateway {
  private server: Server | undefined;
  url = "";
  caPem = "";
  /** requests refused for their key */
  refused = 0;

  constructor(private readonly o: { upstream: string; accessKeyId: string; tls?: boolean }) {}

  async start(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    if (this.o.tls) {
      const { caPem, certPem, keyPem } = makeCertificates();
      this.caPem = caPem;
      this.server = createHttpsServer({ cert: certPem, key: keyPem }, handler);
    } else {
      this.server = createHttpServer(handler);
    }
    await new Promise<void>((ok) => this.server?.listen(0, "127.0.0.1", ok));
    this.url = `${this.o.tls ? "https" : "http"}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((ok) => s.close(() => ok()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const auth = String(req.headers.authorization ?? "");
    const keyId = /Credential=([^/]+)\//.exec(auth)?.[1];
    if (keyId !== this.o.accessKeyId) {
      this.refused++;
      req.resume();
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>`,
      );
      return;
    }
    const up = new URL(this.o.upstream);
    const fwd = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    fwd.on("error", (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(fwd);
  }
}

/** A CA and a certificate of 127.0.0.1 it signed, for a loopback HTTPS server. */
export function makeCertificates(): { caPem: string; certPem: string; keyPem: string } {
  const pki = forge.pki;
  const caKeys = pki.rsa.generateKeyPair(2048);
  const ca = pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = "01";
  ca.validity.notBefore = new Date(Date.now() - 60_000);
  ca.validity.notAfter = new Date(Date.now() + 86_400_000);
  const caName = [{ name: "commonName", value: "s3 gateway test CA" }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const keys = pki.rsa.generateKeyPair(2048);
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "02";
  cert.validity.notBefore = ca.validity.notBefore;
  cert.validity.notAfter = ca.validity.notAfter;
  cert.setSubject([{ name: "commonName", value: "127.0.0.1" }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    { name: "extKeyUsage", serverAuth: true },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return { caPem: pki.certificateToPem(ca), certPem: pki.certificateToPem(cert), keyPem: pki.privateKeyToPem(keys.privateKey) };
}
