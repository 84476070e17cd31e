import { describe, expect, it } from "vitest";
import { defaultLabels } from "../../core/hosts/facts.js";
import { registrationInput } from "../../core/hosts/model.js";
import { checkPrerequisites } from "../../core/hosts/prerequisites.js";
import { decodeCursor, encodeCursor } from "../../core/store/pagination.js";

describe("host prerequisites (product §5.1)", () => {
  const ok = { os: { id: "ubuntu", version: "22.04" }, arch: "x86_64", cpus: 2, memoryBytes: 4 * 1024 ** 3 };

  it("accepts supported hosts", () => {
    expect(checkPrerequisites(ok)).toEqual([]);
    expect(checkPrerequisites({ ...ok, os: { id: "rhel", version: "9.4" }, arch: "aarch64" })).toEqual([]);
  });

  it("names what is wrong", () => {
    expect(checkPrerequisites({ ...ok, os: { id: "debian", version: "12" } })[0]?.reason).toBe("UnsupportedOS");
    expect(checkPrerequisites({ ...ok, os: { id: "ubuntu", version: "18.04" } })[0]?.reason).toBe("UnsupportedOS");
    expect(checkPrerequisites({ ...ok, arch: "s390x" })[0]?.reason).toBe("UnsupportedArchitecture");
    expect(checkPrerequisites({ ...ok, cpus: 1 })[0]?.reason).toBe("InsufficientResources");
    expect(checkPrerequisites({})[0]?.message).toContain("facts.os");
  });
});

describe("default host labels", () => {
  it("derives node-style labels from facts", () => {
    expect(defaultLabels({ os: { id: "Ubuntu", version: "22.04" }, arch: "x86_64" }, "Node-1.example.com")).toEqual({
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/os": "linux",
      "kubernetes.io/hostname": "node-1",
      "ckp.io/os": "ubuntu-22.04",
    });
  });
});

describe("registration input", () => {
  const valid = {
    domain: "acme",
    project: "edge",
    machineId: "m-1",
    hostname: "node-1",
    facts: {},
    timestamp: 1_700_000_000,
    nonce: "0123456789abcdef",
    proof: "abc=",
  };

  it("accepts a valid body", () => {
    expect(registrationInput.safeParse(valid).success).toBe(true);
  });

  it("rejects unknown fields, oversized facts and bad names", () => {
    expect(registrationInput.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(registrationInput.safeParse({ ...valid, facts: { blob: "x".repeat(40_000) } }).success).toBe(false);
    expect(registrationInput.safeParse({ ...valid, domain: "Not_DNS" }).success).toBe(false);
    expect(registrationInput.safeParse({ ...valid, nonce: "short" }).success).toBe(false);
    expect(registrationInput.safeParse({ ...valid, timestamp: "now" }).success).toBe(false);
  });
});

describe("cursors", () => {
  it("round-trip and are bound to their list's partition", () => {
    const key = { pk: "D#a#P#x", sk: "HOST#1" };
    const c = encodeCursor(key) as string;
    expect(decodeCursor(c, { attr: "pk", value: "D#a#P#x" })).toEqual(key);
    expect(() => decodeCursor(c, { attr: "pk", value: "D#b#P#x" })).toThrow(/cursor/);
    expect(() => decodeCursor("%%%", { attr: "pk", value: "D#a#P#x" })).toThrow(/cursor/);
    expect(() =>
      decodeCursor(Buffer.from('{"pk":"D#a#P#x","sk":{"S":"x"}}').toString("base64url"), { attr: "pk", value: "D#a#P#x" }),
    ).toThrow();
  });
});
