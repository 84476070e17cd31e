import type { Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { table, tint } from "../format.js";
import { type ResourceDef, resourceNamed } from "../resources.js";
import { matches, parseSelector } from "../selector.js";
import type { Session } from "../session.js";
import { resourceArg } from "./read.js";

/** Host requests decided one by one or in bulk, hosts put into and taken out of groups: per-item results. */
const out = (t: string) => process.stdout.write(t);

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
