import type { Schemas } from "../api/client";
import { StatusBadge } from "../ui/badges";

/**
 * The cluster's worker pools (docs/clusters.md "Worker pools and node roles"):
 * the primary pool first, each with its host group, node roles, taints and
 * what its MachineDeployment reports.
 */
export function WorkerPools({ s }: { s: Schemas["ClusterStatus"] }) {
  return (
    <section className="card" aria-labelledby="pools-title">
      <h2 id="pools-title">Worker pools</h2>
      <div className="table-wrap">
        <table className="stack" aria-labelledby="pools-title">
          <thead>
            <tr>
              <th scope="col">Pool</th>
              <th scope="col">Host group</th>
              <th scope="col">Roles</th>
              <th scope="col">Taints</th>
              <th scope="col">Ready</th>
              <th scope="col" className="wide-only">
                MachineDeployment
              </th>
            </tr>
          </thead>
          <tbody>
            {s.workerPools.map((p) => (
              <tr key={p.name}>
                <td data-label="Pool">
                  <strong>{p.name}</strong>
                </td>
                <td data-label="Host group">{p.hostGroup}</td>
                <td data-label="Roles">{p.roles.length ? p.roles.join(", ") : "—"}</td>
                <td data-label="Taints" className="mono">
                  {p.taints.length ? p.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(", ") : "—"}
                </td>
                <td data-label="Ready">
                  <StatusBadge value={p.ready >= p.desired ? "Ready" : "pending"} label={`${p.ready} of ${p.desired}`} />{" "}
                  <span className="muted small">
                    {p.assigned} assigned · {p.updated} at the version
                  </span>
                </td>
                <td className="wide-only mono">{p.machineDeployment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
