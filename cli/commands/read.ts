import yaml from "js-yaml";
import type { Schemas } from "../api/client.js";
import { pc } from "../colors.js";
import { CliError, EXIT } from "../errors.js";
import { age, duration, field, indent, table, tint, toYaml } from "../format.js";
import { describeImportedCluster, tunnelLine } from "../imported-view.js";
import { formatList, formatOne, type Output } from "../output.js";
import { RESOURCES, type ResourceDef, resourceNamed } from "../resources.js";
import { equalityTerms, matches, parseSelector, type Requirement } from "../selector.js";
import type { Session } from "../session.js";

/** get and describe: reading resources. */
export function resourceArg(word: string | undefined): ResourceDef {
  if (!word) throw new CliError(`name a resource type: ${RESOURCES.map((r) => r.plural).join(", ")}`, EXIT.usage);
  const r = resourceNamed(word);
  if (!r) throw new CliError(`unknown resource type ${word}; known: ${RESOURCES.map((r) => r.plural).join(", ")}`, EXIT.usage);
  return r;
}

export interface GetOptions {
  output: Output;
  /** resources of cluster scope (node pools): the cluster, by name or id */
  cluster?: string;
  selector?: string;
  watch?: boolean;
  interval?: string;
  noHeaders?: boolean;
  [filter: string]: unknown;
}

/** The list, filtered by the query flags the API takes and by -l (server-side where the API can, else here). */
export async function listSelected(s: Session, r: ResourceDef, o: GetOptions): Promise<unknown[]> {
  const reqs: Requirement[] = o.selector ? parseSelector(o.selector) : [];
  if (reqs.length && !r.labels) throw new CliError(`${r.plural} have no labels to select by`, EXIT.usage);
  const query: Record<string, string | undefined> = {};
  for (const f of r.filters ?? []) if (typeof o[f] === "string") query[f] = o[f] as string;
  // hosts filter by label on the server (equality terms); the rest is matched here
  if (r.plural === "hosts" && reqs.length) query.label = equalityTerms(reqs);
  const items = await s.list(r, query);
  return reqs.length && r.labels ? items.filter((i) => matches((r.labels as (o: unknown) => Record<string, string>)(i), reqs)) : items;
}

export async function get(
  s: Session,
  word: string,
  names: string[],
  o: GetOptions,
  write = (t: string) => process.stdout.write(t),
): Promise<void> {
  const r = resourceArg(word);
  await s.useCluster(r, o.cluster);
  const widened = async (items: unknown[]) => (o.output === "wide" && r.widen ? r.widen(s, items) : items);
  if (names.length) {
    const items = [];
    for (const n of names) items.push((await s.find(r, n)).item);
    if (o.output === "json" || o.output === "yaml") {
      write(items.length === 1 ? formatOne(r, items[0], o.output) : formatList(r, items, o.output));
    } else write(formatList(r, await widened(items), o.output, o));
    return;
  }
  let items = await widened(await listSelected(s, r, o));
  if (!o.watch) {
    if (items.length === 0 && (o.output === "table" || o.output === "wide")) {
      const where = r.scope === "project" ? ` in ${s.domain}/${s.project}` : r.scope === "cluster" ? ` in cluster ${o.cluster}` : "";
      process.stderr.write(`No ${r.plural} found${where}.\n`);
    }
    write(formatList(r, items, o.output, o));
    return;
  }
  // --watch: the list, then a line (or document) for each object that appears, changes or goes
  write(formatList(r, items, o.output, o));
  const seen = new Map(items.map((i) => [r.key(i), JSON.stringify(i)]));
  const every = Math.max(0.2, Number(o.interval ?? 2)) * 1000;
  for (;;) {
    await new Promise((ok) => setTimeout(ok, every));
    items = await widened(await listSelected(s, r, o));
    const now = new Map(items.map((i) => [r.key(i), JSON.stringify(i)]));
    const changed = items.filter((i) => seen.get(r.key(i)) !== now.get(r.key(i)));
    if (changed.length) write(formatList(r, changed, o.output === "yaml" ? "yaml" : o.output, { noHeaders: true }));
    for (const [k, v] of seen) {
      if (!now.has(k)) {
        const gone = JSON.parse(v);
        if (o.output === "table" || o.output === "wide") write(`${r.name(gone)}   (deleted)\n`);
        else if (o.output === "name") write(`${r.singular}/${r.name(gone)} deleted\n`);
      }
    }
    seen.clear();
    for (const [k, v] of now) seen.set(k, v);
  }
}

// ---------------------------------------------------------------- describe

function conditionsTable(list: Schemas["Condition"][] | undefined): string {
  if (!list?.length) return "Conditions:   <none>\n";
  return `Conditions:\n${indent(
    table(
      ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
      list.map((c) => [c.type, tint(c.status), c.reason ?? "", age(c.lastTransitionTime), c.message ?? ""]),
    ),
  )}`;
}

export function stepsTable(steps: Schemas["ClusterStep"][]): string {
  return table(
    ["STEP", "STATE", "STARTED", "DURATION", "RETRIES", "MESSAGE"],
    steps.map((st) => [
      st.name,
      tint(st.state),
      st.startedAt ? st.startedAt.replace("T", " ").slice(0, 19) : "",
      st.startedAt ? duration((st.endedAt ? Date.parse(st.endedAt) : Date.now()) - Date.parse(st.startedAt)) : "",
      st.retries ? String(st.retries) : "",
      st.message ?? "",
    ]),
  );
}

async function eventsOf(s: Session, subject: string): Promise<string> {
  if (!s.target.project) return "";
  try {
    const events = (
      await s.request<Schemas["AuditEventPage"]>("get", "/v1/domains/{domain}/projects/{project}/events", {
        path: { domain: s.domain, project: s.project },
        query: { subject, limit: 20 },
      })
    ).data.items;
    if (!events.length) return "Events:       <none>\n";
    return `Events:\n${indent(
      table(
        ["AGE", "TYPE", "ACTOR"],
        events.reverse().map((e) => [age(e.time), e.type, `${e.actor.kind}:${e.actor.id}`]),
      ),
    )}`;
  } catch {
    return "";
  }
}

/** The cluster status's autoscaling, as one line: `Karpenter, 1-10 workers, 2 of them autoscaled (m1.large: 4 CPU, 8192 MiB each)`. */
export function autoscalingLine(w: Schemas["ClusterStatus"]["workers"]): string {
  const a = w.autoscaling;
  if (!a?.enabled) return "off";
  const cap = a.machineCapacity
    ? ` (${a.machineCapacity.flavor}: ${a.machineCapacity.cpu} CPU, ${a.machineCapacity.memoryMb} MiB each)`
    : "";
  return `Karpenter, ${a.minWorkers ?? 1}-${a.maxWorkers ?? 10} workers, ${w.autoscaled ?? 0} of them autoscaled${cap}`;
}

function describeNodePool(p: Schemas["NodePool"]): string {
  const st = p.status;
  const req = p.requirements;
  let out = field("Cluster", p.clusterId);
  out += field("State", `${tint(st.state)}${st.message ? ` (${st.message})` : ""}`);
  out += field("Version", `${p.version}${st.appliedVersion !== undefined ? `, applied ${st.appliedVersion}` : ", not applied yet"}`);
  out += field("Architectures", (req.architectures ?? ["any"]).join(", "));
  out += field("Flavors", (req.flavors ?? ["any"]).join(", "));
  out += field("Zones", (req.zones ?? ["any"]).join(", "));
  out += field(
    "Node labels",
    Object.entries(p.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",") || "<none>",
  );
  out += field("Taints", p.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(", ") || "<none>");
  out += field("Limits", `cpu ${p.limits.cpu}${p.limits.memory ? `, memory ${p.limits.memory}` : ""}`);
  out += field("Disruption", `${p.disruption.consolidationPolicy} after ${p.disruption.consolidateAfter}`);
  out += field("Weight", p.weight);
  out += field("Nodes", st.nodes ?? 0);
  out += field(
    "Resources",
    Object.entries(st.resources ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none yet",
  );
  out += field("Limit reached", st.limitReached ? "yes: Karpenter launches no more nodes for the pool" : "no");
  out += field("Created", p.createdAt);
  out += field("Updated", p.updatedAt);
  const claims = st.nodeClaims ?? [];
  out += claims.length
    ? `NodeClaims:\n${indent(
        table(
          ["NAME", "PHASE", "NODE", "INSTANCE TYPE", "AGE"],
          claims.map((c) => [c.name, tint(c.phase), c.nodeName ?? "", c.instanceType ?? "", age(c.createdAt)]),
        ),
      )}`
    : "NodeClaims:   <none>\n";
  out += conditionsTable(st.conditions as Schemas["Condition"][] | undefined);
  return out;
}

export async function describe(s: Session, word: string, names: string[], o: GetOptions): Promise<void> {
  const r = resourceArg(word);
  await s.useCluster(r, o.cluster);
  const items = names.length ? await Promise.all(names.map(async (n) => (await s.find(r, n)).item)) : await listSelected(s, r, o);
  const parts: string[] = [];
  for (const item of items) parts.push(await describeOne(s, r, item as Record<string, unknown>));
  process.stdout.write(parts.join("\n\n"));
}

async function describeOne(s: Session, r: ResourceDef, item: Record<string, unknown>): Promise<string> {
  let out = `${field("Kind", r.kind)}${field("Name", r.name(item))}`;
  if (r.key(item) !== r.name(item)) out += field("Id", r.key(item));
  if (r.plural === "clusters") {
    const c = item as unknown as Schemas["Cluster"];
    const status = (
      await s.request<Schemas["ClusterStatus"]>("get", "/v1/domains/{domain}/projects/{project}/clusters/{id}/status", {
        path: s.itemPath(r, c),
      })
    ).data;
    out += field("Domain/Project", `${c.domain}/${c.project}`);
    out += field("Phase", tint(status.phase));
    out += field("Operation", `${status.operation} (generation ${status.generation})`);
    out += field("Current step", status.currentStep ?? "-");
    out += field("Kubernetes", `${c.kubernetesVersion}${status.target?.kubernetesVersion ? ` → ${status.target.kubernetesVersion}` : ""}`);
    out += field("Control plane", `${status.controlPlane.ready ? "ready" : "not ready"} ${status.controlPlane.version ?? ""}`.trim());
    out += field(
      "Workers",
      `${status.workers.ready} ready, ${status.workers.updated} updated, ${status.workers.assigned} assigned of ${status.workers.desired}`,
    );
    out += field("Autoscaling", autoscalingLine(status.workers));
    // every worker pool, the primary first, when the cluster has more than one or gives its nodes roles or taints
    const pools = status.workerPools ?? [];
    if (pools.length > 1 || pools.some((p) => p.roles.length || p.taints.length))
      out += `Worker pools:\n${indent(workerPoolsTable(pools))}`;
    out += field("CNI", `${c.cni.name} ${c.cni.version}`);
    out += field(
      "Provider cluster",
      c.resolved ? `${c.resolved.providerCluster.name} (${c.resolved.providerCluster.type})` : c.providerCluster,
    );
    out += field("Management cluster", c.resolved?.managementCluster);
    out += field("Host group", c.hostGroup);
    out += field("Hosts", c.hostIds.join(", "));
    out += field("Machines", c.provisioned.map((m) => `${m.name} (${m.serverId})`).join(", "));
    out += field(
      "Network",
      `pods ${c.network.podCidr}, services ${c.network.serviceCidr}${c.network.nodeCidr ? `, nodes ${c.network.nodeCidr}` : ""}`,
    );
    out += field("Endpoint", c.controlPlaneEndpoint ? `${c.controlPlaneEndpoint.host}:${c.controlPlaneEndpoint.port}` : "");
    const reg = c.imageRegistry;
    out += field(
      "Image registry",
      `${reg.url} (${reg.type === "default" ? "the installation's default" : reg.type}${reg.username ? `, as ${reg.username}` : ""}${reg.caBundle ? ", own CA" : ""})`,
    );
    out += field(
      "Labels",
      Object.entries(c.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    );
    if (status.drift) out += field("Drift", `${status.drift.inSync ? "in sync" : status.drift.reason}: ${status.drift.message}`);
    out += field("Created", c.createdAt);
    out += `Steps:\n${indent(stepsTable(status.steps))}`;
    out += conditionsTable(status.conditions);
  } else if (r.kind === "NodePool") {
    out += describeNodePool(item as unknown as Schemas["NodePool"]);
  } else if (r.kind === "ImportedCluster") {
    // a listed item has no live state: read it (through its connection) one by one
    const live = "live" in item ? item : (await s.request("get", r.paths.get as string, { path: s.itemPath(r, item) })).data;
    out += describeImportedCluster(live as Schemas["ImportedClusterWithLiveState"]);
  } else {
    const { conditions, ...rest } = item as { conditions?: Schemas["Condition"][] };
    const body = Object.fromEntries(Object.entries(rest).filter(([k]) => !["pem", "csr", "facts", "name"].includes(k)));
    out += yaml.dump(body, { sortKeys: true, lineWidth: -1 });
    if ((item as { facts?: unknown }).facts) out += `Facts:\n${indent(toYaml((item as { facts: unknown }).facts))}`;
    if (conditions) out += conditionsTable(conditions);
    if (r.kind === "ManagementCluster" && item.connectivity === "remote") {
      const { data } = await s.request<Schemas["ClusterAgentStatus"]>("get", "/v1/management-clusters/{id}/agent", {
        path: s.itemPath(r, item),
      });
      out += field("Tunnel", tunnelLine(data.tunnel));
      out += field("Agent version", data.tunnel.agentVersion);
    }
  }
  if (r.subject) out += await eventsOf(s, r.subject(item));
  return out;
}

/** A cluster's worker pools: what each asks for and what its MachineDeployment reports. */
function workerPoolsTable(pools: Schemas["ClusterStatus"]["workerPools"]): string {
  const rows = [
    ["NAME", "HOST-GROUP", "DESIRED", "ASSIGNED", "READY", "UPDATED", "ROLES", "TAINTS"],
    ...pools.map((p) => [
      p.name,
      p.hostGroup,
      String(p.desired),
      String(p.assigned),
      String(p.ready),
      String(p.updated),
      p.roles.join(",") || "<none>",
      p.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(",") || "<none>",
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("   ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** A line for a problem or a heading, coloured on a terminal. */
export const heading = (t: string) => (pc.isColorSupported ? pc.bold(t) : t);
