/**
 * Loaded with `--import` into a control plane that fuzzers drive: every
 * connection and name lookup to anything but this machine fails at once,
 * as an unreachable host would. Fuzzed requests name servers and endpoints
 * (management clusters, provider credentials) that must never be contacted
 * off the machine — not even with a DNS lookup.
 */
import dns from "node:dns";
import net from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain"]);

function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === "") return true; // net's default host is localhost
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (net.isIPv4(h)) return h.startsWith("127.");
  if (net.isIPv6(h)) return h === "::1" || h.startsWith("::ffff:127.");
  return false;
}

function refused(host: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`connect ECONNREFUSED ${host} (loopback only: test/support/loopback-only.ts)`);
  e.code = "ECONNREFUSED";
  e.syscall = "connect";
  return e;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // net.connect() hands over its normalised arguments as an array: [options, callback]
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = (typeof first === "object" && first !== null ? first : {}) as { host?: string; path?: string };
  const host = typeof first === "object" && first !== null ? opts.host : (args[1] as string | undefined);
  if (!opts.path && typeof first !== "string" && !isLoopback(host)) {
    process.nextTick(() => this.destroy(refused(String(host))));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const lookup = dns.lookup;
dns.lookup = ((hostname: string, ...rest: unknown[]) => {
  const callback = rest[rest.length - 1] as (e: NodeJS.ErrnoException | null, ...r: unknown[]) => void;
  if (!isLoopback(hostname)) {
    const e: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname} (loopback only)`);
    e.code = "ENOTFOUND";
    e.syscall = "getaddrinfo";
    process.nextTick(() => callback(e));
    return undefined as unknown as ReturnType<typeof dns.lookup>;
  }
  return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
}) as typeof dns.lookup;
