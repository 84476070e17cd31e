import * as net from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectTransport } from "../../core/kube/transport.js";

/**
 * A server that accepts connections and never answers (no TLS handshake):
 * the request must give up after its timeout even while the garbage
 * collector runs. AbortSignal.any() holds its sources weakly, so a timeout
 * signal composed that way could be collected and the request hang forever
 * (it did, in CI, under load).
 */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let silent: net.Server;
const sockets: net.Socket[] = [];
let port = 0;

beforeAll(async () => {
  silent = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  port = (silent.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

describe("DirectTransport", () => {
  it("gives up on a silent server after its timeout, whatever the garbage collector does", async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: `https://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: "u", token: "t" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    const transport = new DirectTransport(kc, `https://127.0.0.1:${port}`);
    const collect = setInterval(gc, 20);
    const t0 = Date.now();
    try {
      const outcome = await Promise.race([
        transport.request({ method: "GET", path: "/version", headers: {}, timeoutMs: 500 }).then(
          () => "answered",
          (e: Error) => e.name,
        ),
        new Promise((r) => setTimeout(() => r("hung"), 5_000)),
      ]);
      expect(outcome).toBe("AbortError");
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      clearInterval(collect);
    }
  });
});
