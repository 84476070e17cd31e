import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, isStartKeyRejection } from "../../core/store/pagination.js";

const raw = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const project = "D#a#P#x";

describe("cursors carry exactly their list's key", () => {
  it("accept what the list issued: the table's keys, or an index's and the table's", () => {
    const table = { pk: project, sk: "HOST#1" };
    expect(decodeCursor(encodeCursor(table) as string, { attr: "pk", value: project, prefix: "HOST#" })).toEqual(table);
    const index = { pk: project, sk: "HOST#1", gsi1pk: `${project}#HOST#S#create-pending`, gsi1sk: "2026-01-01#host_1" };
    expect(decodeCursor(encodeCursor(index) as string, { attr: "gsi1pk", value: index.gsi1pk })).toEqual(index);
    expect(decodeCursor(undefined, { attr: "pk", value: project })).toBeUndefined();
    expect(decodeCursor("", { attr: "pk", value: project })).toBeUndefined();
  });

  it("refuse another list's cursor in the same partition (sort key prefix)", () => {
    const hosts = encodeCursor({ pk: project, sk: "HOST#1" }) as string;
    for (const prefix of ["HREQ#", "GROUP#", "CLUSTER#", "CERT#"]) {
      expect(() => decodeCursor(hosts, { attr: "pk", value: project, prefix })).toThrow(/cursor is not valid/);
    }
  });

  it("refuse another partition, another index, and hand-made keys", () => {
    const scope = { attr: "pk", value: project, prefix: "HOST#" };
    const bad = [
      raw({ pk: "D#b#P#x", sk: "HOST#1" }), // another tenant
      raw({ pk: project }), // no sort key
      raw({ sk: "HOST#1" }),
      raw({ pk: project, sk: "HOST#1", extra: "x" }), // more than the key
      raw({ pk: project, sk: "" }), // empty key value
      raw({ pk: project, sk: 5 }), // not a string
      raw({ pk: project, sk: { S: "HOST#1" } }),
      raw([project, "HOST#1"]),
      raw("HOST#1"),
      raw(null),
      "%%%not-base64%%%",
      "a".repeat(5000),
      // an index cursor on the table
      raw({ pk: project, sk: "HOST#1", gsi1pk: "G", gsi1sk: "s" }),
    ];
    for (const c of bad) expect(() => decodeCursor(c, scope), c.slice(0, 60)).toThrow(/cursor is not valid/);
    // an index list: the table's keys alone, or another index's, are not its cursor
    const gsi = { attr: "gsi1pk", value: "G" };
    expect(() => decodeCursor(raw({ gsi1pk: "G", pk: project, sk: "HOST#1" }), gsi)).toThrow(/cursor/);
    expect(() => decodeCursor(raw({ pk: project, sk: "HOST#1" }), gsi)).toThrow(/cursor/);
    expect(() => decodeCursor(raw({ pk: project, sk: "HOST#1", gsi2pk: "G", gsi2sk: "s" }), gsi)).toThrow(/cursor/);
    expect(() => decodeCursor(raw({ pk: project, sk: "HOST#1", gsi1pk: "H", gsi1sk: "s" }), gsi)).toThrow(/cursor/);
    // an index list with a sort key condition checks the index's sort key
    expect(() => decodeCursor(raw({ pk: "T", sk: "T", gsi1pk: "G", gsi1sk: "P#other#tok" }), { ...gsi, prefix: "P#mine#" })).toThrow(
      /cursor/,
    );
    expect(decodeCursor(raw({ pk: "T", sk: "T", gsi1pk: "G", gsi1sk: "P#mine#tok" }), { ...gsi, prefix: "P#mine#" })).toBeDefined();
  });

  it("recognises DynamoDB's refusal of a start key, and nothing else", () => {
    const v = (message: string) => Object.assign(new Error(message), { name: "ValidationException" });
    expect(isStartKeyRejection(v("The provided starting key does not match the range key predicate"))).toBe(true);
    expect(isStartKeyRejection(v("Exclusive Start Key must have same size as table's key schema"))).toBe(true);
    expect(isStartKeyRejection(v("The provided starting key is outside query boundaries based on provided conditions"))).toBe(true);
    expect(isStartKeyRejection(v("Invalid FilterExpression: too many operators"))).toBe(false);
    expect(isStartKeyRejection(new Error("The provided starting key is invalid"))).toBe(false);
  });
});
