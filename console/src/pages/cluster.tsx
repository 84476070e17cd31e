import { type FormEvent, useState } from "react";
import { Link, useParams } from "wouter";
import { api, asProblem, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { Labels, SimulationBadge, StatusBadge } from "../ui/badges";
import { Dialog, TypedConfirm } from "../ui/dialog";
import { Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { ReasonHint } from "../ui/reason";
import { useTenant } from "../ui/scope";
import { duration, useNow, When } from "../ui/time";
import { ClusterAddons } from "./cluster-addons";
import { ClusterAutoscaling } from "./cluster-autoscaling";
import { ClusterBackups } from "./cluster-backups";
import { KubeconfigDownload } from "./cluster-kubeconfig";
import { WorkerPools } from "./cluster-pools";
import { ClusterTemplatePanel } from "./cluster-template";

type Status = Schemas["ClusterStatus"];

/**
 * One cluster, live: each step of the running (or last) operation with its
 * state, times, retries and message; the conditions with their reasons
 * explained; what the management cluster reports; and scale, upgrade
 * (only allowed targets) and delete (typed confirmation).
 */
export function ClusterPage() {
  const t = useTenant();
  const { id = "" } = useParams<{ id: string }>();
  const write = useCan("write", t);
  const path = { ...t.path, id };
  const cluster = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/clusters/{id}",
    { params: { path } },
    { refetchInterval: 5_000 },
  );
  const status = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/clusters/{id}/status",
    { params: { path } },
    { refetchInterval: 2_000 },
  );
  const providers = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/provider-clusters", {
    params: { path: t.path, query: { limit: 200 } },
  });
  const domainProviders = api.useQuery("get", "/v1/domains/{domain}/provider-clusters", {
    params: { path: { domain: t.domain }, query: { scope: "domain", limit: 200 } },
  });
  const c = cluster.data;
  const s = status.data;
  const gone = asProblem(cluster.error).status === 404 || asProblem(status.error).status === 404;
  if (gone) {
    return (
      <section>
        <PageHeader title="Cluster deleted" />
        <p role="status">
          This cluster no longer exists. <Link href={`${t.href}/clusters`}>Back to the clusters</Link>
        </p>
      </section>
    );
  }
  const provider = [...itemsOf(providers.data), ...itemsOf(domainProviders.data)].find((p) => p.name === c?.providerCluster);
  const busy = s ? !["Ready", "Failed"].includes(s.phase) : true;
  return (
    <section>
      <PageHeader
        title={c?.name ?? "Cluster"}
        badges={
          <>
            {s && <StatusBadge value={s.phase} />} {provider && <SimulationBadge of={provider} />}
          </>
        }
      >
        <span className="live">live</span>
      </PageHeader>
      <ProblemAlert error={cluster.error ?? status.error} />
      {c && s && (
        <>
          <Summary c={c} s={s} />
          <ClusterTemplatePanel c={c} write={write} canChange={!busy || s.phase === "Failed"} />
          <Progress s={s} />
          <Conditions s={s} />
          <WorkerPools s={s} />
          {s.drift && <Drift drift={s.drift} />}
          <ClusterAddons path={path} canChange={write && (s.phase === "Ready" || s.phase === "Failed")} />
          {s.phase !== "Deleting" && <ClusterAutoscaling c={c} s={s} />}
          {c.addons?.velero?.enabled && s.phase !== "Deleting" && <ClusterBackups clusterId={c.id} />}
          {write && <Actions c={c} s={s} busy={busy} />}
        </>
      )}
    </section>
  );
}

function Summary({ c, s }: { c: Schemas["Cluster"]; s: Status }) {
  return (
    <div className="two-col">
      <section className="card" aria-labelledby="spec-title">
        <h2 id="spec-title">Specification</h2>
        <dl className="facts">
          <dt>Kubernetes</dt>
          <dd>
            {s.kubernetesVersion}
            {s.target?.kubernetesVersion && s.target.kubernetesVersion !== s.kubernetesVersion ? ` → ${s.target.kubernetesVersion}` : ""}
          </dd>
          <dt>CNI</dt>
          <dd>
            {c.cni.name} {c.cni.version}
          </dd>
          <dt>Workers</dt>
          <dd>
            {c.workers} from host group {c.hostGroup}
          </dd>
          <dt>Provider cluster</dt>
          <dd>
            {c.providerCluster}
            {c.resolved?.managementCluster && <> on management cluster {c.resolved.managementCluster}</>}
          </dd>
          <dt>Control plane</dt>
          <dd>{c.controlPlaneEndpoint ? `${c.controlPlaneEndpoint.host}:${c.controlPlaneEndpoint.port}` : "—"}</dd>
          <dt>Networks</dt>
          <dd>
            pods {c.network.podCidr} · services {c.network.serviceCidr}
            {c.network.nodeCidr || c.resolved?.nodeCidr ? ` · nodes ${c.network.nodeCidr ?? c.resolved?.nodeCidr}` : ""}
          </dd>
          <dt>Image registry</dt>
          <dd>
            <span className="mono">{c.imageRegistry.url}</span>
            {c.imageRegistry.type === "default"
              ? " (the installation's default)"
              : ` (${c.imageRegistry.type}${c.imageRegistry.username ? `, as ${c.imageRegistry.username}` : ""}${c.imageRegistry.caBundle ? ", own CA" : ""})`}
          </dd>
          <dt>Labels</dt>
          <dd>
            <Labels labels={c.labels} />
          </dd>
          <dt>Created</dt>
          <dd>
            <When at={c.createdAt} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="observed-title">
        <h2 id="observed-title">What the management cluster reports</h2>
        <dl className="facts">
          <dt>Control plane</dt>
          <dd>
            <StatusBadge value={s.controlPlane.ready ? "Ready" : "pending"} label={s.controlPlane.ready ? "ready" : "not ready"} />{" "}
            {s.controlPlane.version ?? "no version yet"}
          </dd>
          <dt>Workers</dt>
          <dd>
            <meter min={0} max={Math.max(s.workers.desired, 1)} value={s.workers.ready} aria-label="workers ready" /> {s.workers.ready} of{" "}
            {s.workers.desired} ready · {s.workers.assigned} hosts assigned · {s.workers.updated} at the version
            {s.workers.autoscaling?.enabled ? ` · ${s.workers.autoscaled ?? 0} autoscaled` : ""}
          </dd>
          <dt>Observed</dt>
          <dd>
            <When at={s.observedAt} />
          </dd>
        </dl>
      </section>
    </div>
  );
}

function Progress({ s }: { s: Status }) {
  const now = useNow(1000);
  const { href } = useTenant();
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">
        Progress: {s.operation} <span className="muted small">(generation {s.generation})</span>
      </h2>
      {s.currentStep && (
        <p role="status">
          Now: <strong>{s.currentStep}</strong>
          {s.currentStep === "wait-approval" && (
            <>
              {" "}
              — its hosts' requests are under <Link href={`${href}/host-requests`}>Host requests</Link>
            </>
          )}
        </p>
      )}
      <ol className="steps">
        {s.steps.map((st) => (
          <li key={st.name} className={`step step-${st.state}`} aria-current={st.name === s.currentStep ? "step" : undefined}>
            <div className="step-head">
              {/* a step not reached yet is not a problem: grey, not the yellow of "waits for you" */}
              <StatusBadge value={st.state} tone={st.state === "pending" ? "muted" : undefined} />
              <strong>{st.name}</strong>
              <span className="muted small">
                {st.startedAt && (
                  <>
                    started <When at={st.startedAt} />
                  </>
                )}
                {st.startedAt && ` · ${duration(st.startedAt, st.endedAt, now)}`}
                {st.retries ? ` · ${st.retries} retr${st.retries === 1 ? "y" : "ies"}` : ""}
              </span>
            </div>
            {st.message && <p className="step-message">{st.message}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Conditions({ s }: { s: Status }) {
  return (
    <section className="card" aria-labelledby="conditions-title">
      <h2 id="conditions-title">Conditions</h2>
      <div className="table-wrap">
        <table className="stack">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Message</th>
              <th scope="col" className="wide-only">
                Since
              </th>
            </tr>
          </thead>
          <tbody>
            {s.conditions.map((c) => (
              <tr key={c.type}>
                <td data-label="Type">
                  <strong>{c.type}</strong>
                </td>
                <td data-label="Status">
                  {/* not yet true is a state of progress, not a failure, until the cluster failed */}
                  <StatusBadge value={c.status === "False" && s.phase !== "Failed" ? "pending" : c.status} label={c.status} />
                </td>
                <td data-label="Reason">
                  <ReasonHint reason={c.reason} message={c.message} />
                </td>
                <td data-label="Message" className="msg">
                  {c.message}
                </td>
                <td className="wide-only">
                  <When at={c.lastTransitionTime} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Drift({ drift }: { drift: NonNullable<Status["drift"]> }) {
  return (
    <section className="card" aria-labelledby="drift-title">
      <h2 id="drift-title">Machines</h2>
      <p>
        <StatusBadge value={drift.inSync ? "Ready" : "Failed"} label={drift.inSync ? "in sync" : "drift"} />{" "}
        <ReasonHint reason={drift.reason} message={drift.message} /> {drift.message}
      </p>
      <p className="muted small">
        {drift.readyMachines} of {drift.desiredWorkers} machines ready · checked <When at={drift.checkedAt} />
      </p>
    </section>
  );
}

function Actions({ c, s, busy }: { c: Schemas["Cluster"]; s: Status; busy: boolean }) {
  const t = useTenant();
  const path = { ...t.path, id: c.id };
  const versions = api.useQuery("get", "/v1/kubernetes-versions");
  const targets = itemsOf(versions.data).find((v) => v.version === s.kubernetesVersion)?.upgradeTargets ?? [];
  const [workers, setWorkers] = useState(String(c.workers));
  const [target, setTarget] = useState("");
  const [deleting, setDeleting] = useState(false);
  const scale = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/scale", { onSuccess: () => refreshAll() });
  const upgrade = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/upgrade", {
    onSuccess: () => refreshAll(),
  });
  const del = api.useMutation("delete", "/v1/domains/{domain}/projects/{project}/clusters/{id}", {
    onSuccess: () => {
      setDeleting(false);
      void refreshAll();
    },
  });
  const scaleProblem = scale.error ? (asProblem(scale.error) as Record<string, unknown>) : undefined;
  const canChange = !busy || s.phase === "Failed";
  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Change the cluster</h2>
      {busy && s.phase !== "Deleting" && <p className="muted">Scale and upgrade are possible once the running operation ends.</p>}
      <div className="action-grid">
        <form
          aria-labelledby="scale-title"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            scale.mutate({ params: { path }, body: { workers: Number(workers) } });
          }}
        >
          <h3 id="scale-title">Scale</h3>
          <Field
            label="Workers"
            error={
              scaleProblem && typeof scaleProblem.freeHosts === "number"
                ? `${asProblem(scale.error).detail} (free: ${scaleProblem.freeHosts}, needed: ${scaleProblem.neededHosts})`
                : undefined
            }
          >
            {(p) => <input {...p} type="number" min={1} max={500} required value={workers} onChange={(e) => setWorkers(e.target.value)} />}
          </Field>
          <button type="submit" disabled={!canChange || scale.isPending || Number(workers) === c.workers}>
            Scale
          </button>
          {scale.error && !(scaleProblem && typeof scaleProblem.freeHosts === "number") ? <ProblemAlert error={scale.error} /> : null}
        </form>
        <form
          aria-labelledby="upgrade-title"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (target) upgrade.mutate({ params: { path }, body: { kubernetesVersion: target } });
          }}
        >
          <h3 id="upgrade-title">Upgrade</h3>
          {targets.length === 0 ? (
            <p className="muted">No upgrade is available from {s.kubernetesVersion}.</p>
          ) : (
            <>
              <Field label="Target version" hint="one minor at a time, never down">
                {(p) => (
                  <select {...p} required value={target} onChange={(e) => setTarget(e.target.value)}>
                    <option value="">Choose…</option>
                    {targets.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" disabled={!canChange || !target || upgrade.isPending}>
                Upgrade
              </button>
            </>
          )}
          <ProblemAlert error={upgrade.error} />
        </form>
        <KubeconfigDownload id={c.id} name={c.name} controlPlaneReady={s.controlPlane.ready} />
        <div>
          <h3>Delete</h3>
          <p className="muted small">Takes the cluster down, returns its hosts to the group and releases provider machines.</p>
          <button type="button" className="danger" disabled={s.phase === "Deleting"} onClick={() => setDeleting(true)}>
            {s.phase === "Deleting" ? "Deleting…" : "Delete cluster…"}
          </button>
          <ProblemAlert error={del.error} />
        </div>
      </div>
      <Dialog open={deleting} title={`Delete cluster ${c.name}?`} onClose={() => setDeleting(false)}>
        <p>This cannot be undone. Workloads on the cluster are lost.</p>
        <TypedConfirm
          expected={c.name}
          action="Delete cluster"
          busy={del.isPending}
          onCancel={() => setDeleting(false)}
          onConfirm={() => del.mutate({ params: { path } })}
        />
      </Dialog>
    </section>
  );
}
