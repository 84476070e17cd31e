import type { Schemas } from "./api/client.js";
import { pc } from "./colors.js";

/** A dry-run plan, as a person reads it: checks, hosts, machines, objects (with field changes), steps. */
export type Plan = Schemas["ClusterPlan"];

const c = {
  add: (t: string) => (pc.isColorSupported ? pc.green(t) : t),
  del: (t: string) => (pc.isColorSupported ? pc.red(t) : t),
  mod: (t: string) => (pc.isColorSupported ? pc.yellow(t) : t),
  dim: (t: string) => (pc.isColorSupported ? pc.dim(t) : t),
  bold: (t: string) => (pc.isColorSupported ? pc.bold(t) : t),
};

const show = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));

export function planOk(p: Plan): boolean {
  return p.accepted && p.checks.every((x) => x.ok);
}

export function formatPlan(p: Plan, o: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const change = (from?: string | number, to?: string | number) =>
    from !== undefined && to !== undefined ? `${from} → ${to}` : String(to ?? from ?? "");
  const what = [
    p.from.workers !== undefined || p.to.workers !== undefined ? `workers ${change(p.from.workers, p.to.workers)}` : "",
    p.from.kubernetesVersion !== undefined || p.to.kubernetesVersion !== undefined
      ? `Kubernetes ${change(p.from.kubernetesVersion, p.to.kubernetesVersion)}`
      : "",
  ]
    .filter(Boolean)
    .join(", ");
  lines.push(
    c.bold(`Plan: ${p.operation} cluster ${p.cluster.name}${p.cluster.phase ? ` (${p.cluster.phase})` : ""}${what ? `: ${what}` : ""}`),
  );
  if (p.providerCluster || p.managementCluster) {
    lines.push(
      `  ${[
        p.providerCluster ? `provider cluster ${p.providerCluster.name} (${p.providerCluster.type})` : "",
        p.managementCluster ? `management cluster ${p.managementCluster.name}` : "",
      ]
        .filter(Boolean)
        .join(", ")}`,
    );
  }
  lines.push("Checks:");
  const w = Math.max(8, ...p.checks.map((x) => x.name.length));
  for (const x of p.checks) {
    lines.push(`  ${x.ok ? c.add("✓") : c.del("✗")} ${x.name.padEnd(w)}  ${x.message}${x.code && !x.ok ? c.dim(`  [${x.code}]`) : ""}`);
  }
  if (p.hosts.take.length || p.hosts.release.length) {
    lines.push("Hosts:");
    for (const h of p.hosts.take) lines.push(c.add(`  + take    ${h.id}${h.hostname ? ` (${h.hostname})` : ""}`));
    for (const h of p.hosts.release) {
      lines.push(
        c.del(
          `  - release ${h.id}${h.hostname ? ` (${h.hostname})` : ""} → ${h.to === "provider" ? "deleted, its machine returned to the provider" : "back to its group"}`,
        ),
      );
    }
  }
  const m = p.machines;
  if (m.create.length || m.release.length || m.markForDeletion.length) {
    lines.push("Machines:");
    for (const x of m.create) lines.push(c.add(`  + create  ${x.name}${x.os ? ` (${x.os}/${x.arch})` : ""}`));
    for (const x of m.markForDeletion) lines.push(c.mod(`  ! mark    Machine ${x} to be removed first`));
    for (const x of m.release) lines.push(c.del(`  - release ${x.name}${x.serverId ? ` (server ${x.serverId})` : ""}`));
  }
  if (p.objects.length) {
    lines.push(`Objects${p.managementCluster ? ` on management cluster ${p.managementCluster.name}` : ""}:`);
    const unchanged = p.objects.filter((x) => x.action === "unchanged");
    for (const x of p.objects) {
      const ref = `${x.kind} ${x.namespace ? `${x.namespace}/` : ""}${x.name}`;
      if (x.action === "create") lines.push(c.add(`  + create  ${ref}`));
      else if (x.action === "delete") lines.push(c.del(`  - delete  ${ref}`));
      else if (x.action === "update") {
        lines.push(c.mod(`  ~ update  ${ref}`));
        for (const ch of x.changes ?? []) lines.push(`      ${ch.path}: ${c.del(show(ch.from))} → ${c.add(show(ch.to))}`);
      } else if (o.verbose) lines.push(c.dim(`  = same    ${ref}`));
    }
    if (unchanged.length && !o.verbose) lines.push(c.dim(`  = ${unchanged.length} unchanged`));
  }
  if (p.steps.length) lines.push(`Steps: ${p.steps.join(" → ")}`);
  for (const n of p.notes) lines.push(c.dim(`Note: ${n}`));
  if (!p.accepted) lines.push(c.del(`Refused: ${p.refusal?.message ?? "the request would be refused"} [${p.refusal?.code ?? "?"}]`));
  else if (!planOk(p)) lines.push(c.mod("Accepted, but a check fails: the operation would fail at that step."));
  else lines.push(c.add("The request would be accepted."));
  lines.push(c.dim("Dry run: nothing was changed."));
  return `${lines.join("\n")}\n`;
}
