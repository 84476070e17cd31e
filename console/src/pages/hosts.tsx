import { useState } from "react";
import { Link } from "wouter";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { Labels, SimulationBadge, StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { Pager, usePager } from "../ui/pager";
import { ProblemAlert } from "../ui/problem";
import { ReasonHint } from "../ui/reason";
import { useTenant } from "../ui/scope";
import { BulkResults, SelectAll, useSelection } from "../ui/selection";
import { When } from "../ui/time";

type Host = Schemas["Host"];
type Status = NonNullable<Host["status"]>;

export function platformOf(facts: Record<string, unknown>): string {
  const os = facts.os as { id?: string; version?: string } | undefined;
  return (
    [os ? `${os.id ?? "?"} ${os.version ?? ""}`.trim() : undefined, facts.arch as string | undefined].filter(Boolean).join(" · ") || "—"
  );
}

/** The project's hosts with their live status (provisioning and agent), filtered by status, group and labels. */
export function Hosts() {
  const t = useTenant();
  const admin = useCan("admin", t);
  const pager = usePager();
  const [status, setStatus] = useState<Status | "">("");
  const [group, setGroup] = useState("");
  const [label, setLabel] = useState("");
  const query = {
    limit: 100,
    ...(status ? { status } : {}),
    ...(group ? { group } : {}),
    ...(label.trim() ? { label: label.trim() } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const list = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/hosts",
    { params: { path: t.path, query } },
    { refetchInterval: 3_000 },
  );
  const groups = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/host-groups", {
    params: { path: t.path, query: { limit: 500 } },
  });
  const hosts = itemsOf(list.data);
  const sel = useSelection(hosts.map((h) => h.id));
  const [target, setTarget] = useState("");
  const [results, setResults] = useState<{ title: string; results: Schemas["BulkResult"]["results"] }>();
  const addToGroup = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-add", {
    onSuccess: (r) => {
      setResults({ title: `Added to ${target}`, results: r.results });
      sel.clear();
      void refreshAll();
    },
  });
  const bulkDelete = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/hosts/bulk-delete", {
    onSuccess: (r) => {
      setResults({ title: "Deleted", results: r.results });
      sel.clear();
      void refreshAll();
    },
  });
  const nameOf = (id: string) => hosts.find((h) => h.id === id)?.hostname ?? id;
  const [deleting, setDeleting] = useState(false);
  const resetPage =
    <T,>(f: (v: T) => void) =>
    (v: T) => {
      pager.reset();
      f(v);
    };
  return (
    <section>
      <PageHeader title="Hosts">
        <span className="live" aria-live="off">
          live
        </span>
      </PageHeader>
      <form className="filters" aria-label="Filter hosts" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => resetPage(setStatus)(e.target.value as Status | "")}>
              <option value="">any</option>
              <option value="create-pending">create-pending</option>
              <option value="create-completed">create-completed</option>
              <option value="create-failed">create-failed</option>
            </select>
          )}
        </Field>
        <Field label="Group">
          {(p) => (
            <select {...p} value={group} onChange={(e) => resetPage(setGroup)(e.target.value)}>
              <option value="">any</option>
              {itemsOf(groups.data).map((g) => (
                <option key={g.name} value={g.name}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Labels" hint="key=value[,key=value]">
          {(p) => (
            <input {...p} value={label} placeholder="kubernetes.io/arch=amd64" onChange={(e) => resetPage(setLabel)(e.target.value)} />
          )}
        </Field>
      </form>
      <ProblemAlert error={list.error ?? addToGroup.error ?? bulkDelete.error} />
      {admin && (
        <div className="bulkbar" role="toolbar" aria-label="Bulk actions on selected hosts">
          <span>{sel.selected.length} selected</span>
          <label htmlFor="bulk-group" className="visually-hidden">
            Group to add the selected hosts to
          </label>
          <select id="bulk-group" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">Add to group…</option>
            {itemsOf(groups.data).map((g) => (
              <option key={g.name} value={g.name}>
                {g.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!target || sel.selected.length === 0 || addToGroup.isPending}
            onClick={() => addToGroup.mutate({ params: { path: { ...t.path, name: target } }, body: { ids: sel.selected } })}
          >
            Add to group
          </button>
          <button
            type="button"
            className="danger"
            disabled={sel.selected.length === 0 || bulkDelete.isPending}
            onClick={() => setDeleting(true)}
          >
            Delete…
          </button>
        </div>
      )}
      {results && <BulkResults {...results} nameOf={nameOf} onDismiss={() => setResults(undefined)} />}
      <div className="table-wrap">
        <table className="hosts stack">
          <caption className="visually-hidden">Hosts</caption>
          <thead>
            <tr>
              {admin && (
                <th scope="col">
                  <SelectAll sel={sel} label="Select every host shown" />
                </th>
              )}
              <th scope="col">Host</th>
              <th scope="col">Status</th>
              <th scope="col">Agent</th>
              <th scope="col">Group</th>
              <th scope="col">Cluster</th>
              <th scope="col" className="wide-only">
                Platform
              </th>
              <th scope="col" className="wide-only">
                Labels
              </th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <HostRow key={h.id} h={h} admin={admin} selected={sel.has(h.id)} toggle={() => sel.toggle(h.id)} base={t.href} />
            ))}
            {list.isSuccess && hosts.length === 0 && (
              <tr>
                <td colSpan={8} className="empty">
                  No host {status || group || label ? "matches these filters" : "yet: approved registrations become hosts"}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
      <Dialog open={deleting} title={`Delete ${sel.selected.length} host(s)?`} onClose={() => setDeleting(false)}>
        <p>
          Each host, its machine record and its request go, and its certificate is revoked; the machine may register again as a new request.
          Hosts in a cluster are refused (each result says so).
        </p>
        <div className="actions">
          <button type="button" onClick={() => setDeleting(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            disabled={bulkDelete.isPending}
            onClick={() => {
              setDeleting(false);
              bulkDelete.mutate({ params: { path: t.path }, body: { ids: sel.selected } });
            }}
          >
            Delete hosts
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function HostRow({ h, admin, selected, toggle, base }: { h: Host; admin: boolean; selected: boolean; toggle: () => void; base: string }) {
  const provisioned = h.conditions.find((c) => c.type === "Provisioned");
  return (
    <tr aria-selected={admin ? selected : undefined}>
      {admin && (
        <td>
          <input type="checkbox" aria-label={`Select ${h.hostname}`} checked={selected} onChange={toggle} />
        </td>
      )}
      <td data-label="Host">
        <strong>{h.hostname}</strong> <SimulationBadge of={h} />
        <div className="muted small wide-only">{h.id}</div>
      </td>
      <td data-label="Status">
        <StatusBadge value={h.status} />
        {provisioned && provisioned.status === "False" && <ReasonHint reason={provisioned.reason} message={provisioned.message} />}
      </td>
      <td data-label="Agent">
        {h.agent ? (
          <>
            <StatusBadge value={h.agent.status} />
            <div className="muted small">
              {h.agent.via} · <When at={h.agent.lastSeenAt} />
            </div>
          </>
        ) : (
          <span className="muted">no report yet</span>
        )}
      </td>
      <td data-label="Group">
        {h.group ? <Link href={`${base}/host-groups/${h.group}`}>{h.group}</Link> : <span className="muted">—</span>}
      </td>
      <td data-label="Cluster">
        {h.clusterId ? (
          <Link href={`${base}/clusters/${h.clusterId}`}>{h.clusterId.slice(0, 14)}…</Link>
        ) : (
          <span className="muted">free</span>
        )}
      </td>
      <td className="wide-only nowrap">{platformOf(h.facts)}</td>
      <td className="wide-only">
        <Labels labels={h.labels} />
      </td>
    </tr>
  );
}
