import { describe, expect, it } from "vitest";
import { healthSchema } from "../../core/agents/health.js";
import { MAX_FACTS_DEPTH, registrationInput } from "../../core/hosts/model.js";
import { storableIssues } from "../../core/store/storable.js";

const valid = {
  domain: "a",
  project: "x",
  machineId: "m-1",
  hostname: "node-1",
  facts: { os: { id: "ubuntu", version: "22.04" } },
  timestamp: 1_700_000_000,
  nonce: "0123456789abcdef",
  proof: "cHJvb2Y=",
};

const nest = (levels: number): unknown => (levels <= 1 ? { leaf: 1 } : { n: nest(levels - 1) });

function factsIssues(facts: unknown) {
  const r = registrationInput.safeParse({ ...valid, facts });
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("facts must be storable as sent", () => {
  it("refuses integers beyond 2^53 - 1 (uint64 counters), saying to send them as strings", () => {
    const issues = factsIssues({ net: { eth0: { rxBytes: 2 ** 64 } } });
    expect(issues).toEqual([{ path: "facts.net.eth0.rxBytes", message: expect.stringContaining("as a string") }]);
    expect(factsIssues({ net: { eth0: { rxBytes: "18446744073709551615" } } })).toEqual([]);
    expect(factsIssues({ n: Number.MAX_SAFE_INTEGER, m: -Number.MAX_SAFE_INTEGER, f: 0.1, z: 0, neg: -0 })).toEqual([]);
    expect(factsIssues({ n: 1e300 })).toHaveLength(1);
    expect(factsIssues({ list: [1, 2, Number.MAX_SAFE_INTEGER + 2] })[0]?.path).toBe("facts.list.2");
  });

  it("refuses numbers DynamoDB cannot hold and empty keys", () => {
    expect(factsIssues({ tiny: 1e-200 })[0]?.path).toBe("facts.tiny");
    expect(factsIssues({ small: 1e-100 })).toEqual([]);
    expect(factsIssues({ "": 1 })).not.toEqual([]);
    expect(factsIssues({ a: { "": 1 } })[0]).toMatchObject({ path: "facts.a", message: expect.stringContaining("empty") });
  });

  it(`refuses nesting deeper than ${MAX_FACTS_DEPTH} levels`, () => {
    expect(factsIssues(nest(MAX_FACTS_DEPTH))).toEqual([]);
    const deep = factsIssues(nest(MAX_FACTS_DEPTH + 1));
    expect(deep).toHaveLength(1);
    expect(deep[0]?.message).toContain(`${MAX_FACTS_DEPTH} levels`);
    expect(factsIssues(nest(40))).toHaveLength(1);
    // arrays count as levels too
    let arr: unknown = 1;
    for (let i = 0; i < MAX_FACTS_DEPTH; i++) arr = [arr];
    expect(factsIssues({ arr })).toHaveLength(1);
  });

  it("the same rules guard agent health reports", () => {
    expect(healthSchema.safeParse({ uptimeSeconds: 5, counters: { rx: 2 ** 64 } }).success).toBe(false);
    expect(healthSchema.safeParse({ memory: { totalBytes: 2 ** 60 } }).success).toBe(false);
    expect(healthSchema.safeParse({ uptimeSeconds: 5, counters: { rx: "18446744073709551616" } }).success).toBe(true);
  });

  it("reports a bounded number of issues", () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 2 ** 60]));
    expect(storableIssues(many, 16).length).toBeLessThanOrEqual(10);
  });
});
