import { isIP } from "node:net";
import { DomainError, type FieldError } from "../shared/errors.js";

/**
 * CIDR arithmetic for a cluster's networks: the pod network, the service
 * network and the network its nodes sit on must not overlap (a pod address
 * that is also a node address is unroutable), and the control-plane
 * endpoint must not fall inside the pod or service ranges.
 */
export interface Cidr {
  text: string;
  family: 4 | 6;
  /** first address of the range */
  start: bigint;
  /** last address of the range */
  end: bigint;
  prefix: number;
}

export function parseIp(s: string): { family: 4 | 6; value: bigint } | undefined {
  const family = isIP(s);
  if (family === 4) {
    const parts = s.split(".").map(Number);
    return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (family === 6) {
    if (s.includes(".")) return undefined; // IPv4-embedded forms are not used for cluster networks
    const [head, tail] = s.split("::") as [string, string | undefined];
    const h = head ? head.split(":") : [];
    const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    if (groups.length !== 8) return undefined;
    return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
  }
  return undefined;
}

export function formatIp(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((v >> BigInt((7 - i) * 16)) & 0xffffn).toString(16));
  return groups.join(":");
}

/** Parses `a.b.c.d/n` (or IPv6); the address must be the network's first address. */
export function parseCidr(text: string): { ok: true; cidr: Cidr } | { ok: false; message: string } {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!m) return { ok: false, message: `${text} is not in CIDR notation (address/prefix)` };
  const ip = parseIp(m[1] as string);
  if (!ip) return { ok: false, message: `${m[1]} is not an IP address` };
  const bits = ip.family === 4 ? 32 : 128;
  const prefix = Number(m[2]);
  if (prefix > bits) return { ok: false, message: `prefix /${prefix} is longer than ${bits} bits` };
  const size = 1n << BigInt(bits - prefix);
  const start = (ip.value / size) * size;
  if (start !== ip.value) {
    return { ok: false, message: `${text} has host bits set; the network is ${formatIp(ip.family, start)}/${prefix}` };
  }
  return { ok: true, cidr: { text, family: ip.family, start, end: start + size - 1n, prefix } };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

export function contains(c: Cidr, ip: { family: 4 | 6; value: bigint }): boolean {
  return c.family === ip.family && c.start <= ip.value && ip.value <= c.end;
}

export interface ClusterNetworkInput {
  podCidr: string;
  serviceCidr: string;
  /** the network the nodes are on, when known */
  nodeCidr?: string | undefined;
  /** the control-plane endpoint host, when it is an IP address */
  endpointHost?: string | undefined;
}

/** Limits Kubernetes itself puts on the ranges (kube-apiserver refuses a service range larger than /12 for IPv4, /108 for IPv6). */
const MIN_SERVICE_PREFIX = { 4: 12, 6: 108 } as const;
/** Node pod ranges are /24 (IPv4) and /64 (IPv6) by default, so the pod network must be wider. */
const MAX_POD_PREFIX = { 4: 23, 6: 63 } as const;

/**
 * Validates a cluster's networks. Malformed ranges are 400 naming the field;
 * overlapping ranges are 422 naming both fields and ranges.
 */
export function checkClusterNetwork(
  n: ClusterNetworkInput,
  paths = { pod: "network.podCidr", service: "network.serviceCidr", node: "network.nodeCidr", endpoint: "controlPlaneEndpoint.host" },
): void {
  const fields: FieldError[] = [];
  const parsed: Array<{ name: string; path: string; cidr: Cidr }> = [];
  const take = (name: string, path: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const r = parseCidr(text);
    if (!r.ok) {
      fields.push({ path, message: r.message });
      return undefined;
    }
    parsed.push({ name, path, cidr: r.cidr });
    return r.cidr;
  };
  const pod = take("pod network", paths.pod, n.podCidr);
  const service = take("service network", paths.service, n.serviceCidr);
  take("node network", paths.node, n.nodeCidr);
  if (service && service.prefix < MIN_SERVICE_PREFIX[service.family]) {
    fields.push({
      path: paths.service,
      message: `the service network may be at most /${MIN_SERVICE_PREFIX[service.family]} (got /${service.prefix})`,
    });
  }
  if (pod && pod.prefix > MAX_POD_PREFIX[pod.family]) {
    fields.push({
      path: paths.pod,
      message: `the pod network must be /${MAX_POD_PREFIX[pod.family]} or wider to give each node its own range (got /${pod.prefix})`,
    });
  }
  if (pod && service && pod.family !== service.family) {
    fields.push({ path: paths.service, message: "the pod and service networks must be of the same IP family" });
  }
  if (fields.length) throw new DomainError("validation", "the cluster's networks are invalid", { fields });

  const clashes: FieldError[] = [];
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const a = parsed[i] as (typeof parsed)[number];
      const b = parsed[j] as (typeof parsed)[number];
      if (overlaps(a.cidr, b.cidr)) {
        clashes.push({ path: b.path, message: `${b.name} ${b.cidr.text} overlaps the ${a.name} ${a.cidr.text}` });
      }
    }
  }
  const endpoint = n.endpointHost ? parseIp(n.endpointHost) : undefined;
  if (endpoint) {
    for (const p of parsed.filter((x) => x.name !== "node network")) {
      if (contains(p.cidr, endpoint))
        clashes.push({
          path: paths.endpoint,
          message: `control-plane endpoint ${n.endpointHost} lies inside the ${p.name} ${p.cidr.text}`,
        });
    }
  }
  if (clashes.length) {
    throw new DomainError("unprocessable", clashes.map((c) => c.message).join("; "), {
      fields: clashes,
      extra: { overlaps: clashes.map((c) => c.message) },
    });
  }
}
