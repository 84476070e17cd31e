import yaml from "js-yaml";
import { ApiError, type Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { table, tint, toJson, toYaml } from "../format.js";
import { applySets, idempotencyKey, type Manifest, pairs, parseManifests, readSource, stableJson } from "../manifests.js";
import type { Output } from "../output.js";
import { formatPlan, type Plan, planOk } from "../plan-view.js";
import { parseDuration, waitForCluster } from "../progress.js";
import { type ResourceDef, resourceNamed, resourceOfKind } from "../resources.js";
import { matches, parseSelector } from "../selector.js";
import type { Session } from "../session.js";
import { resourceArg } from "./read.js";

/** create, apply, patch, delete, approve/reject, scale, upgrade, wait. */
const out = (t: string) => process.stdout.write(t);

export interface WaitFlags {
  wait?: boolean;
  timeout?: string;
}

export interface DryRunFlags {
  dryRun?: boolean;
  output?: Output;
  verbose?: boolean;
}

const CLUSTERS = () => resourceNamed("clusters") as ResourceDef<Schemas["Cluster"]>;

/** Prints a plan (or its JSON/YAML); a plan that would be refused, or whose checks fail, exits 1. */
function printPlan(p: Plan, o: DryRunFlags): void {
  if (o.output === "json") out(toJson(p));
  else if (o.output === "yaml") out(toYaml(p));
  else out(formatPlan(p, { verbose: o.verbose }));
  if (!planOk(p))
    throw new CliError(
      p.refusal ? `the ${p.operation} would be refused: ${p.refusal.message}` : `the ${p.operation} plan has failing checks`,
    );
}

async function waitCluster(s: Session, c: Schemas["Cluster"], f: WaitFlags, goal: "ready" | "deleted"): Promise<void> {
  await waitForCluster(s, s.itemPath(CLUSTERS(), c), c.name, { for: goal, timeoutMs: parseDuration(f.timeout ?? "60m") });
}

// ---------------------------------------------------------------- create / apply

function scopeFor(s: Session, r: ResourceDef, m: Pick<Manifest, "metadata">): Record<string, string> {
  const domain = m.metadata.domain ?? s.target.domain;
  const project = m.metadata.project ?? s.target.project;
  const need = (v: string | undefined, what: string) => {
    if (!v) throw new CliError(`${r.singular} ${m.metadata.name}: no ${what} (metadata.${what}, --${what} or the context's)`, EXIT.usage);
    return v;
  };
  if (r.scope === "project" && !(r.kind === "ProviderCluster" && m.metadata.scope === "domain")) {
    return { domain: need(domain, "domain"), project: need(project, "project") };
  }
  if (r.scope === "domain" || r.kind === "ProviderCluster") return { domain: need(domain, "domain") };
  return {};
}

/** A provider cluster with metadata.scope: domain lives at the domain's paths. */
function pathsFor(r: ResourceDef, m: Pick<Manifest, "metadata">): ResourceDef["paths"] {
  if (r.kind === "ProviderCluster" && m.metadata.scope === "domain") {
    return {
      create: "/v1/domains/{domain}/provider-clusters",
      get: "/v1/domains/{domain}/provider-clusters/{name}",
      update: { path: "/v1/domains/{domain}/provider-clusters/{name}", method: "PUT" },
      delete: "/v1/domains/{domain}/provider-clusters/{name}",
    };
  }
  return r.paths;
}

/** The existing object a manifest names, if any. */
async function existing(s: Session, r: ResourceDef, m: Manifest, scope: Record<string, string>) {
  const paths = pathsFor(r, m);
  if (r.kind === "Token" || r.lookupByName) {
    // keyed by id: found by name in the list
    const items = await s.list(r, r.kind === "Token" ? {} : {});
    const hit = items.find(
      (o) => r.name(o) === m.metadata.name || (r.kind === "Token" && (o as { name?: string }).name === m.metadata.name),
    );
    if (!hit || !paths.get) return hit ? { item: hit, etag: null } : undefined;
    const { data, response } = await s.request("get", paths.get, { path: { ...scope, ...r.itemParams(r.key(hit)) } });
    return { item: data as Record<string, unknown>, etag: response.headers.get("etag") };
  }
  if (!paths.get) return undefined;
  try {
    const { data, response } = await s.request("get", paths.get, { path: { ...scope, ...r.itemParams(m.metadata.name) } });
    return { item: data as Record<string, unknown>, etag: response.headers.get("etag") };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

function bodyOf(r: ResourceDef, m: Manifest): Record<string, unknown> {
  return r.kind === "ByohBundle" ? { ...m.spec } : { name: m.metadata.name, ...m.spec };
}

/**
 * Whether the object already is what the manifest says: every field the
 * manifest sets, recursively (the object may hold more — defaults, versions
 * the server filled in); a reference by name matches an object's {id, name}.
 */
export function sameAs(desired: unknown, live: unknown): boolean {
  if (typeof desired === "string" && live && typeof live === "object" && !Array.isArray(live)) {
    const ref = live as { id?: unknown; name?: unknown };
    if (desired === ref.name || desired === ref.id) return true;
  }
  if (desired && typeof desired === "object" && !Array.isArray(desired)) {
    if (!live || typeof live !== "object" || Array.isArray(live)) return false;
    return Object.entries(desired).every(([k, v]) => sameAs(v, (live as Record<string, unknown>)[k]));
  }
  return stableJson(desired) === stableJson(live);
}

/** Fields of the manifest that differ from the object (only fields the object shows: secrets are write-only). */
function differing(spec: Record<string, unknown>, live: Record<string, unknown>): string[] {
  return Object.keys(spec).filter((k) => k in live && !sameAs(spec[k], live[k]));
}

export interface ManifestFlags extends WaitFlags, DryRunFlags {
  filename: string[];
}

export async function createOrApply(s: Session, verb: "create" | "apply", o: ManifestFlags): Promise<void> {
  if (!o.filename.length) throw new CliError(`${verb} needs -f FILE (or - for stdin)`, EXIT.usage);
  const manifests = o.filename.flatMap((f) => parseManifests(readSource(f), f));
  for (const m of manifests) {
    const r = resourceOfKind(m.kind);
    if (!r) throw new CliError(`${m.source}: unknown kind ${m.kind}`, EXIT.usage);
    if (!r.paths.create && r.kind !== "ByohBundle") throw new CliError(`${m.source}: ${r.plural} cannot be created`, EXIT.usage);
    await applyOne(s, verb, r, m, o);
  }
}

async function applyOne(s: Session, verb: "create" | "apply", r: ResourceDef, m: Manifest, o: ManifestFlags): Promise<void> {
  const scope = scopeFor(s, r, m);
  const paths = pathsFor(r, m);
  const body = bodyOf(r, m);
  const ref = `${r.singular}/${m.metadata.name}`;
  const found = verb === "apply" || o.dryRun ? await existing(s, r, m, scope) : undefined;

  if (!found) {
    if (r.kind === "Cluster" && o.dryRun) {
      const { data } = await s.request<Plan>("post", paths.create as string, { path: scope, query: { dryRun: "true" }, body });
      printPlan(data, o);
      return;
    }
    if (o.dryRun) {
      out(`${ref} would be created (dry run)\n`);
      return;
    }
    let created: Record<string, unknown>;
    if (r.kind === "ByohBundle") {
      created = (await s.request<Record<string, unknown>>("put", r.paths.get as string, { path: r.itemParams(m.metadata.name), body }))
        .data;
    } else {
      const createPath = paths.create as string;
      created = (
        await s.request<Record<string, unknown>>("post", createPath, {
          path: scope,
          body,
          headers: { "idempotency-key": idempotencyKey(s.target.server, `${createPath}:${stableJson(scope)}`, body) },
        })
      ).data;
    }
    out(`${ref} created\n`);
    // a new token's secret is shown once
    if (typeof created.token === "string") out(`token: ${created.token}\n`);
    if (r.kind === "Cluster" && o.wait) await waitCluster(s, created as unknown as Schemas["Cluster"], o, "ready");
    return;
  }
  if (verb === "create") throw new CliError(`${ref} already exists (apply changes it)`, EXIT.error);

  const live = found.item as Record<string, unknown>;
  const spec = r.kind === "ByohBundle" ? m.spec : m.spec;
  const diff = differing(spec, live);
  if (diff.length === 0) {
    out(`${ref} unchanged${o.dryRun ? " (dry run)" : ""}\n`);
    if (r.kind === "Cluster" && o.wait && !o.dryRun) await waitCluster(s, live as unknown as Schemas["Cluster"], o, "ready");
    return;
  }
  if (r.kind === "ByohBundle") {
    if (o.dryRun) out(`${ref} would be configured: ${diff.join(", ")} (dry run)\n`);
    else {
      await s.request("put", r.paths.get as string, { path: r.itemParams(m.metadata.name), body });
      out(`${ref} configured\n`);
    }
    return;
  }
  const fixed = diff.filter((k) => !(r.updatable ?? []).includes(k));
  if (fixed.length) {
    const hint =
      r.kind === "Cluster"
        ? fixed.includes("workers")
          ? ` (ckpctl scale cluster ${m.metadata.name} --workers N)`
          : fixed.includes("kubernetesVersion")
            ? ` (ckpctl upgrade cluster ${m.metadata.name} --to VERSION)`
            : ""
        : "";
    throw new CliError(`${ref}: ${fixed.join(", ")} cannot be changed by apply${hint}`, EXIT.error);
  }
  if (o.dryRun) {
    out(`${ref} would be configured: ${diff.map((k) => `${k}: ${stableJson(live[k])} → ${stableJson(spec[k])}`).join("; ")} (dry run)\n`);
    return;
  }
  await update(s, r, paths, live, found.etag, Object.fromEntries(diff.map((k) => [k, spec[k]])), scope);
  out(`${ref} configured\n`);
}

async function update(
  s: Session,
  r: ResourceDef,
  paths: ResourceDef["paths"],
  live: Record<string, unknown>,
  etag: string | null,
  changes: Record<string, unknown>,
  scope: Record<string, string>,
): Promise<unknown> {
  if (!paths.update) throw new CliError(`${r.plural} cannot be changed`, EXIT.usage);
  const headers = etag ? { "if-match": etag } : undefined;
  const path = { ...scope, ...r.itemParams(r.key(live)) };
  let body: Record<string, unknown> = changes;
  if (paths.update.method === "PUT") {
    // PUT replaces: the object's settable fields, with the changes over them
    const base = Object.fromEntries((r.updatable ?? []).filter((k) => k in live).map((k) => [k, live[k]]));
    if (base.managementCluster && typeof base.managementCluster === "object")
      base.managementCluster = (base.managementCluster as { name: string }).name;
    body = { ...base, ...changes };
    if (body.managementCluster !== undefined && body.placement !== undefined) {
      if ("placement" in changes) delete body.managementCluster;
      else delete body.placement;
    }
  }
  return (
    await s.request(paths.update.method === "PUT" ? "put" : "patch", paths.update.path, { path, body, ...(headers ? { headers } : {}) })
  ).data;
}

/** `create <type> <name>`: the create body from flags (--set path=value, and a cluster's own flags). */
export interface CreateFlags extends WaitFlags, DryRunFlags {
  set: string[];
  label: string[];
  kubernetesVersion?: string;
  providerCluster?: string;
  hostGroup?: string;
  workers?: string;
  cni?: string;
  machinesOs?: string;
  machinesArch?: string;
  endpoint?: string;
  role?: string;
  description?: string;
}

export async function createNamed(s: Session, word: string, name: string, o: CreateFlags): Promise<void> {
  const r = resourceArg(word);
  const spec: Record<string, unknown> = {};
  if (o.description) spec.description = o.description;
  if (o.label.length) spec.labels = pairs(o.label, "--label");
  if (r.kind === "Cluster") {
    const need = (v: string | undefined, flag: string) => {
      if (!v) throw new CliError(`create cluster needs --${flag}`, EXIT.usage);
      return v;
    };
    spec.kubernetesVersion = need(o.kubernetesVersion, "kubernetes-version");
    spec.providerCluster = need(o.providerCluster, "provider-cluster");
    spec.hostGroup = need(o.hostGroup, "host-group");
    spec.workers = Number(need(o.workers, "workers"));
    if (o.cni) spec.cni = { name: o.cni };
    if (o.machinesOs || o.machinesArch)
      spec.machines = { ...(o.machinesOs ? { os: o.machinesOs } : {}), ...(o.machinesArch ? { arch: o.machinesArch } : {}) };
    if (o.endpoint) {
      const [host, port] = o.endpoint.split(":");
      spec.controlPlaneEndpoint = { host, ...(port ? { port: Number(port) } : {}) };
    }
  }
  if (r.kind === "Token") {
    if (!o.role) throw new CliError("create token needs --role", EXIT.usage);
    spec.role = o.role;
    if (s.target.domain && o.role !== "platform-admin") spec.domain = s.target.domain;
    if (s.target.project && /^(project-|viewer)/.test(o.role)) spec.project = s.target.project;
  }
  applySets(spec, o.set);
  await applyOne(s, "create", r, { kind: r.kind, metadata: { name }, spec, source: `${r.singular}/${name}` }, { ...o, filename: [] });
}

// ---------------------------------------------------------------- patch

export async function patch(s: Session, word: string, name: string, o: { patch: string }): Promise<void> {
  const r = resourceArg(word);
  if (!r.paths.update) throw new CliError(`${r.plural} cannot be patched`, EXIT.usage);
  let changes: unknown;
  try {
    changes = yaml.load(o.patch);
  } catch (e) {
    throw new CliError(`-p: not valid JSON or YAML: ${(e as Error).message.split("\n")[0]}`, EXIT.usage);
  }
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) throw new CliError("-p must be an object", EXIT.usage);
  const found = await s.find(r, name);
  await update(s, r, r.paths, found.item as Record<string, unknown>, found.etag, changes as Record<string, unknown>, s.scope(r));
  out(`${r.singular}/${r.name(found.item)} patched\n`);
}

// ---------------------------------------------------------------- delete

export interface DeleteFlags extends WaitFlags, DryRunFlags {
  force?: boolean;
  selector?: string;
  ignoreNotFound?: boolean;
}

export async function remove(s: Session, word: string, names: string[], o: DeleteFlags): Promise<void> {
  const r = resourceArg(word);
  if (!r.paths.delete) throw new CliError(`${r.plural} cannot be deleted`, EXIT.usage);
  if (o.force && !r.paths.force) throw new CliError(`${r.plural} have no --force delete`, EXIT.usage);
  let targets: unknown[] = [];
  if (o.selector) {
    if (!r.labels) throw new CliError(`${r.plural} have no labels to select by`, EXIT.usage);
    const reqs = parseSelector(o.selector);
    targets = (await s.list(r)).filter((i) => matches((r.labels as (x: unknown) => Record<string, string>)(i), reqs));
  }
  for (const n of names) {
    try {
      targets.push((await s.find(r, n)).item);
    } catch (e) {
      if (!(o.ignoreNotFound && e instanceof CliError && e.code === EXIT.notFound)) throw e;
    }
  }
  if (!targets.length) {
    if (names.length === 0 && !o.selector) throw new CliError(`name the ${r.plural} to delete, or give -l`, EXIT.usage);
    out(`no ${r.plural} to delete\n`);
    return;
  }
  // several hosts at once: one bulk request, a result per host
  if (r.kind === "Host" && targets.length > 1 && !o.dryRun) {
    const { data } = await s.request<Schemas["BulkResult"]>("post", "/v1/domains/{domain}/projects/{project}/hosts/bulk-delete", {
      path: s.scope(r),
      query: o.force ? { force: "true" } : {},
      body: { ids: targets.map((t) => r.key(t)) },
    });
    bulkResults(data, "deleted");
    return;
  }
  for (const t of targets) {
    const path = s.itemPath(r, t);
    const ref = `${r.singular}/${r.name(t)}`;
    if (o.dryRun) {
      if (r.kind === "Cluster") printPlan((await s.request<Plan>("delete", r.paths.delete, { path, query: { dryRun: "true" } })).data, o);
      else out(`${ref} would be deleted (dry run)\n`);
      continue;
    }
    await s.request("delete", r.paths.delete, { path, query: o.force ? { force: "true" } : {} });
    if (r.kind === "Cluster") {
      out(`${ref} deleting\n`);
      if (o.wait) await waitCluster(s, t as Schemas["Cluster"], o, "deleted");
    } else out(`${ref} deleted\n`);
  }
}

// ---------------------------------------------------------------- approve / reject

/** Prints a bulk answer's per-item results; some failed → EXIT.partial. */
export function bulkResults(data: Schemas["BulkResult"], okOutcome: string, labels: Map<string, string> = new Map()): void {
  out(
    table(
      ["ID", ...(labels.size ? ["HOSTNAME"] : []), "OUTCOME", "ERROR"],
      data.results.map((x) => [
        x.id,
        ...(labels.size ? [labels.get(x.id) ?? ""] : []),
        tint(x.outcome),
        x.error ? `${x.error.title} (${x.error.status} ${x.error.code}): ${x.error.detail}` : "",
      ]),
    ),
  );
  const failed = data.results.filter((x) => x.error || x.outcome === "failed");
  const ok = data.results.length - failed.length;
  process.stderr.write(`${ok} ${okOutcome}, ${failed.length} failed\n`);
  if (failed.length) throw new CliError(`${failed.length} of ${data.results.length} failed`, EXIT.partial);
}

export async function decide(
  s: Session,
  verb: "approve" | "reject",
  word: string,
  ids: string[],
  o: { selector?: string; allPending?: boolean; reason?: string },
): Promise<void> {
  const r = resourceArg(word);
  if (r.kind !== "HostRequest") throw new CliError(`${verb} takes host requests (ckpctl ${verb} host-request ID…)`, EXIT.usage);
  const base = "/v1/domains/{domain}/projects/{project}/host-requests";
  const scope = s.scope(r);
  const names = new Map<string, string>();
  let chosen = [...ids];
  if (o.selector || o.allPending) {
    const reqs = o.selector ? parseSelector(o.selector) : [];
    const pending = (await s.list<Schemas["HostRequest"]>(r, { status: "pending" })).filter((x) =>
      matches((r.labels as (x: unknown) => Record<string, string>)(x), reqs),
    );
    for (const p of pending) names.set(p.id, p.hostname);
    chosen.push(...pending.map((p) => p.id));
    chosen = [...new Set(chosen)];
  }
  if (!chosen.length) {
    if (o.selector || o.allPending) {
      out("no pending host requests match\n");
      return;
    }
    throw new CliError(`name the host requests to ${verb}, or give -l SELECTOR or --all-pending`, EXIT.usage);
  }
  const body = verb === "reject" ? { ...(o.reason ? { reason: o.reason } : {}) } : undefined;
  if (chosen.length === 1 && !o.selector && !o.allPending) {
    const id = chosen[0] as string;
    const { data } = await s.request<Schemas["HostRequest"]>("post", `${base}/{id}/${verb}`, {
      path: { ...scope, id },
      ...(body ? { body } : {}),
    });
    out(`host-request/${data.id} ${data.status}${data.hostId ? ` (host ${data.hostId})` : ""}\n`);
    return;
  }
  const { data } = await s.request<Schemas["BulkResult"]>("post", `${base}/bulk-${verb}`, {
    path: scope,
    body: { ids: chosen, ...(verb === "reject" && o.reason ? { reason: o.reason } : {}) },
  });
  bulkResults(data, verb === "approve" ? "approved" : "rejected", names);
}

// ---------------------------------------------------------------- scale / upgrade / wait

async function clusterNamed(s: Session, word: string, name: string): Promise<Schemas["Cluster"]> {
  const r = resourceArg(word);
  if (r.kind !== "Cluster") throw new CliError(`only clusters can be scaled, upgraded or waited for (not ${r.plural})`, EXIT.usage);
  return (await s.find<Schemas["Cluster"]>(r, name)).item;
}

export async function scale(s: Session, word: string, name: string, o: WaitFlags & DryRunFlags & { workers?: string }): Promise<void> {
  const workers = Number(o.workers);
  if (!o.workers || !Number.isInteger(workers) || workers < 1)
    throw new CliError("scale needs --workers N (a whole number, at least 1)", EXIT.usage);
  const c = await clusterNamed(s, word, name);
  const path = s.itemPath(CLUSTERS(), c);
  if (o.dryRun) {
    printPlan(
      (
        await s.request<Plan>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/scale", {
          path,
          query: { dryRun: "true" },
          body: { workers },
        })
      ).data,
      o,
    );
    return;
  }
  const { data } = await s.request<Schemas["Cluster"]>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/scale", {
    path,
    body: { workers },
  });
  out(`cluster/${c.name} scaling: ${c.workers} → ${workers} worker(s)${data.phase === "Ready" ? " (nothing to do)" : ""}\n`);
  if (o.wait) await waitCluster(s, c, o, "ready");
}

export async function upgrade(s: Session, word: string, name: string, o: WaitFlags & DryRunFlags & { to?: string }): Promise<void> {
  if (!o.to) throw new CliError("upgrade needs --to VERSION (ckpctl get kubernetes-versions lists the targets)", EXIT.usage);
  const c = await clusterNamed(s, word, name);
  const path = s.itemPath(CLUSTERS(), c);
  const body = { kubernetesVersion: o.to };
  if (o.dryRun) {
    printPlan(
      (
        await s.request<Plan>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/upgrade", {
          path,
          query: { dryRun: "true" },
          body,
        })
      ).data,
      o,
    );
    return;
  }
  await s.request("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/upgrade", { path, body });
  out(`cluster/${c.name} upgrading: ${c.kubernetesVersion} → ${o.to}\n`);
  if (o.wait) await waitCluster(s, c, o, "ready");
}

export async function waitCmd(s: Session, word: string, name: string, o: { for?: string; timeout?: string }): Promise<void> {
  const goal = (o.for ?? "ready").replace(/^condition=/i, "").toLowerCase();
  if (goal !== "ready" && goal !== "deleted" && goal !== "delete") throw new CliError("--for is ready or deleted", EXIT.usage);
  const c = await clusterNamed(s, word, name);
  await waitCluster(s, c, o, goal === "ready" ? "ready" : "deleted");
}

// ---------------------------------------------------------------- hosts into and out of groups

/** add-hosts / remove-hosts: hosts by id or hostname, or -l selector over their labels; one bulk request. */
export async function groupHosts(
  s: Session,
  verb: "add" | "remove",
  group: string,
  refs: string[],
  o: { selector?: string },
): Promise<void> {
  const r = resourceNamed("hosts") as ResourceDef<Schemas["Host"]>;
  const hosts = await s.list<Schemas["Host"]>(r);
  const chosen = new Map<string, string>();
  for (const ref of refs) {
    const h = hosts.find((x) => x.id === ref || x.hostname === ref);
    if (!h) throw new CliError(`host ${ref} not found`, EXIT.notFound);
    chosen.set(h.id, h.hostname);
  }
  if (o.selector) {
    const reqs = parseSelector(o.selector);
    for (const h of hosts.filter((x) => matches(x.labels ?? {}, reqs))) chosen.set(h.id, h.hostname);
  }
  if (!chosen.size) throw new CliError(`name the hosts to ${verb}, or give -l SELECTOR`, EXIT.usage);
  const { data } = await s.request<Schemas["BulkResult"]>(
    "post",
    `/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-${verb}`,
    {
      path: { ...s.scope(r), name: group },
      body: { ids: [...chosen.keys()] },
    },
  );
  bulkResults(data, verb === "add" ? "added" : "removed", chosen);
}
