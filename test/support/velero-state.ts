import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import type { VeleroServer } from "../doubles/velero-server.js";

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
type Any = any;

/**
 * What one workload cluster's Velero holds, in a few lines, for a failed
 * wait's message: its locations (phase, message, last validation), backups
 * and restores (phase and why), and the Velero double's history of phase
 * changes and its errors. A backup that never completes on a loaded machine
 * is otherwise a phase and nothing to tell why.
 */
export async function veleroState(workload: Api | undefined, velero?: VeleroServer, errors: string[] = []): Promise<string> {
  const lines: string[] = [];
  if (workload)
    for (const plural of ["backupstoragelocations", "backups", "restores"]) {
      const res = await kubeRequest(workload, "GET", `/apis/velero.io/v1/namespaces/velero/${plural}`);
      for (const o of (res.status === 200 ? res.body.items : []) as Any[]) {
        const s = o.status ?? {};
        const why = [s.message, ...(s.validationErrors ?? []), s.failureReason].filter(Boolean).join("; ");
        lines.push(
          `${o.kind} ${o.metadata.name}: ${s.phase ?? "(no phase)"}${s.lastValidationTime ? ` validated ${s.lastValidationTime}` : ""}${why ? ` — ${why}` : ""}`,
        );
      }
    }
  else lines.push("(the workload cluster's apiserver is not up)");
  for (const h of velero?.history ?? []) lines.push(`velero: ${h}`);
  for (const e of errors) lines.push(`double: ${e}`);
  return lines.join("\n");
}
