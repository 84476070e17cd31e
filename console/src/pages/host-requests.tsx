import { useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { SimulationBadge, StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { Pager, usePager } from "../ui/pager";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { BulkResults, SelectAll, useSelection } from "../ui/selection";
import { When } from "../ui/time";
import { platformOf } from "./hosts";

type Status = "pending" | "approved" | "rejected";

/** Registrations waiting for a decision: approve or reject many at once, with a result per request. */
export function HostRequests() {
  const t = useTenant();
  const admin = useCan("admin", t);
  const pager = usePager();
  const [status, setStatus] = useState<Status | "">("pending");
  const list = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/host-requests",
    { params: { path: t.path, query: { limit: 200, ...(status ? { status } : {}), ...(pager.cursor ? { cursor: pager.cursor } : {}) } } },
    { refetchInterval: 3_000 },
  );
  const requests = itemsOf(list.data);
  const pending = requests.filter((r) => r.status === "pending");
  const sel = useSelection(pending.map((r) => r.id));
  const [results, setResults] = useState<{ title: string; results: Schemas["BulkResult"]["results"] }>();
  const names = useState(() => new Map<string, string>())[0];
  for (const r of requests) names.set(r.id, r.hostname);
  const approve = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-requests/bulk-approve", {
    onSuccess: (r) => {
      setResults({ title: "Approved", results: r.results });
      sel.clear();
      void refreshAll();
    },
  });
  const reject = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-requests/bulk-reject", {
    onSuccess: (r) => {
      setResults({ title: "Rejected", results: r.results });
      sel.clear();
      setRejecting(false);
      void refreshAll();
    },
  });
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  return (
    <section>
      <PageHeader title="Host requests">
        <span className="live">live</span>
      </PageHeader>
      <p className="muted">
        Machines whose agent registered with the project's key. Approving one issues its certificate and makes it a host.
      </p>
      <form className="filters" aria-label="Filter host requests" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          {(p) => (
            <select
              {...p}
              value={status}
              onChange={(e) => {
                pager.reset();
                setStatus(e.target.value as Status | "");
              }}
            >
              <option value="pending">pending</option>
              <option value="approved">approved</option>
              <option value="rejected">rejected</option>
              <option value="">any</option>
            </select>
          )}
        </Field>
      </form>
      <ProblemAlert error={list.error ?? approve.error ?? reject.error} />
      {admin && (
        <div className="bulkbar" role="toolbar" aria-label="Decide the selected requests">
          <span>{sel.selected.length} selected</span>
          <button
            type="button"
            className="primary"
            disabled={sel.selected.length === 0 || approve.isPending}
            onClick={() => approve.mutate({ params: { path: t.path }, body: { ids: sel.selected } })}
          >
            Approve selected
          </button>
          <button type="button" className="danger" disabled={sel.selected.length === 0} onClick={() => setRejecting(true)}>
            Reject selected…
          </button>
        </div>
      )}
      {results && <BulkResults {...results} nameOf={(id) => names.get(id) ?? id} onDismiss={() => setResults(undefined)} />}
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Host requests</caption>
          <thead>
            <tr>
              {admin && (
                <th scope="col">
                  <SelectAll sel={sel} label="Select every pending request shown" />
                </th>
              )}
              <th scope="col">Hostname</th>
              <th scope="col">Status</th>
              <th scope="col">Platform</th>
              <th scope="col" className="wide-only">
                Machine id
              </th>
              <th scope="col">Registered</th>
              <th scope="col" className="wide-only">
                Decided
              </th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id} aria-selected={admin && r.status === "pending" ? sel.has(r.id) : undefined}>
                {admin && (
                  <td>
                    {r.status === "pending" && (
                      <input
                        type="checkbox"
                        aria-label={`Select ${r.hostname}`}
                        checked={sel.has(r.id)}
                        onChange={() => sel.toggle(r.id)}
                      />
                    )}
                  </td>
                )}
                <td data-label="Hostname">
                  <strong>{r.hostname}</strong> <SimulationBadge of={r} />
                </td>
                <td data-label="Status">
                  <StatusBadge value={r.status} />
                  {r.reason && <div className="small">{r.reason}</div>}
                </td>
                <td data-label="Platform">
                  {platformOf(r.facts)}
                  {typeof r.facts.cpus === "number" && (
                    <div className="muted small">
                      {String(r.facts.cpus)} CPUs · {Math.round(Number(r.facts.memoryBytes ?? 0) / 1024 ** 3)} GiB
                    </div>
                  )}
                </td>
                <td className="wide-only">
                  <code className="small">{r.machineId}</code>
                </td>
                <td data-label="Registered">
                  <When at={r.createdAt} />
                </td>
                <td className="wide-only">
                  {r.decidedAt ? (
                    <>
                      <When at={r.decidedAt} /> <span className="muted small">by {r.decidedBy}</span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
            {list.isSuccess && requests.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No {status || ""} request. Hosts register with the agent: see Registration.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
      <Dialog open={rejecting} title={`Reject ${sel.selected.length} request(s)?`} onClose={() => setRejecting(false)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate({ params: { path: t.path }, body: { ids: sel.selected, reason } });
          }}
        >
          <Field label="Reason" hint="the machine's agent is told this each time it registers">
            {(p) => <input {...p} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="button" onClick={() => setRejecting(false)}>
              Cancel
            </button>
            <button type="submit" className="danger" disabled={!reason || reject.isPending}>
              Reject
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
