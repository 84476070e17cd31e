import { CliError, EXIT } from "./errors.js";
import { table, tint, toJson, toYaml } from "./format.js";
import type { ResourceDef } from "./resources.js";

/** -o: how objects are printed. */
export const OUTPUTS = ["table", "wide", "json", "yaml", "name"] as const;
export type Output = (typeof OUTPUTS)[number];

export function outputOf(o: string | undefined): Output {
  const v = o ?? "table";
  if (!(OUTPUTS as readonly string[]).includes(v)) throw new CliError(`-o ${v}: use one of ${OUTPUTS.join(", ")}`, EXIT.usage);
  return v as Output;
}

export function rows<T>(r: ResourceDef<T>, items: T[], wide: boolean): { headers: string[]; rows: string[][] } {
  const cols = r.columns.filter((c) => wide || !c.wide);
  return { headers: cols.map((c) => c.header), rows: items.map((o) => cols.map((c) => tint(c.value(o)))) };
}

/** A list in the chosen format; -o json|yaml prints a list object like kubectl's. */
export function formatList<T>(r: ResourceDef<T>, items: T[], out: Output, o: { noHeaders?: boolean } = {}): string {
  switch (out) {
    case "json":
      return toJson({ kind: "List", items });
    case "yaml":
      return toYaml({ kind: "List", items });
    case "name":
      return items.map((i) => `${r.singular}/${r.name(i)}\n`).join("");
    default: {
      if (items.length === 0) return "";
      const t = rows(r, items, out === "wide");
      const text = table(t.headers, t.rows);
      return o.noHeaders ? text.split("\n").slice(1).join("\n") : text;
    }
  }
}

export function formatOne<T>(r: ResourceDef<T>, item: T, out: Output): string {
  if (out === "json") return toJson(item);
  if (out === "yaml") return toYaml(item);
  return formatList(r, [item], out);
}
