import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { Pager, usePager } from "../ui/pager";
import { ProblemAlert } from "../ui/problem";
import { useScope } from "../ui/scope";
import { When } from "../ui/time";

/** Suggestions for the type filter (any event type can be typed). */
const COMMON_TYPES = [
  "ckp.cluster.created",
  "ckp.cluster.ready",
  "ckp.cluster.failed",
  "ckp.cluster.scale-requested",
  "ckp.cluster.upgrade-requested",
  "ckp.cluster.delete-requested",
  "ckp.cluster.deleted",
  "ckp.hostrequest.created",
  "ckp.hostrequest.approved",
  "ckp.hostrequest.rejected",
  "ckp.host.provisioned",
  "ckp.host.deleted",
  "ckp.host.agent-lost",
  "ckp.hostgroup.created",
  "ckp.hostgroup.host-added",
  "ckp.psk.rotated",
  "ckp.token.created",
  "ckp.token.deleted",
];

interface Filters {
  type: string;
  subject: string;
  actor: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { type: "", subject: "", actor: "", from: "", to: "" };

function actorText(a: Schemas["Actor"]): string {
  const base = `${a.kind}:${a.id}`;
  return a.onBehalfOf ? `${base} for ${a.onBehalfOf.kind}:${a.onBehalfOf.id}` : base;
}

/** Who did what, newest first: the project's events (or the domain's, for a domain admin), filtered. */
export function Audit() {
  const { domain = "", project } = useScope();
  const pager = usePager();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const query = {
    limit: 50,
    ...(applied.type ? { type: applied.type.replace(/\s+/g, "") } : {}),
    ...(applied.subject ? { subject: applied.subject } : {}),
    ...(applied.actor ? { actor: applied.actor } : {}),
    ...(applied.from ? { from: new Date(applied.from).toISOString() } : {}),
    ...(applied.to ? { to: new Date(applied.to).toISOString() } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const projectEvents = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/events",
    { params: { path: { domain, project: project ?? "" }, query } },
    { enabled: !!project, refetchInterval: pager.page === 1 ? 5_000 : false },
  );
  const domainEvents = api.useQuery(
    "get",
    "/v1/domains/{domain}/events",
    { params: { path: { domain }, query } },
    { enabled: !project, refetchInterval: pager.page === 1 ? 5_000 : false },
  );
  const list = project ? projectEvents : domainEvents;
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setApplied(draft);
  };
  const events = itemsOf(list.data);
  return (
    <section>
      <PageHeader title={`Audit trail of ${project ? `project ${project}` : `domain ${domain}`}`} />
      <form className="filters" aria-label="Filter events" onSubmit={apply}>
        <Field label="Type" hint="comma-separated">
          {(p) => <input {...p} list="event-types" value={draft.type} onChange={set("type")} placeholder="ckp.cluster.ready" />}
        </Field>
        <datalist id="event-types">
          {COMMON_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <Field label="Subject" hint="exact, or a prefix ending in *">
          {(p) => <input {...p} value={draft.subject} onChange={set("subject")} placeholder="clusters/*" />}
        </Field>
        <Field label="Actor" hint="kind:id or id">
          {(p) => <input {...p} value={draft.actor} onChange={set("actor")} placeholder="token:tok_…" />}
        </Field>
        <Field label="From">{(p) => <input {...p} type="datetime-local" value={draft.from} onChange={set("from")} />}</Field>
        <Field label="To">{(p) => <input {...p} type="datetime-local" value={draft.to} onChange={set("to")} />}</Field>
        <div className="filter-actions">
          <button type="submit" className="primary">
            Apply
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
              pager.reset();
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ProblemAlert error={list.error} />
      <div className="table-wrap">
        <table className="events stack">
          <caption className="visually-hidden">Events</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Subject</th>
              <th scope="col" className="wide-only">
                Actor
              </th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td data-label="When">
                  <When at={e.time} />
                </td>
                <td data-label="Event">
                  <code>{e.type}</code>
                  {!project && e.project && <div className="muted small">project {e.project}</div>}
                </td>
                <td data-label="Subject">
                  <code className="small">{e.subject}</code>
                </td>
                <td className="wide-only small">{actorText(e.actor)}</td>
                <td>
                  <details>
                    <summary>Details</summary>
                    <pre className="json">
                      {JSON.stringify({ data: e.data, actor: e.actor, correlationid: e.correlationid, id: e.id }, null, 2)}
                    </pre>
                  </details>
                </td>
              </tr>
            ))}
            {list.isSuccess && events.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No event matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
    </section>
  );
}
