import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { AgentInstall, AgentTokenDialog, TunnelBadge } from "../ui/agent-install";
import { Labels, SimulationBadge, StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { Field, KubeconfigField, parsePairs } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { When } from "../ui/time";

/** The Cluster API management clusters (platform admin), each with its health probed live. */
export function ManagementClusters() {
  const list = api.useQuery("get", "/v1/management-clusters", { params: { query: { limit: 200 } } }, { refetchInterval: 15_000 });
  const remove = api.useMutation("delete", "/v1/management-clusters/{id}", { onSuccess: () => refreshAll() });
  const [deleting, setDeleting] = useState<Schemas["ManagementCluster"]>();
  return (
    <section>
      <PageHeader title="Management clusters" />
      <ProblemAlert error={list.error ?? remove.error} />
      <div className="cards">
        {itemsOf(list.data).map((mc) => (
          <article key={mc.id} className="card" aria-labelledby={`mc-${mc.id}`}>
            <h2 id={`mc-${mc.id}`}>
              {mc.name} <SimulationBadge of={mc} />
            </h2>
            {mc.description && <p className="muted">{mc.description}</p>}
            <dl className="facts">
              <dt>API server</dt>
              <dd>{mc.server ? <code>{mc.server}</code> : <span className="muted">reached through its cluster agent</span>}</dd>
              <dt>Connectivity</dt>
              <dd>{mc.connectivity}</dd>
              <dt>Labels</dt>
              <dd>
                <Labels labels={mc.labels} />
              </dd>
              <dt>Clusters placed</dt>
              <dd>
                {mc.clusterCount}
                {mc.maxClusters ? ` of at most ${mc.maxClusters}` : ""}
                {mc.schedulable ? "" : " (unschedulable)"}
              </dd>
              <dt>Named by</dt>
              <dd>
                {mc.providerClusterCount} provider cluster(s), {mc.hostGroupCount} host group(s)
              </dd>
              <dt>Credentials updated</dt>
              <dd>
                <When at={mc.credentialsUpdatedAt} />
              </dd>
            </dl>
            <Health id={mc.id} />
            <div className="actions">
              {mc.connectivity === "remote" && <NewAgentToken mc={mc} />}
              <button type="button" className="danger" onClick={() => setDeleting(mc)}>
                Delete<span className="visually-hidden"> {mc.name}</span>
              </button>
            </div>
          </article>
        ))}
      </div>
      {list.isSuccess && itemsOf(list.data).length === 0 && <p className="empty">No management cluster is registered.</p>}
      <Register />
      <Dialog open={!!deleting} title={`Delete management cluster ${deleting?.name ?? ""}?`} onClose={() => setDeleting(undefined)}>
        <p>It is refused while clusters are placed on it or provider clusters or host groups name it.</p>
        <div className="actions">
          <button type="button" onClick={() => setDeleting(undefined)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() =>
              deleting && remove.mutate({ params: { path: { id: deleting.id } } }, { onSettled: () => setDeleting(undefined) })
            }
          >
            Delete
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function Health({ id }: { id: string }) {
  const h = api.useQuery("get", "/v1/management-clusters/{id}/health", { params: { path: { id } } }, { refetchInterval: 15_000 });
  if (h.error) return <ProblemAlert error={h.error} title="Health check failed" />;
  if (!h.data) return <p className="muted">Checking health…</p>;
  const d = h.data;
  return (
    <section aria-label="health" className="health">
      <p>
        {d.tunnel?.state === "awaiting-agent" ? (
          <StatusBadge value="pending" label="not connected yet" />
        ) : (
          <StatusBadge value={d.ready ? "Ready" : "Failed"} label={d.ready ? "healthy" : d.reachable ? "not ready" : "unreachable"} />
        )}{" "}
        {d.reachable && (
          <span className="muted">
            Kubernetes {d.kubernetesVersion} · {d.latencyMs} ms · checked <When at={d.checkedAt} />
          </span>
        )}
      </p>
      {d.tunnel && (
        <p>
          <TunnelBadge tunnel={d.tunnel} />
        </p>
      )}
      {d.message && <p className="small">{d.message}</p>}
      <ul className="providers">
        {d.providers.map((p) => (
          <li key={p.name}>
            <StatusBadge value={p.installed ? "Ready" : "skipped"} label={p.installed ? "installed" : "missing"} /> {p.name}
            {p.version ? ` ${p.version}` : ""}
            {p.missing.length > 0 && <span className="muted small"> (missing {p.missing.join(", ")})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A new registration token and manifest for a remote cluster's agent (the first expired, or the agent is re-installed). */
function NewAgentToken({ mc }: { mc: Schemas["ManagementCluster"] }) {
  const issue = api.useMutation("post", "/v1/management-clusters/{id}/agent-tokens");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          issue.mutate({ params: { path: { id: mc.id } }, body: {} });
        }}
      >
        New agent token<span className="visually-hidden"> for {mc.name}</span>
      </button>
      <AgentTokenDialog open={open} onClose={() => setOpen(false)} name={mc.name} where={`management cluster ${mc.name}`} issued={issue} />
    </>
  );
}

/** Registers a management cluster: reached with a kubeconfig (direct), or through a cluster agent it runs (remote). */
function Register() {
  const create = api.useMutation("post", "/v1/management-clusters", { onSuccess: () => refreshAll() });
  const [name, setName] = useState("");
  const [remote, setRemote] = useState(false);
  const [kubeconfig, setKubeconfig] = useState("");
  const [labels, setLabels] = useState("");
  const [max, setMax] = useState("");
  const [installed, setInstalled] = useState<{ name: string; agent: Schemas["ClusterAgentInstall"] }>();
  const parsed = parsePairs(labels);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed.error) return;
    const common = { name, labels: parsed.value, ...(max ? { maxClusters: Number(max) } : {}) };
    await create.mutateAsync({ body: remote ? { ...common, connectivity: "remote" } : { ...common, kubeconfig } }).then(
      (created) => {
        setInstalled(created.agent ? { name: created.name, agent: created.agent } : undefined);
        setName("");
        setKubeconfig("");
        setLabels("");
        setMax("");
      },
      () => undefined,
    );
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="register-mc">
      <h2 id="register-mc">Register a management cluster</h2>
      <Field label="Name">{(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <fieldset className="choice">
        <legend>How the control plane reaches it</legend>
        <label>
          <input type="radio" name="connectivity" checked={!remote} onChange={() => setRemote(false)} /> With a kubeconfig (it can reach the
          API server)
        </label>
        <label>
          <input type="radio" name="connectivity" checked={remote} onChange={() => setRemote(true)} /> Through a cluster agent (remote: the
          cluster dials out; behind NAT or a firewall)
        </label>
      </fieldset>
      {!remote && (
        <KubeconfigField
          value={kubeconfig}
          onChange={setKubeconfig}
          hint="write-only: its current context is used, sealed at rest and never shown again"
        />
      )}
      <Field label="Labels" hint="key=value, one per line (placement selects on them)" error={parsed.error}>
        {(p) => <textarea {...p} rows={2} value={labels} onChange={(e) => setLabels(e.target.value)} />}
      </Field>
      <Field label="At most this many clusters (optional)">
        {(p) => <input {...p} type="number" min={1} value={max} onChange={(e) => setMax(e.target.value)} />}
      </Field>
      <ProblemAlert error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Register
        </button>
      </div>
      {installed && <AgentInstall install={installed.agent} where={`management cluster ${installed.name}`} />}
    </form>
  );
}
