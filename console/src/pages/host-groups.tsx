import { type FormEvent, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { Labels, SimulationBadge, StatusBadge } from "../ui/badges";
import { Dialog, TypedConfirm } from "../ui/dialog";
import { DNS_LABEL_PATTERN, Field, formatPairs, parsePairs } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { BulkResults, SelectAll, useSelection } from "../ui/selection";
import { platformOf } from "./hosts";

/** Host groups of a project: where clusters take their workers from. */
export function HostGroups() {
  const t = useTenant();
  const admin = useCan("admin", t);
  const list = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/host-groups",
    { params: { path: t.path, query: { limit: 500 } } },
    { refetchInterval: 5_000 },
  );
  const create = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-groups", { onSuccess: () => refreshAll() });
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [labels, setLabels] = useState("");
  const [managementCluster, setManagementCluster] = useState("");
  const [, navigate] = useLocation();
  const parsed = parsePairs(labels);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed.error) return;
    const g = await create
      .mutateAsync({
        params: { path: t.path },
        body: { name, ...(description ? { description } : {}), labels: parsed.value, ...(managementCluster ? { managementCluster } : {}) },
      })
      .catch(() => undefined);
    if (g) navigate(`${t.href}/host-groups/${g.name}`);
  };
  return (
    <section>
      <PageHeader title="Host groups" />
      <ProblemAlert error={list.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Host groups</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Hosts</th>
              <th scope="col">Labels</th>
              <th scope="col" className="wide-only">
                Management cluster
              </th>
            </tr>
          </thead>
          <tbody>
            {itemsOf(list.data).map((g) => (
              <tr key={g.name}>
                <td>
                  <Link href={`${t.href}/host-groups/${g.name}`}>{g.name}</Link>
                  {g.description && <div className="muted small">{g.description}</div>}
                </td>
                <td>{g.hostCount}</td>
                <td>
                  <Labels labels={g.labels} />
                </td>
                <td className="wide-only">{g.managementCluster ?? "—"}</td>
              </tr>
            ))}
            {list.isSuccess && itemsOf(list.data).length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  No group yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {admin && (
        <form className="card form-grid" onSubmit={submit} aria-labelledby="new-group">
          <h2 id="new-group">New host group</h2>
          <Field label="Name" hint="a DNS label, e.g. workers">
            {(p) => (
              <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <Field label="Description (optional)">
            {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <Field label="Labels (optional)" hint="key=value, one per line; they go onto the hosts' ByoHosts" error={parsed.error}>
            {(p) => <textarea {...p} rows={2} value={labels} onChange={(e) => setLabels(e.target.value)} />}
          </Field>
          <Field
            label="Management cluster (optional)"
            hint="name or id: the group's free hosts are registered there as ByoHosts before a cluster takes them"
          >
            {(p) => <input {...p} value={managementCluster} onChange={(e) => setManagementCluster(e.target.value)} />}
          </Field>
          <ProblemAlert error={create.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={create.isPending}>
              Create group
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** One group: edit it, and choose its members by multi-select (add free hosts, remove members). */
export function HostGroupPage() {
  const t = useTenant();
  const { name = "" } = useParams<{ name: string }>();
  const admin = useCan("admin", t);
  const path = { ...t.path, name };
  const group = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/host-groups/{name}",
    { params: { path } },
    { refetchInterval: 5_000 },
  );
  const members = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/hosts",
    { params: { path: t.path, query: { group: name, limit: 500 } } },
    { refetchInterval: 3_000 },
  );
  const all = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/hosts",
    { params: { path: t.path, query: { status: "create-completed", limit: 500 } } },
    { refetchInterval: 3_000, enabled: admin },
  );
  const ungrouped = itemsOf(all.data).filter((h) => !h.group);
  const inGroup = itemsOf(members.data);
  const addSel = useSelection(ungrouped.map((h) => h.id));
  const removeSel = useSelection(inGroup.filter((h) => !h.clusterId).map((h) => h.id));
  const [results, setResults] = useState<{ title: string; results: Schemas["BulkResult"]["results"] }>();
  const names = new Map([...ungrouped, ...inGroup].map((h) => [h.id, h.hostname]));
  const add = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-add", {
    onSuccess: (r) => {
      setResults({ title: `Added to ${name}`, results: r.results });
      addSel.clear();
      void refreshAll();
    },
  });
  const remove = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-remove", {
    onSuccess: (r) => {
      setResults({ title: `Removed from ${name}`, results: r.results });
      removeSel.clear();
      void refreshAll();
    },
  });
  const [, navigate] = useLocation();
  const del = api.useMutation("delete", "/v1/domains/{domain}/projects/{project}/host-groups/{name}", {
    onSuccess: () => {
      void refreshAll();
      navigate(`${t.href}/host-groups`);
    },
  });
  const [deleting, setDeleting] = useState(false);
  const g = group.data;
  return (
    <section>
      <PageHeader title={`Host group ${name}`}>
        {admin && g && (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete group…
          </button>
        )}
      </PageHeader>
      <ProblemAlert error={group.error ?? add.error ?? remove.error ?? del.error} />
      {results && <BulkResults {...results} nameOf={(id) => names.get(id) ?? id} onDismiss={() => setResults(undefined)} />}
      <div className="two-col">
        <section aria-labelledby="members-title">
          <h2 id="members-title">Members ({inGroup.length})</h2>
          <HostPicker
            hosts={inGroup}
            sel={removeSel}
            admin={admin}
            label="members"
            disabledWhy={(h) => (h.clusterId ? "in a cluster" : undefined)}
          />
          {admin && (
            <button
              type="button"
              disabled={removeSel.selected.length === 0 || remove.isPending}
              onClick={() => remove.mutate({ params: { path }, body: { ids: removeSel.selected } })}
            >
              Remove {removeSel.selected.length || ""} from group
            </button>
          )}
        </section>
        {admin && (
          <section aria-labelledby="free-title">
            <h2 id="free-title">Hosts in no group ({ungrouped.length})</h2>
            <HostPicker hosts={ungrouped} sel={addSel} admin label="hosts in no group" />
            <button
              type="button"
              className="primary"
              disabled={addSel.selected.length === 0 || add.isPending}
              onClick={() => add.mutate({ params: { path }, body: { ids: addSel.selected } })}
            >
              Add {addSel.selected.length || ""} to group
            </button>
          </section>
        )}
      </div>
      {g && admin && <EditGroup g={g} />}
      {g && !admin && (
        <dl className="facts card">
          <dt>Description</dt>
          <dd>{g.description ?? "—"}</dd>
          <dt>Labels</dt>
          <dd>
            <Labels labels={g.labels} />
          </dd>
        </dl>
      )}
      <Dialog open={deleting} title={`Delete host group ${name}?`} onClose={() => setDeleting(false)}>
        <p>{g?.hostCount ? `Its ${g.hostCount} host(s) are released from it (they stay in the project).` : "It has no hosts."}</p>
        <TypedConfirm
          expected={name}
          action="Delete group"
          busy={del.isPending}
          onCancel={() => setDeleting(false)}
          onConfirm={() => del.mutate({ params: { path, query: g?.hostCount ? { force: "true" } : {} } })}
        />
      </Dialog>
    </section>
  );
}

function HostPicker({
  hosts,
  sel,
  admin,
  label,
  disabledWhy,
}: {
  hosts: Schemas["Host"][];
  sel: ReturnType<typeof useSelection>;
  admin: boolean;
  label: string;
  disabledWhy?: (h: Schemas["Host"]) => string | undefined;
}) {
  if (hosts.length === 0) return <p className="empty">None.</p>;
  return (
    <div className="table-wrap">
      <table className="stack">
        <thead>
          <tr>
            {admin && (
              <th scope="col">
                <SelectAll sel={sel} label={`Select all ${label}`} />
              </th>
            )}
            <th scope="col">Host</th>
            <th scope="col">Agent</th>
            <th scope="col">Platform</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((h) => {
            const why = disabledWhy?.(h);
            return (
              <tr key={h.id}>
                {admin && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${h.hostname}`}
                      disabled={!!why}
                      checked={sel.has(h.id)}
                      onChange={() => sel.toggle(h.id)}
                    />
                  </td>
                )}
                <td data-label="Host">
                  {h.hostname} <SimulationBadge of={h} />
                  {why && <div className="muted small">{why}</div>}
                </td>
                <td data-label="Agent">{h.agent ? <StatusBadge value={h.agent.status} /> : <span className="muted">—</span>}</td>
                <td data-label="Platform">{platformOf(h.facts)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EditGroup({ g }: { g: Schemas["HostGroup"] }) {
  const t = useTenant();
  const [description, setDescription] = useState(g.description ?? "");
  const [labels, setLabels] = useState(formatPairs(g.labels));
  const [managementCluster, setManagementCluster] = useState(g.managementCluster ?? "");
  const [saved, setSaved] = useState(false);
  const patch = api.useMutation("patch", "/v1/domains/{domain}/projects/{project}/host-groups/{name}", {
    onSuccess: () => {
      setSaved(true);
      void refreshAll();
    },
  });
  const parsed = parsePairs(labels);
  return (
    <form
      className="card form-grid"
      aria-labelledby="edit-group"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        if (!parsed.error)
          patch.mutate({
            params: { path: { ...t.path, name: g.name }, header: { "if-match": `"${g.version}"` } },
            // an empty field takes the group off its management cluster
            body: { description, labels: parsed.value, managementCluster: managementCluster.trim() || null },
          });
      }}
    >
      <h2 id="edit-group">Settings</h2>
      <Field label="Description">{(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}</Field>
      <Field label="Labels" hint="key=value, one per line" error={parsed.error}>
        {(p) => <textarea {...p} rows={3} value={labels} onChange={(e) => setLabels(e.target.value)} />}
      </Field>
      <Field label="Management cluster" hint="name or id; empty: the free hosts get a ByoHost only when a cluster takes them">
        {(p) => <input {...p} value={managementCluster} onChange={(e) => setManagementCluster(e.target.value)} />}
      </Field>
      <ProblemAlert error={patch.error} />
      <div className="actions">
        {saved && <span role="status">Saved.</span>}
        <button type="submit" disabled={patch.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
