import { createHash } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import { hostGroupMembersPk, type ProjectRef } from "../store/keys.js";

/**
 * Where in a group's members index a cluster starts looking for free hosts
 * (core/clusters/hosts.ts `freeHosts`). Reading every member to spread
 * clusters over them cost each create a read of the whole group, twice (the
 * API's check and `assign-hosts`): 165 items a create at 50 clusters, and a
 * create's reads growing with the fleet. Instead each cluster starts at a
 * point of its own between the index's first and last member, and reads on
 * from there (wrapping round) only until it has a few times the hosts it
 * needs to pick among.
 */

/** How long the index's first and last member are taken as known: they only bound where clusters start. */
const BOUNDS_TTL_MS = 60_000;
const bounds = new Map<string, { first: string; last: string; at: number }>();

/**
 * The group's first and last member (their index sort keys), two one-item
 * reads a minute per group and process: a bound out of date only moves
 * where some clusters start, since every read wraps round the whole index.
 */
export async function groupBounds(deps: Deps, t: ProjectRef, group: string): Promise<{ first: string; last: string } | undefined> {
  const pk = hostGroupMembersPk(t, group);
  const key = `${deps.table}/${pk}`;
  const now = Date.now();
  const known = bounds.get(key);
  if (known && now - known.at < BOUNDS_TTL_MS) return known;
  const end = async (forward: boolean) => {
    const r = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ProjectionExpression: "gsi2sk",
        ScanIndexForward: forward,
        Limit: 1,
      }),
    );
    return r.Items?.[0]?.gsi2sk as string | undefined;
  };
  const [first, last] = await Promise.all([end(true), end(false)]);
  if (first === undefined || last === undefined) {
    bounds.delete(key);
    return undefined;
  }
  const b = { first, last, at: now };
  bounds.set(key, b);
  return b;
}

/** A cluster's own fraction in [0, 1), the same at every read. */
export function spreadFraction(spreadFor: string): number {
  return createHash("sha256").update(spreadFor).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** Ids are lowercase letters and digits past their type prefix; 0 stands for the string's end. */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const BASE = ALPHABET.length + 1;
/** Characters past the shared prefix that the interpolation looks at (37^10 < 2^53). */
const DIGITS = 10;

/**
 * A key between `first` and `last` at `fraction` of the way: the characters
 * after their shared prefix read as digits over the ids' alphabet (in the
 * order DynamoDB compares them, by their bytes), interpolated and written
 * back. The key need not be an id: it is where a range read starts.
 */
export function keyBetween(first: string, last: string, fraction: number): string {
  if (first >= last) return first;
  let p = 0;
  while (p < first.length && first[p] === last[p]) p++;
  const digit = (c: string | undefined) => {
    if (c === undefined) return 0;
    const i = ALPHABET.indexOf(c);
    if (i >= 0) return i + 1;
    // outside the alphabet: where it sorts among it
    return c < "0" ? 0 : c > "z" ? BASE - 1 : ALPHABET.split("").filter((a) => a < c).length;
  };
  const value = (s: string) => {
    let v = 0;
    for (let i = 0; i < DIGITS; i++) v = v * BASE + digit(s[p + i]);
    return v;
  };
  const lo = value(first);
  const hi = value(last);
  let v = lo + Math.floor((hi - lo) * Math.min(Math.max(fraction, 0), 1));
  const digits: number[] = [];
  for (let i = 0; i < DIGITS; i++) {
    digits.unshift(v % BASE);
    v = Math.floor(v / BASE);
  }
  while (digits.at(-1) === 0) digits.pop();
  // a string's end within the key reads as the alphabet's first character, a hair later: the read misses nothing
  return first.slice(0, p) + digits.map((d) => ALPHABET[Math.max(d - 1, 0)]).join("");
}
