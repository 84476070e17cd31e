import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { ApiError, type Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { pairs, readSource } from "../manifests.js";
import { parseDuration } from "../progress.js";
import { type ResourceDef, resourceNamed } from "../resources.js";
import type { Session } from "../session.js";

/**
 * Bringing existing clusters under management (docs/tunnel.md):
 * `import cluster NAME --kubeconfig FILE` when the control plane can reach
 * the cluster; `register cluster|management-cluster NAME` when it cannot —
 * the answer is an agent manifest to apply in that cluster, whose agent
 * dials out; `agent-token … NAME` for a new manifest once the first token
 * expired or the agent is re-installed. Verb, then type, then name, as
 * `scale cluster` and `kubeconfig cluster`.
 *
 * No Idempotency-Key on these POSTs: a replayed answer would hand out a
 * token already spent, or one of a cluster since detached.
 */
type Install = Schemas["ClusterAgentInstall"];
type Target = "imported-cluster" | "management-cluster";

const out = (t: string) => process.stdout.write(t);
const err = (t: string) => process.stderr.write(t);
const collect = (v: string, prev: string[] = []) => [...prev, v];
const IMPORTED = "/v1/domains/{domain}/projects/{project}/imported-clusters";

/** `cluster`, `imported-cluster`, `ic` → an imported cluster; `management-cluster`, `mc` → a management cluster. */
function targetOf(word: string, verb: string, allowed: string): Target {
  const kind = resourceNamed(word)?.kind;
  if (kind === "Cluster" || kind === "ImportedCluster") return "imported-cluster";
  if (kind === "ManagementCluster") return "management-cluster";
  throw new CliError(`${verb} takes ${allowed}, not ${word}`, EXIT.usage);
}

/** `--ttl 24h` (also `2d`, `90m`) as whole seconds; the API takes 5 min to 7 days. */
export function ttlSeconds(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const days = /^(\d+)d$/.exec(v);
  const ms = days ? Number(days[1]) * 86_400_000 : parseDuration(v);
  return Math.round(ms / 1000);
}

/** How long until `iso`, as 24h, 45m or 2d. */
function until(iso: string, now = Date.now()): string {
  const m = Math.max(0, Math.round((Date.parse(iso) - now) / 60_000));
  if (m < 120) return `${m}m`;
  if (m < 48 * 60) return `${Math.round(m / 60)}h`;
  return `${Math.round(m / 1440)}d`;
}

/**
 * The agent's manifest to a file (mode 600: it holds the token) or, without
 * one, alone on stdout so it pipes into `kubectl apply -f -`; what to do
 * with it goes to stderr.
 */
export function handOver(target: Target, name: string, agent: Install, headline: string, file: string | undefined): void {
  const manifest = agent.manifest.endsWith("\n") ? agent.manifest : `${agent.manifest}\n`;
  if (file) {
    writeFileSync(file, manifest, { mode: 0o600 });
    out(`${headline}; agent manifest written to ${file} (mode 600)\n`);
  } else {
    out(manifest);
    err(`${headline}\n`);
  }
  const next = target === "imported-cluster" ? `ckpctl describe imported-cluster ${name}` : `ckpctl describe management-cluster ${name}`;
  err(
    [
      "Apply the manifest in that cluster (kubectl pointed at it, not at the control plane):",
      `  kubectl apply -f ${file ?? "-   # piped: ckpctl … | kubectl apply -f -"}`,
      `Its registration token is single-use and expires at ${agent.expiresAt} (in ${until(agent.expiresAt)}); the manifest holds it: keep it private.`,
      `After that, or to re-install the agent: ckpctl agent-token ${target} ${name} -f FILE`,
      `The agent dials out to the control plane; then: ${next}`,
      "",
    ].join("\n"),
  );
}

export async function importCluster(
  s: Session,
  word: string,
  name: string,
  o: { kubeconfig: string; description?: string; label: string[] },
): Promise<void> {
  if (targetOf(word, "import", "cluster") !== "imported-cluster") throw new CliError("import takes cluster", EXIT.usage);
  const body = {
    name,
    kubeconfig: readSource(o.kubeconfig),
    ...(o.description ? { description: o.description } : {}),
    ...(o.label.length ? { labels: pairs(o.label, "--label") } : {}),
  };
  let c: Schemas["ImportedClusterCreated"];
  try {
    c = (await s.request<Schemas["ImportedClusterCreated"]>("post", IMPORTED, { path: { domain: s.domain, project: s.project }, body }))
      .data;
  } catch (e) {
    // the problem names what failed; the way out when the control plane cannot reach the cluster at all is the agent
    if (e instanceof ApiError && e.problemCode === "imported-cluster.unreachable")
      e.message += ` (nothing was stored; if the control plane cannot reach this cluster's API server, register it instead: ckpctl register cluster ${name})`;
    throw e;
  }
  // the create answer has the version it checked; the nodes are read now
  const { live } = (
    await s.request<Schemas["ImportedClusterWithLiveState"]>("get", `${IMPORTED}/{id}`, {
      path: { domain: c.domain, project: c.project, id: c.id },
    })
  ).data;
  const version = live.kubernetesVersion ?? c.observed?.kubernetesVersion ?? "?";
  const nodes = live.health.nodesTotal === undefined ? "" : `, ${live.health.nodesReady ?? 0}/${live.health.nodesTotal} node(s) ready`;
  out(`imported-cluster/${c.name} imported: Kubernetes ${version}${nodes} (server ${c.server ?? "?"})\n`);
}

export async function register(
  s: Session,
  word: string,
  name: string,
  o: { manifestFile?: string; description?: string; label: string[]; ttl?: string },
): Promise<void> {
  const target = targetOf(word, "register", "cluster or management-cluster");
  const ttl = ttlSeconds(o.ttl);
  const common = {
    name,
    ...(o.description ? { description: o.description } : {}),
    ...(o.label.length ? { labels: pairs(o.label, "--label") } : {}),
    ...(ttl !== undefined ? { tokenTtlSeconds: ttl } : {}),
  };
  if (target === "imported-cluster") {
    const { data } = await s.request<Schemas["ImportedClusterCreated"]>("post", IMPORTED, {
      path: { domain: s.domain, project: s.project },
      body: common,
    });
    if (!data.agent) throw new CliError(`imported-cluster/${name}: the answer carries no agent manifest`);
    handOver(target, name, data.agent, `imported-cluster/${data.name} registered (${data.id}), awaiting its agent`, o.manifestFile);
    return;
  }
  const { data } = await s.request<Schemas["ManagementClusterRegistered"]>("post", "/v1/management-clusters", {
    body: { ...common, connectivity: "remote" },
  });
  if (!data.agent) throw new CliError(`management-cluster/${name}: the answer carries no agent manifest`);
  handOver(target, name, data.agent, `management-cluster/${data.name} registered (${data.id}), awaiting its agent`, o.manifestFile);
}

/** One cluster by name or id, from the list: reading it by id would read an imported cluster's live state too. */
async function listed<T>(s: Session, r: ResourceDef, ref: string): Promise<T> {
  const hit = (await s.list<T>(r)).find((o) => r.name(o) === ref || r.key(o) === ref);
  if (!hit) throw new CliError(`${r.singular} ${ref} not found`, EXIT.notFound);
  return hit;
}

export async function agentToken(s: Session, word: string, name: string, o: { manifestFile?: string; ttl?: string }): Promise<void> {
  const target = targetOf(word, "agent-token", "imported-cluster or management-cluster");
  const ttl = ttlSeconds(o.ttl);
  const body = ttl !== undefined ? { ttlSeconds: ttl } : {};
  const r = resourceNamed(target === "imported-cluster" ? "imported-clusters" : "management-clusters") as ResourceDef;
  const c = await listed<{ id: string; name: string }>(s, r, name);
  const { data } = await s.request<Install>(
    "post",
    target === "imported-cluster" ? `${IMPORTED}/{id}/agent-tokens` : "/v1/management-clusters/{id}/agent-tokens",
    { path: s.itemPath(r, c), body },
  );
  handOver(target, c.name, data, `${target}/${c.name}: a new agent registration token (${data.tokenId})`, o.manifestFile);
}

export function importedClusterCommands(p: Command, session: (cmd: Command) => Session): void {
  p.command("import")
    .description(
      "bring an existing cluster into the project with a kubeconfig the control plane reaches it with (checked by reaching it, stored sealed)",
    )
    .argument("<type>", "cluster")
    .argument("<name>")
    .requiredOption("--kubeconfig <file>", "its kubeconfig (inline credentials: no exec, no files); - for stdin")
    .option("--description <text>")
    .option("--label <k=v>", "a label (repeat)", collect, [])
    .action(async (type: string, name: string, o, cmd: Command) => importCluster(session(cmd), type, name, o));

  p.command("register")
    .description(
      "register a cluster the control plane cannot reach — cluster: into the project; management-cluster: a remote one (platform admins) — and hand over its agent's manifest, to apply in that cluster",
    )
    .argument("<type>", "cluster or management-cluster")
    .argument("<name>")
    .option("-f, --manifest-file <file>", "write the agent manifest here (mode 600) instead of standard output")
    .option("--description <text>")
    .option("--label <k=v>", "a label (repeat)", collect, [])
    .option("--ttl <duration>", "how long the registration token can be used, 5m to 7d (default 24h)")
    .action(async (type: string, name: string, o, cmd: Command) => register(session(cmd), type, name, o));

  p.command("agent-token")
    .description("a new registration token and agent manifest for a registered cluster: the first expired, or the agent is re-installed")
    .argument("<type>", "imported-cluster or management-cluster")
    .argument("<name>")
    .option("-f, --manifest-file <file>", "write the agent manifest here (mode 600) instead of standard output")
    .option("--ttl <duration>", "how long the token can be used, 5m to 7d (default 24h)")
    .action(async (type: string, name: string, o, cmd: Command) => agentToken(session(cmd), type, name, o));
}
