import { useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { api, asProblem, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { AgentTokenDialog, TunnelBadge } from "../ui/agent-install";
import { Labels, StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { ReasonHint } from "../ui/reason";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";
import { ImportedVelero } from "./imported-cluster-velero";

type Live = Schemas["ImportedClusterWithLiveState"];

/**
 * An imported cluster, read live through its connection (its kubeconfig or
 * its agent's tunnel): Kubernetes version, API server and node health, each
 * node; for a registered cluster its agent and tokens; and detaching it.
 */
export function ImportedClusterPage() {
  const t = useTenant();
  const { id = "" } = useParams<{ id: string }>();
  const admin = useCan("admin", t);
  const path = { ...t.path, id };
  const q = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}",
    { params: { path } },
    { refetchInterval: 10_000 },
  );
  const c = q.data;
  if (asProblem(q.error).status === 404) {
    return (
      <section>
        <PageHeader title="Cluster detached" />
        <p role="status">
          This cluster is no longer in the project. <Link href={`${t.href}/clusters`}>Back to the clusters</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <PageHeader
        title={c?.name ?? "Imported cluster"}
        badges={
          <>
            <span className="badge">imported</span> {c && <Reachability live={c.live} />}
          </>
        }
      >
        {c && admin && <Detach cluster={c} />}
      </PageHeader>
      <ProblemAlert error={q.error} />
      {c && (
        <>
          <div className="card">
            {c.description && <p className="muted">{c.description}</p>}
            <dl className="facts">
              <dt>Reached</dt>
              <dd>
                {c.access === "agent" ? (
                  "through its cluster agent (registered)"
                ) : (
                  <>
                    with a kubeconfig, at <code>{c.server}</code>
                  </>
                )}
              </dd>
              <dt>Kubernetes</dt>
              <dd>{c.live.kubernetesVersion ?? c.observed?.kubernetesVersion ?? "—"}</dd>
              <dt>API server</dt>
              <dd>{c.live.reachable ? (c.live.health.apiServerReady ? "ready" : "not ready (/readyz)") : "—"}</dd>
              <dt>Nodes</dt>
              <dd>
                {c.live.health.nodesTotal !== undefined ? `${c.live.health.nodesReady ?? 0} of ${c.live.health.nodesTotal} ready` : "—"}
              </dd>
              <dt>Labels</dt>
              <dd>
                <Labels labels={c.labels} />
              </dd>
              <dt>Imported</dt>
              <dd>
                <When at={c.createdAt} />
              </dd>
              <dt>Read</dt>
              <dd>
                <When at={c.live.checkedAt} />
              </dd>
            </dl>
          </div>
          <Nodes nodes={c.live.nodes ?? []} />
          <ImportedVelero cluster={c} admin={admin} />
          {c.access === "agent" && <Agent cluster={c} admin={admin} />}
        </>
      )}
    </section>
  );
}

function Reachability({ live }: { live: Live["live"] }) {
  if (live.reachable) return <StatusBadge value="Ready" label="reachable" />;
  return (
    <>
      <StatusBadge value="unreachable" label={live.reason ?? "unreachable"} />{" "}
      {live.reason && <ReasonHint reason={live.reason} message={live.message} />}
    </>
  );
}

function Nodes({ nodes }: { nodes: NonNullable<Live["live"]["nodes"]> }) {
  return (
    <section className="card" aria-labelledby="nodes">
      <h2 id="nodes">Nodes</h2>
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Nodes</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Roles</th>
              <th scope="col">Ready</th>
              <th scope="col">Kubelet</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={n.name}>
                <td data-label="Node">{n.name}</td>
                <td data-label="Roles">{n.roles.length ? n.roles.join(", ") : <span className="muted">—</span>}</td>
                <td data-label="Ready">
                  <StatusBadge value={n.ready ? "Ready" : "False"} label={n.ready ? "Ready" : "NotReady"} />
                </td>
                <td data-label="Kubelet">{n.kubeletVersion ?? "—"}</td>
              </tr>
            ))}
            {nodes.length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  No node is known (the cluster is not reachable, or has none).
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A registered cluster's agent: its tunnel, its registration tokens, and a new token to (re)install it. */
function Agent({ cluster, admin }: { cluster: Live; admin: boolean }) {
  const t = useTenant();
  const path = { ...t.path, id: cluster.id };
  const agent = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/agent",
    { params: { path } },
    { refetchInterval: 10_000 },
  );
  const issue = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/agent-tokens", {
    onSuccess: () => refreshAll(),
  });
  const [open, setOpen] = useState(false);
  const a = agent.data;
  return (
    <section className="card" aria-labelledby="agent">
      <h2 id="agent">Cluster agent</h2>
      <ProblemAlert error={agent.error} />
      {a && (
        <>
          <p>
            <TunnelBadge tunnel={a.tunnel} />
          </p>
          <div className="table-wrap">
            <table className="stack">
              <caption className="visually-hidden">Registration tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">State</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {a.tokens.map((k) => (
                  <tr key={k.tokenId}>
                    <td data-label="Token">
                      <code>{k.tokenId}</code>
                    </td>
                    <td data-label="State">
                      {k.state}
                      {k.usedAt && (
                        <span className="muted small">
                          {" "}
                          <When at={k.usedAt} />
                        </span>
                      )}
                    </td>
                    <td data-label="Issued">
                      <When at={k.createdAt} />
                    </td>
                    <td data-label="Expires">
                      <When at={k.expiresAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {admin && (
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              setOpen(true);
              issue.mutate({ params: { path }, body: {} });
            }}
          >
            New agent token
          </button>
        </div>
      )}
      <AgentTokenDialog open={open} onClose={() => setOpen(false)} name={cluster.name} where={`cluster ${cluster.name}`} issued={issue} />
    </section>
  );
}

function Detach({ cluster }: { cluster: Live }) {
  const t = useTenant();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const detach = api.useMutation("delete", "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}", {
    onSuccess: () => {
      refreshAll();
      navigate(`${t.href}/clusters`);
    },
  });
  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Detach
      </button>
      <Dialog open={open} title={`Detach ${cluster.name}?`} onClose={() => setOpen(false)}>
        <p>
          The cluster itself is not touched:{" "}
          {cluster.access === "agent" ? "its agent's certificate is revoked and its tunnel closed" : "its sealed kubeconfig is deleted"},
          and it leaves the project.
          {cluster.access === "agent" && (
            <>
              {" "}
              Remove the agent from the cluster with <code>kubectl delete namespace ckp-system</code>.
            </>
          )}
        </p>
        <ProblemAlert error={detach.error} />
        <div className="actions">
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            disabled={detach.isPending}
            onClick={() => detach.mutate({ params: { path: { ...t.path, id: cluster.id } } })}
          >
            Detach
          </button>
        </div>
      </Dialog>
    </>
  );
}
