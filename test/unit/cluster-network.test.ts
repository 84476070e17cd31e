import { describe, expect, it } from "vitest";
import { checkClusterNetwork, overlaps, parseCidr } from "../../core/clusters/network.js";
import { DomainError } from "../../core/shared/errors.js";

function problem(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

const cidr = (s: string) => {
  const r = parseCidr(s);
  if (!r.ok) throw new Error(r.message);
  return r.cidr;
};

describe("CIDR parsing", () => {
  it("parses IPv4 and IPv6 networks", () => {
    expect(cidr("10.244.0.0/16")).toMatchObject({ family: 4, prefix: 16 });
    expect(cidr("10.244.0.0/16").end - cidr("10.244.0.0/16").start).toBe(65535n);
    expect(cidr("fd00:10:244::/56")).toMatchObject({ family: 6, prefix: 56 });
    expect(cidr("0.0.0.0/0").end).toBe(2n ** 32n - 1n);
  });

  it("refuses malformed ranges and addresses with host bits set, saying why", () => {
    expect(parseCidr("10.244.0.0")).toMatchObject({ ok: false });
    expect(parseCidr("10.244.0.300/16")).toMatchObject({ ok: false, message: expect.stringContaining("not an IP address") });
    expect(parseCidr("10.0.0.0/33")).toMatchObject({ ok: false });
    expect(parseCidr("10.244.1.0/16")).toMatchObject({ ok: false, message: expect.stringContaining("10.244.0.0/16") });
  });

  it("detects overlap, including containment, and not across families", () => {
    expect(overlaps(cidr("10.0.0.0/8"), cidr("10.96.0.0/12"))).toBe(true);
    expect(overlaps(cidr("10.96.0.0/12"), cidr("10.112.0.0/12"))).toBe(false);
    expect(overlaps(cidr("192.168.0.0/24"), cidr("192.168.0.128/25"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/8"), cidr("fd00::/8"))).toBe(false);
  });
});

describe("cluster networks", () => {
  it("accepts separate pod, service and node networks", () => {
    expect(() =>
      checkClusterNetwork({
        podCidr: "10.244.0.0/16",
        serviceCidr: "10.96.0.0/12",
        nodeCidr: "192.168.10.0/24",
        endpointHost: "192.168.10.5",
      }),
    ).not.toThrow();
  });

  it("names the overlap between pod and service networks in a 422", () => {
    const e = problem(() => checkClusterNetwork({ podCidr: "10.96.0.0/16", serviceCidr: "10.96.0.0/12" }));
    expect(e.kind).toBe("unprocessable");
    expect(e.message).toBe("service network 10.96.0.0/12 overlaps the pod network 10.96.0.0/16");
    expect(e.fields).toEqual([{ path: "network.serviceCidr", message: e.message }]);
  });

  it("names an overlap with the node network", () => {
    const e = problem(() => checkClusterNetwork({ podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12", nodeCidr: "10.244.8.0/24" }));
    expect(e.kind).toBe("unprocessable");
    expect(e.message).toContain("node network 10.244.8.0/24 overlaps the pod network 10.244.0.0/16");
  });

  it("refuses a control-plane endpoint inside the service network", () => {
    const e = problem(() => checkClusterNetwork({ podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12", endpointHost: "10.96.0.1" }));
    expect(e.kind).toBe("unprocessable");
    expect(e.message).toContain("control-plane endpoint 10.96.0.1 lies inside the service network");
  });

  it("answers 400 for malformed ranges and sizes Kubernetes refuses", () => {
    const bad = problem(() => checkClusterNetwork({ podCidr: "10.244.0.0/33", serviceCidr: "nope" }));
    expect(bad.kind).toBe("validation");
    expect(bad.fields?.map((f) => f.path)).toEqual(["network.podCidr", "network.serviceCidr"]);
    expect(problem(() => checkClusterNetwork({ podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/8" })).fields?.[0]?.message).toContain(
      "/12",
    );
    expect(problem(() => checkClusterNetwork({ podCidr: "10.244.0.0/24", serviceCidr: "10.96.0.0/12" })).fields?.[0]?.path).toBe(
      "network.podCidr",
    );
  });
});
