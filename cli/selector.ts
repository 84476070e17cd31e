import { CliError, EXIT } from "./errors.js";

/**
 * Label selectors as kubectl takes them: `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k` (exists) and `!k`, comma-separated, all must hold.
 */
export type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" };

export function parseSelector(text: string): Requirement[] {
  const out: Requirement[] = [];
  // split on commas that are not inside parentheses
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    const set = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
    const eq = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(p);
    const absent = /^!\s*([^\s!=(),]+)$/.exec(p);
    const present = /^([^\s!=(),]+)$/.exec(p);
    if (set) {
      const values = (set[3] as string)
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      out.push({ key: set[1] as string, op: set[2] as "in" | "notin", values });
    } else if (eq) out.push({ key: eq[1] as string, op: eq[2] === "!=" ? "!=" : "=", value: eq[3] as string });
    else if (absent) out.push({ key: absent[1] as string, op: "!exists" });
    else if (present) out.push({ key: present[1] as string, op: "exists" });
    else throw new CliError(`selector "${p}" is not one of k=v, k!=v, k in (a,b), k notin (a,b), k, !k`, EXIT.usage);
  }
  return out;
}

export function matches(labels: Record<string, string>, reqs: Requirement[]): boolean {
  return reqs.every((r) => {
    const v = labels[r.key];
    switch (r.op) {
      case "=":
        return v === r.value;
      case "!=":
        return v !== r.value;
      case "in":
        return v !== undefined && r.values.includes(v);
      case "notin":
        return v === undefined || !r.values.includes(v);
      case "exists":
        return v !== undefined;
      case "!exists":
        return v === undefined;
      default:
        return false;
    }
  });
}

/** The equality terms a server-side `label=` filter can take (hosts); the rest is matched here. */
export function equalityTerms(reqs: Requirement[]): string | undefined {
  const eq = reqs.filter((r): r is Extract<Requirement, { op: "=" | "!=" }> => r.op === "=");
  return eq.length ? eq.map((r) => `${r.key}=${r.value}`).join(",") : undefined;
}
