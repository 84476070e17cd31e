import type { Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { formatList, type Output } from "../output.js";
import { parseDuration } from "../progress.js";
import { resourceNamed } from "../resources.js";
import type { Session } from "../session.js";
import { resourceArg } from "./read.js";

/**
 * The audit trail: the project's events (--all-projects: the domain's), oldest
 * first; --follow keeps polling and prints each new event once.
 */
type Event = Schemas["AuditEvent"];

export interface EventFlags {
  output: Output;
  follow?: boolean;
  type?: string[];
  for?: string;
  actor?: string;
  since?: string;
  limit?: string;
  interval?: string;
  allProjects?: boolean;
}

async function subjectOf(s: Session, ref: string): Promise<string> {
  const [word, name] = ref.split("/");
  if (!word || !name) throw new CliError(`--for ${ref}: use TYPE/NAME, e.g. cluster/edge-1`, EXIT.usage);
  const r = resourceArg(word);
  if (!r.subject) throw new CliError(`${r.plural} have no events of their own`, EXIT.usage);
  return r.subject((await s.find(r, name)).item);
}

export async function events(s: Session, o: EventFlags, write = (t: string) => process.stdout.write(t)): Promise<void> {
  const r = resourceNamed("events");
  if (!r) throw new Error("events resource missing");
  const query: Record<string, string | number | undefined> = {
    ...(o.type?.length ? { type: o.type.join(",") } : {}),
    ...(o.for ? { subject: await subjectOf(s, o.for) } : {}),
    ...(o.actor ? { actor: o.actor } : {}),
    ...(o.since ? { from: new Date(Date.now() - parseDuration(o.since)).toISOString() } : {}),
  };
  const path = o.allProjects ? "/v1/domains/{domain}/events" : "/v1/domains/{domain}/projects/{project}/events";
  const scope: Record<string, string> = o.allProjects ? { domain: s.domain } : { domain: s.domain, project: s.project };
  const page = async (q: Record<string, string | number | undefined>) =>
    (await s.request<Schemas["AuditEventPage"]>("get", path, { path: scope, query: q })).data.items;
  // newest first from the API; printed oldest first, as they happened
  const first = (await page({ ...query, limit: Number(o.limit ?? 50) })).reverse();
  const seen = new Set(first.map((e) => e.id));
  const print = (list: Event[], header: boolean) => {
    if (!list.length) return;
    const text = formatList(r, list, o.output === "yaml" ? "yaml" : o.output, { noHeaders: !header });
    // -o json while following: one event per line, so the stream can be read line by line
    write(o.output === "json" ? list.map((e) => `${JSON.stringify(e)}\n`).join("") : text);
  };
  print(first, true);
  if (!o.follow) return;
  let since = first.length ? (first[first.length - 1] as Event).time : new Date().toISOString();
  let header = first.length === 0;
  const every = Math.max(0.2, Number(o.interval ?? 2)) * 1000;
  for (;;) {
    await new Promise((ok) => setTimeout(ok, every));
    const fresh = (await page({ ...query, from: since, limit: 500 })).reverse().filter((e) => !seen.has(e.id));
    for (const e of fresh) seen.add(e.id);
    print(fresh, header);
    if (fresh.length) {
      header = false;
      since = (fresh[fresh.length - 1] as Event).time;
    }
  }
}
