import { useEffect, useMemo } from "react";
import type { Schemas } from "../api/client";
import { StatusBadge } from "./badges";
import { CopyButton } from "./copy";
import { Dialog } from "./dialog";
import { ProblemAlert } from "./problem";
import { When } from "./time";

/**
 * How to install a cluster agent: the command to run in the cluster, the
 * manifest to apply (copied or downloaded), and what the token is worth.
 * The token is in the manifest and shown only here, once.
 */
export function AgentInstall({ install, where }: { install: Schemas["ClusterAgentInstall"]; where: string }) {
  // the file name the API's command names
  const file = /-f (\S+\.yaml)/.exec(install.command)?.[1] ?? "ckp-cluster-agent.yaml";
  const command = install.command.split(/\s+#/)[0];
  const href = useMemo(() => URL.createObjectURL(new Blob([install.manifest], { type: "application/yaml" })), [install.manifest]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <section className="agent-install" aria-label="Install the cluster agent">
      <p>
        Apply this manifest <strong>in {where}</strong>, with a kubeconfig that may create a namespace and cluster RBAC. The agent dials out
        to the control plane; nothing needs to reach the cluster.
      </p>
      <pre className="command">{command}</pre>
      <p className="muted small">Save the manifest as that file first. It holds the token: keep it private.</p>
      <div className="actions">
        <a className="button primary" href={href} download={file}>
          Download manifest
        </a>
        <CopyButton text={install.manifest} label="Copy manifest" />
      </div>
      <p className="muted small">
        Its registration token works once and expires <When at={install.expiresAt} />; this is the only time it is shown. A new one: “New
        agent token”.
      </p>
      <details>
        <summary>Show the manifest</summary>
        <pre className="command manifest">{install.manifest}</pre>
      </details>
    </section>
  );
}

const TUNNEL_LABEL: Record<Schemas["TunnelState"]["state"], string> = {
  "awaiting-agent": "awaiting its agent",
  connected: "agent connected",
  disconnected: "agent disconnected",
};

/** A cluster agent's tunnel: its state, since when, and the agent's version. */
export function TunnelBadge({ tunnel }: { tunnel: Schemas["TunnelState"] }) {
  return (
    <span className="tunnel">
      <StatusBadge
        value={tunnel.state === "connected" ? "Ready" : tunnel.state === "disconnected" ? "Failed" : "pending"}
        label={TUNNEL_LABEL[tunnel.state]}
      />{" "}
      <span className="muted small">
        since <When at={tunnel.since} />
        {tunnel.agentVersion ? ` · agent ${tunnel.agentVersion}` : ""}
      </span>
    </span>
  );
}

/** The answer of `POST …/agent-tokens` (a new token and manifest) in a dialog: pending, refused, or how to install it. */
export function AgentTokenDialog({
  open,
  onClose,
  name,
  where,
  issued,
}: {
  open: boolean;
  onClose: () => void;
  name: string;
  where: string;
  issued: { isPending: boolean; error: unknown; data?: Schemas["ClusterAgentInstall"] | undefined };
}) {
  return (
    <Dialog open={open} title={`Install the agent of ${name}`} onClose={onClose}>
      <ProblemAlert error={issued.error} />
      {issued.isPending && <p className="muted">Issuing a token…</p>}
      {issued.data && <AgentInstall install={issued.data} where={where} />}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
