import { Fragment, useState } from "react";
import { api, type Schemas } from "../api/client";
import { StatusBadge } from "../ui/badges";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { ReasonHint } from "../ui/reason";
import { useTenant } from "../ui/scope";

type Cluster = Schemas["ImportedClusterWithLiveState"];

const PHASE_TONE: Record<string, string> = {
  Ready: "Ready",
  Installing: "running",
  Uninstalling: "running",
  Unhealthy: "Failed",
  Failed: "Failed",
  Disabled: "skipped",
  Unknown: "Unknown",
};

/**
 * Velero on an imported cluster (docs/addons.md): CKP did not create the
 * cluster, so no add-on provider installs it; an installer Job that runs
 * Helm in the cluster's ckp-system namespace does. Its phase, version,
 * the Job and the health condition, read from the cluster; enable (with
 * its node agent or not) and disable for project admins.
 */
export function ImportedVelero({ cluster, admin }: { cluster: Cluster; admin: boolean }) {
  const t = useTenant();
  const v = cluster.addons?.velero;
  const on = v?.enabled ?? false;
  const [nodeAgent, setNodeAgent] = useState(Boolean(v?.values.deployNodeAgent));
  const change = api.useMutation("patch", "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/addons/{name}", {
    onSuccess: () => refreshAll(),
  });
  const send = (enabled: boolean) =>
    change.mutate({
      params: { path: { ...t.path, id: cluster.id, name: "velero" } },
      body: enabled
        ? { enabled, values: { deployNodeAgent: nodeAgent, snapshotsEnabled: false, defaultVolumesToFsBackup: false } }
        : { enabled },
    });
  return (
    <section className="card" aria-labelledby="velero">
      <h2 id="velero">Velero (backups)</h2>
      {v ? (
        <dl className="facts">
          <dt>Phase</dt>
          <dd>
            <StatusBadge value={PHASE_TONE[v.phase ?? "Unknown"] ?? "Unknown"} label={v.phase ?? "Unknown"} />
            {v.version && <span className="muted small"> Velero {v.version}</span>}
          </dd>
          {v.job && (
            <>
              <dt>Installer Job</dt>
              <dd>
                <code>ckp-system/{v.job}</code>
                <span className="muted small"> (generation {v.generation})</span>
              </dd>
            </>
          )}
          {(v.conditions ?? []).map((c) => (
            <Fragment key={c.type}>
              <dt>{c.type}</dt>
              <dd>
                <StatusBadge value={c.status} /> {c.reason && <ReasonHint reason={c.reason} message={c.message} />}
                {c.message && <div className="small">{c.message}</div>}
              </dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <p className="muted">Not enabled. An installer Job runs Helm in the cluster (namespace ckp-system) to install it.</p>
      )}
      {admin && (
        <div className="actions">
          {!on && (
            <label>
              <input type="checkbox" checked={nodeAgent} onChange={(e) => setNodeAgent(e.target.checked)} /> Node agent (file-system backups
              of volumes)
            </label>
          )}
          <button type="button" className={on ? "danger" : "primary"} disabled={change.isPending} onClick={() => send(!on)}>
            {on ? "Disable Velero" : "Enable Velero"}
          </button>
        </div>
      )}
      <ProblemAlert error={change.error} />
    </section>
  );
}
