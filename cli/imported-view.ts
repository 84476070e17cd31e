import type { Schemas } from "./api/client.js";
import { age, field, indent, table, tint } from "./format.js";

/**
 * `describe imported-cluster`: what the control plane reads from an
 * imported cluster now (version, API server, nodes) and how it reaches it
 * (its kubeconfig's server, or its agent's tunnel), and Velero if it was
 * ever enabled there (PATCH …/addons/velero, docs/addons.md).
 */
type Live = Schemas["ImportedClusterWithLiveState"];

export function tunnelLine(t: Schemas["TunnelState"] | undefined): string {
  if (!t) return "";
  const since = `since ${t.since} (${age(t.since)})`;
  if (t.state === "awaiting-agent") return `awaiting its agent ${since}: apply its manifest in the cluster`;
  const seen = t.lastSeenAt ? `, last heard from ${age(t.lastSeenAt)} ago` : "";
  return `${tint(t.state)} ${since}${seen}`;
}

export function describeImportedCluster(c: Live): string {
  const l = c.live;
  let out = field("Domain/Project", `${c.domain}/${c.project}`);
  out += field("Description", c.description);
  out += field(
    "Access",
    c.access === "kubeconfig" ? `kubeconfig (server ${c.server ?? "?"})` : "agent (registered; reached through its cluster agent's tunnel)",
  );
  out += field(
    "Reachable",
    l.reachable ? `yes (read ${l.checkedAt})` : `no: ${l.reason ?? "unknown"}${l.message ? ` (${l.message})` : ""}`,
  );
  out += field("Kubernetes", l.kubernetesVersion);
  if (l.reachable) {
    out += field("API server", l.health.apiServerReady ? "ready" : "not ready (/readyz)");
    if (l.health.nodesTotal !== undefined) out += field("Nodes ready", `${l.health.nodesReady ?? 0} of ${l.health.nodesTotal}`);
    out += field("Message", l.message);
  }
  if (c.access === "agent") {
    out += field("Tunnel", tunnelLine(l.tunnel));
    out += field("Agent version", l.tunnel?.agentVersion);
    out += field("Agent certificate", l.tunnel?.certificateSerial);
  }
  if (!l.reachable && c.observed)
    out += field(
      "Last observed",
      `${c.observed.kubernetesVersion ?? "?"}, ${c.observed.readyNodes ?? 0}/${c.observed.nodeCount ?? 0} node(s) ready, at ${c.observed.checkedAt}`,
    );
  out += field(
    "Labels",
    Object.entries(c.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(","),
  );
  out += field("Created", c.createdAt);
  out += field("Velero", veleroLine(c.addons?.velero));
  const nodes = l.nodes ?? [];
  if (l.reachable)
    out += nodes.length
      ? `Nodes:\n${indent(
          table(
            ["NAME", "ROLES", "READY", "KUBELET"],
            nodes.map((n) => [n.name, n.roles.join(",") || "<none>", tint(n.ready ? "True" : "False"), n.kubeletVersion ?? ""]),
          ),
        )}`
      : "Nodes:        <none>\n";
  return out;
}

/** `Ready (v1.18.1, generation 2)`, or the phase with its condition's reason and message. */
export function veleroLine(v: Schemas["ImportedClusterAddon"] | undefined): string {
  if (!v) return "";
  const what = [v.version, `generation ${v.generation}`].filter(Boolean).join(", ");
  const cond = v.conditions?.[0];
  const why = cond && cond.status !== "True" && v.phase !== "Disabled" ? `: ${cond.reason} (${cond.message})` : "";
  return `${tint(v.phase ?? (v.enabled ? "enabled" : "disabled"))} (${what})${why}`;
}
