import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { CliError, EXIT } from "./errors.js";

/**
 * Manifests for create/apply -f: YAML (one or many documents, `---`) or JSON
 * (an object, an array, or `kind: List` with `items`). Each is
 *
 *   kind: Cluster
 *   metadata: { name: edge-1, domain: acme, project: edge }   # domain/project: else the context's
 *   spec: { kubernetesVersion: v1.31.2, … }                   # the API's create body, less the name
 */
export interface Manifest {
  kind: string;
  /** cluster: for resources under a cluster (NodePool), its name or id (else --cluster) */
  metadata: { name: string; domain?: string; project?: string; scope?: "domain" | "project"; cluster?: string };
  spec: Record<string, unknown>;
  /** where it came from, for messages: file and document number */
  source: string;
}

export function readSource(file: string): string {
  try {
    return file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`, EXIT.usage);
  }
}

export function parseManifests(text: string, file: string): Manifest[] {
  let docs: unknown[];
  try {
    const trimmed = text.trimStart();
    docs = trimmed.startsWith("{") || trimmed.startsWith("[") ? [JSON.parse(text)] : yaml.loadAll(text);
  } catch (e) {
    throw new CliError(`${file}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`, EXIT.usage);
  }
  const flat: unknown[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    if (Array.isArray(d)) flat.push(...d);
    else if ((d as { kind?: string }).kind === "List") flat.push(...(((d as { items?: unknown[] }).items ?? []) as unknown[]));
    else flat.push(d);
  }
  return flat.map((d, i) => {
    const where = `${file}#${i + 1}`;
    if (typeof d !== "object" || d === null)
      throw new CliError(`${where}: a manifest is an object with kind, metadata and spec`, EXIT.usage);
    const m = d as Partial<Manifest> & Record<string, unknown>;
    if (typeof m.kind !== "string") throw new CliError(`${where}: kind is missing`, EXIT.usage);
    if (typeof m.metadata?.name !== "string" || !m.metadata.name) throw new CliError(`${where}: metadata.name is missing`, EXIT.usage);
    const unknown = Object.keys(m).filter((k) => !["apiVersion", "kind", "metadata", "spec"].includes(k));
    if (unknown.length) throw new CliError(`${where}: unknown top-level field(s) ${unknown.join(", ")} (put them under spec)`, EXIT.usage);
    return { kind: m.kind, metadata: m.metadata, spec: (m.spec ?? {}) as Record<string, unknown>, source: where };
  });
}

/** Stable JSON (sorted keys), so the same manifest always gives the same Idempotency-Key. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Idempotency-Key of a create: the same target, path and body give the same key (a retry replays the first answer). */
export function idempotencyKey(server: string, path: string, body: unknown): string {
  return `ckpctl-${createHash("sha256")
    .update(`${server}\n${path}\n${stableJson(body)}`)
    .digest("hex")
    .slice(0, 40)}`;
}

/** `--set a.b=value`: the value is YAML (numbers, booleans, lists), so `--set workers=3` is a number. */
export function applySets(body: Record<string, unknown>, sets: string[]): Record<string, unknown> {
  for (const s of sets) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new CliError(`--set ${s}: expected path=value`, EXIT.usage);
    const keys = s.slice(0, eq).split(".");
    let value: unknown;
    try {
      value = yaml.load(s.slice(eq + 1));
    } catch {
      value = s.slice(eq + 1);
    }
    let at = body;
    for (const k of keys.slice(0, -1)) {
      if (typeof at[k] !== "object" || at[k] === null) at[k] = {};
      at = at[k] as Record<string, unknown>;
    }
    at[keys[keys.length - 1] as string] = value ?? "";
  }
  return body;
}

/** `k=v` pairs into a map. */
export function pairs(list: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new CliError(`${what} ${p}: expected key=value`, EXIT.usage);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** `--param k=v`: a template parameter, its value read as YAML (so 3 is a number and true a boolean). */
export function paramValues(list: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pairs(list, "--param"))) {
    let value: unknown = v;
    try {
      value = yaml.load(v);
    } catch {
      // not YAML: the text itself
    }
    out[k] = value === null || typeof value === "object" ? v : value;
  }
  return out;
}
