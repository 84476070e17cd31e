import { useState } from "react";
import { fetchClient } from "../api/client";
import { useCan } from "../auth";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";

/**
 * The cluster's admin kubeconfig as a download (project admins): read from
 * the control plane provider's Secret by the API, which records each read
 * in the audit trail. Offered once the control plane is up.
 */
export function KubeconfigDownload({ id, name, controlPlaneReady }: { id: string; name: string; controlPlaneReady: boolean }) {
  const t = useTenant();
  const admin = useCan("admin", t);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!admin) return null;
  const download = async () => {
    setBusy(true);
    setError(undefined);
    const { data, error: problem } = await fetchClient.GET("/v1/domains/{domain}/projects/{project}/clusters/{id}/kubeconfig", {
      params: { path: { ...t.path, id } },
      parseAs: "text",
    });
    setBusy(false);
    if (problem !== undefined || typeof data !== "string") {
      setError(problem ?? new Error("no kubeconfig in the answer"));
      return;
    }
    const url = URL.createObjectURL(new Blob([data], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name}.kubeconfig`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div>
      <h3>Kubeconfig</h3>
      <p className="muted small">The cluster's admin credential for kubectl. Each download is recorded in the audit trail.</p>
      <button type="button" disabled={!controlPlaneReady || busy} onClick={() => void download()}>
        {busy ? "Downloading…" : "Download kubeconfig"}
      </button>
      <ProblemAlert error={error} />
    </div>
  );
}
