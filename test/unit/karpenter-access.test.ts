import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { karpenterKubeconfig, tokenCaOf, tokenOf } from "../../core/autoscaling/karpenter-access.js";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("Karpenter's kubeconfig for the management cluster", () => {
  it("reads the token and the CA the token controller writes into the ServiceAccount's Secret", () => {
    const secret = { data: { token: b64("tok-1"), "ca.crt": b64(PEM) } };
    expect(tokenOf(secret)).toBe("tok-1");
    expect(tokenCaOf(secret)).toBe(PEM);
    expect(tokenOf({ data: {} })).toBeUndefined();
    expect(tokenCaOf(undefined)).toBeUndefined();
  });

  it("names the given address, trusts the given CA and defaults to the cluster's namespace", () => {
    const k = yaml.load(
      karpenterKubeconfig(
        { id: "cl_1", name: "edge", domain: "d", project: "p" },
        { server: "https://10.0.0.10:6443", caData: PEM },
        "tok-1",
      ),
    ) as any;
    expect(k.clusters[0].cluster).toEqual({ server: "https://10.0.0.10:6443", "certificate-authority-data": b64(PEM) });
    expect(k.users[0].user).toEqual({ token: "tok-1" });
    expect(k.contexts[0].context.namespace).toBe("ckp-cl-1");
  });
});
