import yaml from "js-yaml";
import { ApiError, type Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { applySets, idempotencyKey, type Manifest, pairs, paramValues, parseManifests, readSource, stableJson } from "../manifests.js";
import type { Plan } from "../plan-view.js";
import { type ResourceDef, resourceOfKind } from "../resources.js";
import { matches, parseSelector } from "../selector.js";
import type { Session } from "../session.js";
import { type DryRunFlags, printPlan, type WaitFlags, waitCluster } from "./clusters.js";
import { bulkResults } from "./hosts.js";
import { resourceArg } from "./read.js";

/** create, apply, patch, delete. */
const out = (t: string) => process.stdout.write(t);

// ---------------------------------------------------------------- create / apply

function scopeFor(s: Session, r: ResourceDef, m: Pick<Manifest, "metadata">): Record<string, string> {
  const domain = m.metadata.domain ?? s.target.domain;
  const project = m.metadata.project ?? s.target.project;
  const need = (v: string | undefined, what: string) => {
    if (!v) throw new CliError(`${r.singular} ${m.metadata.name}: no ${what} (metadata.${what}, --${what} or the context's)`, EXIT.usage);
    return v;
  };
  // under a cluster: the cluster was looked up (Session.useCluster), its domain and project are the context's
  if (r.scope === "cluster") return s.scope(r);
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
  /** resources under a cluster (NodePool) whose manifest names none in metadata.cluster */
  cluster?: string;
}

export async function createOrApply(s: Session, verb: "create" | "apply", o: ManifestFlags): Promise<void> {
  if (!o.filename.length) throw new CliError(`${verb} needs -f FILE (or - for stdin)`, EXIT.usage);
  const manifests = o.filename.flatMap((f) => parseManifests(readSource(f), f));
  for (const m of manifests) {
    const r = resourceOfKind(m.kind);
    if (!r) throw new CliError(`${m.source}: unknown kind ${m.kind}`, EXIT.usage);
    if (!r.paths.create && r.kind !== "ByohBundle")
      throw new CliError(`${m.source}: ${r.plural} cannot be created${r.createdBy ? ` (${r.createdBy})` : ""}`, EXIT.usage);
    if (r.scope === "cluster" && !(m.metadata.cluster ?? o.cluster))
      throw new CliError(`${m.source}: a ${r.kind} belongs to a cluster: metadata.cluster or --cluster`, EXIT.usage);
    await s.useCluster(r, m.metadata.cluster ?? o.cluster);
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
    // a remote management cluster's agent install is in the answer, once: say where to get another
    if (created.agent && r.kind === "ManagementCluster")
      process.stderr.write(
        `its cluster agent is not installed: ckpctl agent-token management-cluster ${m.metadata.name} -f FILE writes a manifest to apply there\n`,
      );
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
  /** cluster from a template: NAME or NAME@VERSION, and its parameters */
  template?: string;
  param?: string[];
  /** node pools: the cluster, and what the pool allows */
  cluster?: string;
  arch?: string[];
  flavor?: string[];
  zone?: string[];
  cpuLimit?: string;
  memoryLimit?: string;
  taint?: string[];
  consolidation?: string;
  consolidateAfter?: string;
  weight?: string;
  /** cluster: further worker pools (`name=…,group=…,count=…[,role=…][,taint=…]`), and the primary pool's roles and taints */
  pool?: string[];
  workerRole?: string[];
  workerTaint?: string[];
}

/**
 * `--pool name=infra,group=infra-hosts,count=2,role=infra,taint=infra=reserved:NoSchedule`: a further
 * worker pool; `role` and `taint` repeat within one --pool (a taint's own `=` stays its value's).
 */
export function parseWorkerPool(spec: string): Record<string, unknown> {
  const pool: { name?: string; hostGroup?: string; count?: number; roles: string[]; taints: Array<ReturnType<typeof parseTaint>> } = {
    roles: [],
    taints: [],
  };
  for (const part of spec
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const eq = part.indexOf("=");
    const [k, v] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    if (k === "name") pool.name = v;
    else if (k === "group" || k === "hostGroup") pool.hostGroup = v;
    else if (k === "count") pool.count = Number(v);
    else if (k === "role" || k === "roles") pool.roles.push(v);
    else if (k === "taint" || k === "taints") pool.taints.push(parseTaint(v));
    else throw new CliError(`--pool ${spec}: unknown key ${k} (name, group, count, role, taint)`, EXIT.usage);
  }
  if (!pool.name || !pool.hostGroup || pool.count === undefined || !Number.isInteger(pool.count))
    throw new CliError(`--pool ${spec}: give at least name=NAME,group=HOST-GROUP,count=N`, EXIT.usage);
  return {
    name: pool.name,
    hostGroup: pool.hostGroup,
    count: pool.count,
    ...(pool.roles.length ? { roles: pool.roles } : {}),
    ...(pool.taints.length ? { taints: pool.taints } : {}),
  };
}

const TAINT = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

/** `--taint key=value:NoSchedule` (or `key:NoExecute`), kubectl's form. */
export function parseTaint(t: string): { key: string; value?: string; effect: string } {
  const m = TAINT.exec(t.trim());
  if (!m) throw new CliError(`--taint ${t}: give key=value:Effect or key:Effect (NoSchedule, PreferNoSchedule, NoExecute)`, EXIT.usage);
  return { key: m[1] as string, ...(m[2] ? { value: m[2] } : {}), effect: m[3] as string };
}

const listed = (v: string[] | undefined) =>
  (v ?? [])
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean);

/** A node pool's create body from `create node-pool NAME` flags. */
function nodePoolSpec(o: CreateFlags): Record<string, unknown> {
  if (!o.cpuLimit)
    throw new CliError("create node-pool needs --cpu-limit (the most CPU the pool's nodes may have together, e.g. 16)", EXIT.usage);
  const spec: Record<string, unknown> = {};
  const requirements = {
    ...(listed(o.arch).length ? { architectures: listed(o.arch) } : {}),
    ...(listed(o.flavor).length ? { flavors: listed(o.flavor) } : {}),
    ...(listed(o.zone).length ? { zones: listed(o.zone) } : {}),
  };
  if (Object.keys(requirements).length) spec.requirements = requirements;
  if (o.taint?.length) spec.taints = o.taint.map(parseTaint);
  spec.limits = { cpu: o.cpuLimit, ...(o.memoryLimit ? { memory: o.memoryLimit } : {}) };
  if (o.consolidation || o.consolidateAfter)
    spec.disruption = {
      ...(o.consolidation ? { consolidationPolicy: o.consolidation } : {}),
      ...(o.consolidateAfter ? { consolidateAfter: o.consolidateAfter } : {}),
    };
  if (o.weight !== undefined) {
    const w = Number(o.weight);
    if (!Number.isInteger(w)) throw new CliError("--weight is a whole number, 1 to 100", EXIT.usage);
    spec.weight = w;
  }
  return spec;
}

export async function createNamed(s: Session, word: string, name: string, o: CreateFlags): Promise<void> {
  const r = resourceArg(word);
  if (!r.paths.create && r.kind !== "ByohBundle")
    throw new CliError(`${r.plural} cannot be created${r.createdBy ? `: ${r.createdBy}` : ""}`, EXIT.usage);
  await s.useCluster(r, o.cluster);
  const spec: Record<string, unknown> = r.kind === "NodePool" ? nodePoolSpec(o) : {};
  if (o.description) spec.description = o.description;
  if (o.label.length) spec.labels = pairs(o.label, "--label");
  if (r.kind === "Cluster" && o.template) {
    const [template, version] = o.template.split("@");
    spec.template = template;
    if (version) spec.version = version;
    spec.parameters = paramValues(o.param ?? []);
  } else if (r.kind === "Cluster") {
    // every missing flag at once, not one per try
    const required = {
      "kubernetes-version": o.kubernetesVersion,
      "provider-cluster": o.providerCluster,
      "host-group": o.hostGroup,
      workers: o.workers,
    };
    const missing = Object.entries(required).flatMap(([flag, v]) => (v ? [] : [`--${flag}`]));
    if (missing.length) throw new CliError(`create cluster needs ${missing.join(", ")} (or --template NAME)`, EXIT.usage);
    spec.kubernetesVersion = o.kubernetesVersion;
    spec.providerCluster = o.providerCluster;
    spec.hostGroup = o.hostGroup;
    spec.workers = Number(o.workers);
    if (o.pool?.length) spec.workerPools = o.pool.map(parseWorkerPool);
    if (listed(o.workerRole).length) spec.workerRoles = listed(o.workerRole);
    if (o.workerTaint?.length) spec.workerTaints = o.workerTaint.map(parseTaint);
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

export async function patch(s: Session, word: string, name: string, o: { patch: string; cluster?: string }): Promise<void> {
  const r = resourceArg(word);
  await s.useCluster(r, o.cluster);
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
  cluster?: string;
}

export async function remove(s: Session, word: string, names: string[], o: DeleteFlags): Promise<void> {
  const r = resourceArg(word);
  if (!r.paths.delete) throw new CliError(`${r.plural} cannot be deleted`, EXIT.usage);
  if (o.force && !r.paths.force) throw new CliError(`${r.plural} have no --force delete`, EXIT.usage);
  await s.useCluster(r, o.cluster);
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
      else out(`${ref} would be ${r.deleteVerb ?? "deleted"} (dry run)\n`);
      continue;
    }
    await s.request("delete", r.paths.delete, { path, query: o.force ? { force: "true" } : {} });
    if (r.kind === "Cluster") {
      out(`${ref} deleting\n`);
      if (o.wait) await waitCluster(s, t as Schemas["Cluster"], o, "deleted");
    } else {
      out(`${ref} ${r.deleteVerb ?? "deleted"}\n`);
      if (r.deleteNote) process.stderr.write(r.deleteNote(t));
    }
  }
}
