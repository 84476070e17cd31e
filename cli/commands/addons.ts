import type { Command, Option } from "commander";
import yaml from "js-yaml";
import type { Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { age, table, tint, toJson, toYaml } from "../format.js";
import { pairs, readSource } from "../manifests.js";
import type { Output } from "../output.js";
import { parseDuration } from "../progress.js";
import type { ResourceDef } from "../resources.js";
import type { Session } from "../session.js";
import { waitCluster } from "./clusters.js";
import { resourceArg } from "./read.js";

/**
 * A cluster's addons (docs/addons.md): `addons cluster NAME` lists them with
 * what the control plane last found in the cluster; `addon cluster NAME
 * ADDON --enable|--disable --set k=v --values FILE` changes one. The same two
 * verbs take an imported cluster, where Velero is the one addon
 * (PATCH …/imported-clusters/{id}/addons/velero, installed by a Helm Job).
 */
type Cluster = Schemas["Cluster"];
type Imported = Schemas["ImportedClusterWithLiveState"];
type ImportedAddon = Schemas["ImportedClusterAddon"];

const out = (t: string) => process.stdout.write(t);
const err = (t: string) => process.stderr.write(t);
const collect = (v: string, prev: string[] = []) => [...prev, v];
const CLUSTER_ADDONS = "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons";
const IMPORTED = "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}";

/** One row of `ckpctl addons`: the same columns for both kinds of cluster. */
export interface AddonRow {
  name: string;
  enabled: boolean;
  version: string;
  state: string;
  since: string;
  message: string;
}

type Target = { kind: "cluster"; r: ResourceDef } | { kind: "imported"; r: ResourceDef };

function targetOf(word: string, verb: string): Target {
  const r = resourceArg(word);
  if (r.kind === "Cluster") return { kind: "cluster", r };
  if (r.kind === "ImportedCluster") return { kind: "imported", r };
  throw new CliError(`${verb} takes cluster or imported-cluster, not ${r.plural}`, EXIT.usage);
}

export function clusterAddonRows(items: Schemas["ClusterAddon"][]): AddonRow[] {
  return items.map((a) => ({
    name: a.name,
    enabled: a.enabled,
    version: a.version ?? "",
    state: a.state,
    since: a.since ?? "",
    message: a.message,
  }));
}

/** An imported cluster's Velero, phase as read from the cluster now; the conditions' last message says why. */
export function importedAddonRows(a: ImportedAddon | undefined): AddonRow[] {
  if (!a) return [{ name: "velero", enabled: false, version: "", state: "Disabled", since: "", message: "never enabled" }];
  const why = [...(a.conditions ?? [])].reverse().find((c) => c.status !== "True") ?? a.conditions?.[0];
  return [
    {
      name: "velero",
      enabled: a.enabled,
      version: a.version ?? "",
      state: a.phase ?? "Unknown",
      since: a.changedAt,
      message: [why?.reason, why?.message].filter(Boolean).join(": ") || `generation ${a.generation}${a.job ? `, Job ${a.job}` : ""}`,
    },
  ];
}

export function formatAddonRows(rows: AddonRow[], now = Date.now()): string {
  return table(
    ["ADDON", "ENABLED", "VERSION", "STATE", "SINCE", "MESSAGE"],
    rows.map((a) => [a.name, a.enabled ? "yes" : "no", a.version, tint(a.state), a.since ? age(a.since, now) : "", a.message]),
  );
}

export async function listAddons(s: Session, word: string, name: string, o: { output?: Output }): Promise<void> {
  const t = targetOf(word, "addons");
  let raw: unknown;
  let rows: AddonRow[];
  if (t.kind === "cluster") {
    const c = (await s.find<Cluster>(t.r, name)).item;
    const { data } = await s.request<{ items: Schemas["ClusterAddon"][] }>("get", CLUSTER_ADDONS, { path: s.itemPath(t.r, c) });
    raw = data.items;
    rows = clusterAddonRows(data.items);
  } else {
    const c = (await s.find<Imported>(t.r, name)).item;
    raw = c.addons ?? {};
    rows = importedAddonRows(c.addons?.velero);
  }
  if (o.output === "json") out(toJson(raw));
  else if (o.output === "yaml") out(toYaml(raw));
  else if (o.output === "name") out(rows.map((a) => `addon/${a.name}\n`).join(""));
  else out(formatAddonRows(rows));
}

/** `--set a.b=c` over `base`: each value read as YAML (3 a number, true a boolean), a dotted key a nested field. */
export function setValues(base: Record<string, unknown>, list: string[]): Record<string, unknown> {
  const outv: Record<string, unknown> = structuredClone(base);
  for (const [key, text] of Object.entries(pairs(list, "--set"))) {
    let value: unknown = text;
    try {
      value = yaml.load(text);
    } catch {
      // not YAML: the text itself
    }
    if (value === null || value === undefined) value = text;
    const path = key.split(".");
    if (path.some((p) => !p)) throw new CliError(`--set ${key}: an empty field name`, EXIT.usage);
    let at = outv;
    for (const p of path.slice(0, -1)) {
      const next = at[p];
      if (next === undefined || next === null || typeof next !== "object" || Array.isArray(next)) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[path[path.length - 1] as string] = value;
  }
  return outv;
}

function valuesFile(file: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = yaml.load(readSource(file));
  } catch (e) {
    throw new CliError(`--values ${file}: not YAML or JSON (${(e as Error).message})`, EXIT.usage);
  }
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new CliError(`--values ${file}: expected a map of values`, EXIT.usage);
  return v as Record<string, unknown>;
}

export interface AddonFlags {
  enable?: boolean;
  disable?: boolean;
  set: string[];
  values?: string;
  wait?: boolean;
  timeout?: string;
}

/** The PATCH body: `enabled` only when asked; values when given, --set going over --values or else the current ones. */
export function addonChange(
  current: Record<string, unknown> | undefined,
  o: AddonFlags,
): { enabled?: boolean; values?: Record<string, unknown> } {
  if (o.enable && o.disable) throw new CliError("--enable and --disable together", EXIT.usage);
  if (o.disable && (o.set.length || o.values)) throw new CliError("--disable takes no --set or --values", EXIT.usage);
  if (!o.enable && !o.disable && !o.set.length && !o.values)
    throw new CliError("say what to change: --enable, --disable, --set k=v or --values FILE", EXIT.usage);
  const base = o.values ? valuesFile(o.values) : (current ?? {});
  const changesValues = Boolean(o.values) || o.set.length > 0;
  return {
    ...(o.enable ? { enabled: true } : o.disable ? { enabled: false } : {}),
    ...(changesValues ? { values: setValues(base, o.set) } : {}),
  };
}

export async function setAddon(s: Session, word: string, name: string, addon: string, o: AddonFlags): Promise<void> {
  const t = targetOf(word, "addon");
  if (t.kind === "cluster") {
    const c = (await s.find<Cluster>(t.r, name)).item;
    const current = (c.addons as Record<string, { values?: Record<string, unknown> } | undefined> | undefined)?.[addon]?.values;
    const body = addonChange(current, o);
    const { data } = await s.request<Cluster>("patch", `${CLUSTER_ADDONS}/${encodeURIComponent(addon)}`, {
      path: s.itemPath(t.r, c),
      body,
    });
    const now = (data.addons as Record<string, { enabled?: boolean } | undefined> | undefined)?.[addon];
    out(`cluster/${c.name} addon ${addon}: ${now?.enabled === false ? "disabled" : "enabled"} (${data.phase})\n`);
    if (o.wait) await waitCluster(s, c, o, "ready");
    return;
  }
  const c = (await s.find<Imported>(t.r, name)).item;
  const body = addonChange(c.addons?.velero?.values, o);
  const { data } = await s.request<{ addons?: { velero?: ImportedAddon } }>("patch", `${IMPORTED}/addons/${encodeURIComponent(addon)}`, {
    path: s.itemPath(t.r, c),
    body,
  });
  const a = data.addons?.velero;
  out(`imported-cluster/${c.name} addon ${addon}: ${a?.enabled ? "enabled" : "disabled"}, generation ${a?.generation ?? "?"}\n`);
  if (o.wait) await waitImportedAddon(s, t.r, c, Boolean(a?.enabled), parseDuration(o.timeout ?? "15m"));
}

/** Reads the imported cluster until its Velero is Ready (or Disabled, when turned off); Failed exits 5, the time limit 6. */
async function waitImportedAddon(s: Session, r: ResourceDef, c: Imported, enabled: boolean, timeoutMs: number): Promise<void> {
  const goal = enabled ? "Ready" : "Disabled";
  const started = Date.now();
  let last = "";
  for (;;) {
    const { data } = await s.request<Imported>("get", IMPORTED, { path: s.itemPath(r, c) });
    const [row] = importedAddonRows(data.addons?.velero);
    const line = `${row?.state}${row?.message ? `: ${row.message}` : ""}`;
    if (line !== last) err(`imported-cluster/${c.name} velero ${line}\n`);
    last = line;
    if (row?.state === goal) return;
    if (row?.state === "Failed") throw new CliError(`imported-cluster/${c.name} velero failed: ${row.message}`, EXIT.failed);
    if (Date.now() - started > timeoutMs)
      throw new CliError(`imported-cluster/${c.name} velero is still ${row?.state} after ${Math.round(timeoutMs / 1000)}s`, EXIT.timeout);
    await new Promise((ok) => setTimeout(ok, 2000));
  }
}

export function addonCommands(p: Command, session: (cmd: Command) => Session, outputOption: () => Option): void {
  p.command("addons")
    .description("list a cluster's addons (CNI, storage plugin, Velero, Karpenter; Velero on an imported cluster) and their health")
    .argument("<type>", "cluster or imported-cluster")
    .argument("<name>")
    .addOption(outputOption())
    .action(async (type: string, name: string, o, cmd: Command) => listAddons(session(cmd), type, name, o));

  p.command("addon")
    .description(
      "change one addon of a cluster: --enable or --disable it (optional addons: Velero, Karpenter), or set its values (--set k=v, --values FILE); a cluster runs its addons operation",
    )
    .argument("<type>", "cluster or imported-cluster")
    .argument("<name>")
    .argument("<addon>", "cilium, calico, flannel, ceph-rbd-csi, velero or karpenter (GET /v1/addons)")
    .option("--enable", "turn the addon on")
    .option("--disable", "turn the addon off")
    .option("--set <k=v>", "a value over the current ones, read as YAML; a.b=c sets a nested field (repeat)", collect, [])
    .option("--values <file>", "the addon's values from a YAML or JSON file (- for stdin), replacing the current ones")
    .option("--wait", "wait until the cluster is Ready again (an imported cluster: until the addon is Ready, or Disabled)")
    .option("--timeout <duration>", "how long --wait waits (e.g. 15m)")
    .action(async (type: string, name: string, addon: string, o, cmd: Command) => setAddon(session(cmd), type, name, addon, o));
}
