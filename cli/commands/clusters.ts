import { writeFileSync } from "node:fs";
import type { Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { toJson, toYaml } from "../format.js";
import { paramValues } from "../manifests.js";
import type { Output } from "../output.js";
import { formatPlan, type Plan, planOk } from "../plan-view.js";
import { parseDuration, waitForCluster } from "../progress.js";
import { type ResourceDef, resourceNamed } from "../resources.js";
import type { Session } from "../session.js";
import { resourceArg } from "./read.js";

/** What only clusters have: plans (--dry-run), scale, upgrade, and waiting on their saga. */
const out = (t: string) => process.stdout.write(t);

export interface WaitFlags {
  wait?: boolean;
  timeout?: string;
}

export interface DryRunFlags {
  dryRun?: boolean;
  output?: Output;
  verbose?: boolean;
}

const CLUSTERS = () => resourceNamed("clusters") as ResourceDef<Schemas["Cluster"]>;

/** Prints a plan (or its JSON/YAML); a plan that would be refused, or whose checks fail, exits 1. */
export function printPlan(p: Plan, o: DryRunFlags): void {
  if (o.output === "json") out(toJson(p));
  else if (o.output === "yaml") out(toYaml(p));
  else out(formatPlan(p, { verbose: o.verbose }));
  if (!planOk(p))
    throw new CliError(
      p.refusal ? `the ${p.operation} would be refused: ${p.refusal.message}` : `the ${p.operation} plan has failing checks`,
    );
}

export async function waitCluster(s: Session, c: Schemas["Cluster"], f: WaitFlags, goal: "ready" | "deleted"): Promise<void> {
  await waitForCluster(s, s.itemPath(CLUSTERS(), c), c.name, { for: goal, timeoutMs: parseDuration(f.timeout ?? "60m") });
}

// ---------------------------------------------------------------- scale / upgrade / wait

async function clusterNamed(s: Session, word: string, name: string, verb = "scaled, upgraded or waited for"): Promise<Schemas["Cluster"]> {
  const r = resourceArg(word);
  if (r.kind !== "Cluster") throw new CliError(`only clusters can be ${verb} (not ${r.plural})`, EXIT.usage);
  return (await s.find<Schemas["Cluster"]>(r, name)).item;
}

export async function scale(
  s: Session,
  word: string,
  name: string,
  o: WaitFlags & DryRunFlags & { workers?: string; pool?: string },
): Promise<void> {
  const workers = Number(o.workers);
  if (!o.workers || !Number.isInteger(workers) || workers < 1)
    throw new CliError("scale needs --workers N (a whole number, at least 1)", EXIT.usage);
  const c = await clusterNamed(s, word, name);
  const path = s.itemPath(CLUSTERS(), c);
  const body = { workers, ...(o.pool ? { pool: o.pool } : {}) };
  const pool = o.pool ? c.workerPools?.find((p) => p.name === o.pool) : undefined;
  const from = pool ? pool.count : c.workers;
  if (o.dryRun) {
    printPlan(
      (
        await s.request<Plan>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/scale", {
          path,
          query: { dryRun: "true" },
          body,
        })
      ).data,
      o,
    );
    return;
  }
  const { data } = await s.request<Schemas["Cluster"]>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/scale", {
    path,
    body,
  });
  out(
    `cluster/${c.name} scaling${o.pool ? ` pool ${o.pool}` : ""}: ${from} → ${workers} worker(s)${data.phase === "Ready" ? " (nothing to do)" : ""}\n`,
  );
  if (o.wait) await waitCluster(s, c, o, "ready");
}

export async function upgrade(s: Session, word: string, name: string, o: WaitFlags & DryRunFlags & { to?: string }): Promise<void> {
  if (!o.to) throw new CliError("upgrade needs --to VERSION (ckpctl get kubernetes-versions lists the targets)", EXIT.usage);
  const c = await clusterNamed(s, word, name);
  const path = s.itemPath(CLUSTERS(), c);
  const body = { kubernetesVersion: o.to };
  if (o.dryRun) {
    printPlan(
      (
        await s.request<Plan>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/upgrade", {
          path,
          query: { dryRun: "true" },
          body,
        })
      ).data,
      o,
    );
    return;
  }
  await s.request("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/upgrade", { path, body });
  out(`cluster/${c.name} upgrading: ${c.kubernetesVersion} → ${o.to}\n`);
  if (o.wait) await waitCluster(s, c, o, "ready");
}

export async function waitCmd(s: Session, word: string, name: string, o: { for?: string; timeout?: string }): Promise<void> {
  const goal = (o.for ?? "ready").replace(/^condition=/i, "").toLowerCase();
  if (goal !== "ready" && goal !== "deleted" && goal !== "delete") throw new CliError("--for is ready or deleted", EXIT.usage);
  const c = await clusterNamed(s, word, name);
  await waitCluster(s, c, o, goal === "ready" ? "ready" : "deleted");
}

// ---------------------------------------------------------------- template-move

type MovePlan = Schemas["TemplateMovePlan"];

const stepText = (st: MovePlan["operations"][number]) =>
  st.op === "upgrade"
    ? `upgrade to ${st.kubernetesVersion}`
    : st.op === "scale"
      ? `scale to ${st.workers} worker(s)`
      : `${st.enabled ? "set" : "disable"} addon ${st.addon}`;

/** The difference a move makes, one line per field, and the operations that make it. */
export function formatMove(p: MovePlan): string {
  const show = (v: unknown) => (v === undefined || v === null ? "(none)" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const lines = [`template ${p.template}: ${p.from} → ${p.to}`];
  if (!p.changes.length) lines.push("  no change: the cluster already is what the version renders");
  for (const ch of p.changes) lines.push(`  ${ch.field}: ${show(ch.from)} → ${show(ch.to)}  (${ch.by ?? "no operation changes it"})`);
  lines.push(p.operations.length ? `operations, one after the other: ${p.operations.map(stepText).join("; ")}` : "operations: none");
  return `${lines.join("\n")}\n`;
}

export async function templateMove(
  s: Session,
  word: string,
  name: string,
  o: WaitFlags & DryRunFlags & { to?: string; param?: string[] },
): Promise<void> {
  if (!o.to) throw new CliError("template-move needs --to VERSION (ckpctl describe cluster-template NAME lists them)", EXIT.usage);
  const c = await clusterNamed(s, word, name, "moved to another template version");
  const params = paramValues(o.param ?? []);
  const body = { version: o.to, ...(Object.keys(params).length ? { parameters: params } : {}) };
  const path = s.itemPath(CLUSTERS(), c);
  const { data } = await s.request<MovePlan>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/template-move", {
    path,
    ...(o.dryRun ? { query: { dryRun: "true" } } : {}),
    body,
  });
  if (o.output === "json") out(toJson(data));
  else if (o.output === "yaml") out(toYaml(data));
  else out(formatMove(data));
  if (o.dryRun) return;
  out(`cluster/${c.name} moving to ${data.template} ${data.to}${data.operations.length ? "" : " (done: no operation needed)"}\n`);
  if (o.wait && data.operations.length) await waitForMove(s, c, o);
}

/** Waits until the move has run all its operations (each takes the cluster back to Ready first). */
async function waitForMove(s: Session, c: Schemas["Cluster"], f: WaitFlags): Promise<void> {
  const deadline = Date.now() + parseDuration(f.timeout ?? "60m");
  const path = s.itemPath(CLUSTERS(), c);
  for (;;) {
    await waitCluster(s, c, f, "ready");
    const { data } = await s.request<Schemas["Cluster"]>("get", "/v1/domains/{domain}/projects/{project}/clusters/{id}", { path });
    const m = data.templateMove;
    if (m?.state === "Succeeded") return;
    if (m?.state === "Failed")
      throw new CliError(`the move of cluster/${c.name} to ${m.to} failed: ${m.message ?? "see ckpctl describe cluster"}`);
    if (Date.now() > deadline) throw new CliError(`cluster/${c.name}: the move did not finish in ${f.timeout ?? "60m"}`, EXIT.timeout);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---------------------------------------------------------------- etcd encryption

type EncryptionView = { enabled?: boolean; revision?: number; phase?: string; primaryKey?: string; nextRotationAt?: string };

const encryptionLine = (name: string, e: EncryptionView) =>
  e.enabled === false
    ? `cluster/${name}: etcd encryption is off\n`
    : `cluster/${name}: etcd encryption on (revision ${e.revision}, ${e.phase}, primary key ${e.primaryKey}${e.nextRotationAt ? `, next rotation ${e.nextRotationAt}` : ""})\n`;

/**
 * `encrypt cluster NAME`: turns etcd encryption at rest on (or changes its
 * settings); `--rotate` asks for a key rotation now (docs/encryption.md).
 */
export async function encrypt(
  s: Session,
  word: string,
  name: string,
  o: { resources?: string; rotationHours?: string; keepKeys?: string; rotate?: boolean },
): Promise<void> {
  const c = await clusterNamed(s, word, name, "encrypted");
  const path = s.itemPath(CLUSTERS(), c);
  if (o.rotate) {
    const { data } = await s.request<EncryptionView>("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/encryption/rotate", {
      path,
    });
    out(`cluster/${c.name}: key rotation asked for; the next check starts it\n`);
    out(encryptionLine(c.name, data));
    return;
  }
  const body = {
    enabled: true,
    ...(o.resources
      ? {
          resources: o.resources
            .split(",")
            .map((r) => r.trim())
            .filter(Boolean),
        }
      : {}),
    ...(o.rotationHours !== undefined ? { rotationHours: whole(o.rotationHours, "--rotation-hours") } : {}),
    ...(o.keepKeys !== undefined ? { keepKeys: whole(o.keepKeys, "--keep-keys") } : {}),
  };
  const { data } = await s.request<EncryptionView>("put", "/v1/domains/{domain}/projects/{project}/clusters/{id}/encryption", {
    path,
    body,
  });
  out(encryptionLine(c.name, data));
}

// ---------------------------------------------------------------- kubeconfig

/**
 * `kubeconfig cluster NAME [--file F]`: the cluster's admin kubeconfig, as
 * its control plane provider wrote it (project admins; each read is an
 * audit event). To standard output, or to a file only its owner can read.
 */
export async function kubeconfig(s: Session, word: string, name: string, o: { file?: string }): Promise<void> {
  const c = await clusterNamed(s, word, name, "given a kubeconfig");
  const { data } = await s.request<string>("get", "/v1/domains/{domain}/projects/{project}/clusters/{id}/kubeconfig", {
    path: s.itemPath(CLUSTERS(), c),
    parseAs: "text",
  });
  if (!o.file) {
    out(data.endsWith("\n") ? data : `${data}\n`);
    return;
  }
  writeFileSync(o.file, data, { mode: 0o600 });
  out(`cluster/${c.name}: kubeconfig written to ${o.file} (mode 600); KUBECONFIG=${o.file} kubectl get nodes\n`);
}

// ---------------------------------------------------------------- autoscale

export interface AutoscaleFlags extends WaitFlags {
  min?: string;
  max?: string;
  logLevel?: string;
  disable?: boolean;
}

const whole = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} is a whole number`, EXIT.usage);
  return n;
};

/**
 * `autoscale cluster NAME --min N --max M` (or `--disable`): the cluster's
 * Karpenter addon (PATCH …/addons/karpenter, docs/autoscaling.md). Values
 * replace the addon's whole, so the flags given go over its current ones.
 */
export async function autoscale(s: Session, word: string, name: string, o: AutoscaleFlags): Promise<void> {
  const c = await clusterNamed(s, word, name, "autoscaled");
  const min = whole(o.min, "--min");
  const max = whole(o.max, "--max");
  if (o.disable && (min !== undefined || max !== undefined || o.logLevel))
    throw new CliError("--disable takes no --min, --max or --log-level", EXIT.usage);
  const current = c.addons?.karpenter;
  if (!o.disable && min === undefined && max === undefined && !o.logLevel && !current?.enabled)
    throw new CliError("autoscale needs --min N and --max M (or --disable)", EXIT.usage);
  const body = o.disable
    ? { enabled: false }
    : {
        enabled: true,
        values: {
          ...(current?.values ?? {}),
          ...(min !== undefined ? { minWorkers: min } : {}),
          ...(max !== undefined ? { maxWorkers: max } : {}),
          ...(o.logLevel ? { logLevel: o.logLevel } : {}),
        },
      };
  const { data } = await s.request<Schemas["Cluster"]>("patch", "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/karpenter", {
    path: s.itemPath(CLUSTERS(), c),
    body,
  });
  const k = data.addons?.karpenter;
  const what = k?.enabled ? `Karpenter, ${k.values.minWorkers ?? 1}-${k.values.maxWorkers ?? 10} workers` : "off";
  out(`cluster/${c.name} autoscaling: ${what}${data.phase === "Ready" ? " (unchanged)" : ` (${data.phase})`}\n`);
  if (o.wait) await waitCluster(s, c, o, "ready");
}
