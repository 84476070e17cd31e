import type { Command } from "commander";
import type { Schemas } from "../api/client.js";
import { CliError, EXIT } from "../errors.js";
import { age, table, tint, toJson, toYaml } from "../format.js";
import { outputOf } from "../output.js";
import { parseDuration } from "../progress.js";
import { type ResourceDef, resourceNamed } from "../resources.js";
import type { Session } from "../session.js";

/**
 * Backups, schedules and restores of a cluster, the way Velero's own CLI
 * names them (`ckpctl backup create b1 --cluster edge-1 --include-namespaces shop`),
 * so a Velero user finds them where they expect.
 */
type Backup = Schemas["Backup"];
type Schedule = Schemas["BackupSchedule"];
type Restore = Schemas["Restore"];
type Kind = "backups" | "backup-schedules" | "restores";

const out = (t: string) => process.stdout.write(t);
const base = "/v1/domains/{domain}/projects/{project}/clusters/{id}";
const list = (v: string | undefined) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

function selector(v: string | undefined): { matchLabels: Record<string, string> } | undefined {
  if (!v) return undefined;
  const matchLabels: Record<string, string> = {};
  for (const part of v.split(",")) {
    const [k, val] = part.split("=");
    if (!k || val === undefined) throw new CliError(`--selector takes key=value[,key=value], not ${part}`, EXIT.usage);
    matchLabels[k.trim()] = val.trim();
  }
  return { matchLabels };
}

async function clusterPath(s: Session, cluster: string | undefined): Promise<Record<string, string>> {
  if (!cluster) throw new CliError("--cluster NAME is needed: backups belong to a cluster", EXIT.usage);
  const r = resourceNamed("clusters") as ResourceDef<Schemas["Cluster"]>;
  const { item } = await s.find<Schemas["Cluster"]>(r, cluster);
  return s.itemPath(r, item);
}

const status = (o: { status: { phase: string; message?: string | undefined } }) => tint(o.status.phase);

function print<T>(items: T[], output: string | undefined, headers: string[], row: (o: T) => string[]): void {
  const o = outputOf(output);
  if (o === "json") out(toJson(items.length === 1 ? items[0] : { items }));
  else if (o === "yaml") out(toYaml(items.length === 1 ? items[0] : { items }));
  else out(table(headers, items.map(row)));
}

async function getAll<T>(s: Session, path: Record<string, string>, kind: Kind, name: string | undefined): Promise<T[]> {
  if (name) return [(await s.request<T>("get", `${base}/${kind}/{name}`, { path: { ...path, name } })).data];
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await s.request<{ items: T[]; nextCursor?: string | null }>("get", `${base}/${kind}`, {
      path,
      query: { limit: 500, ...(cursor ? { cursor } : {}) },
    });
    items.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Waits until Velero reports an end phase; a failed one exits 5. */
async function waitDone(s: Session, path: Record<string, string>, kind: Kind, name: string, timeout: string | undefined): Promise<void> {
  const end = Date.now() + parseDuration(timeout ?? "30m");
  let last = "";
  for (;;) {
    const { data } = await s.request<Backup | Restore>("get", `${base}/${kind}/{name}`, { path: { ...path, name } });
    if (data.status.phase !== last) out(`${kind === "restores" ? "restore" : "backup"}/${name}: ${tint(data.status.phase)}\n`);
    last = data.status.phase;
    if (last === "Completed") return;
    if (/Failed|FailedValidation/.test(last))
      throw new CliError(
        `${name}: ${last} ${(data.status.validationErrors ?? []).join("; ")} ${data.status.message ?? ""}`.trim(),
        EXIT.failed,
      );
    if (Date.now() > end) throw new CliError(`${name} is still ${last}`, EXIT.timeout);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

const spec = (o: Record<string, string | undefined>) => ({
  ...(list(o.includeNamespaces) ? { includedNamespaces: list(o.includeNamespaces) } : {}),
  ...(list(o.excludeNamespaces) ? { excludedNamespaces: list(o.excludeNamespaces) } : {}),
  ...(selector(o.selector) ? { labelSelector: selector(o.selector) } : {}),
  ...(o.ttl ? { ttl: o.ttl } : {}),
  ...(o.storageLocation ? { location: o.storageLocation } : {}),
});

function specOptions(c: Command): Command {
  return c
    .option("--include-namespaces <list>", "namespaces to back up (comma-separated; default all)")
    .option("--exclude-namespaces <list>", "namespaces to leave out")
    .option("-l, --selector <key=value,...>", "only objects with these labels")
    .option("--ttl <duration>", "how long the backup is kept (e.g. 720h)")
    .option("--storage-location <name>", "the backup location (default: the project's default)");
}

export function backupCommands(p: Command, session: (cmd: Command) => Session): void {
  const cluster = (c: Command) => c.option("-c, --cluster <name>", "the cluster (name or id)");
  const output = (c: Command) => c.option("-o, --output <format>", "json or yaml");

  const backup = p.command("backup").description("back a cluster up with its Velero, and list its backups");
  specOptions(cluster(backup.command("create").description("back the cluster up now").argument("<name>")))
    .option("--wait", "wait until Velero has finished")
    .option("--timeout <duration>", "with --wait: give up after", "30m")
    .action(async (name: string, o, cmd: Command) => {
      const s = session(cmd);
      const path = await clusterPath(s, o.cluster);
      const { data } = await s.request<Backup>("post", `${base}/backups`, { path, body: { name, ...spec(o) } });
      out(`backup/${data.name} asked for: to location ${data.location}, kept ${data.ttl}\n`);
      if (o.wait) await waitDone(s, path, "backups", name, o.timeout);
    });
  output(cluster(backup.command("get").description("the cluster's backups, as Velero reports them").argument("[name]"))).action(
    async (name: string | undefined, o, cmd: Command) => {
      const s = session(cmd);
      const items = await getAll<Backup>(s, await clusterPath(s, o.cluster), "backups", name);
      print(items, o.output, ["NAME", "STATUS", "ITEMS", "ERRORS", "WARNINGS", "LOCATION", "SCHEDULE", "EXPIRES", "AGE"], (b) => [
        b.name,
        status(b),
        b.status.progress ? `${b.status.progress.itemsBackedUp}/${b.status.progress.totalItems}` : "",
        String(b.status.errors ?? ""),
        String(b.status.warnings ?? ""),
        b.location,
        b.schedule ?? "",
        b.status.expiresAt ? b.status.expiresAt.slice(0, 10) : "",
        age(b.createdAt),
      ]);
    },
  );

  const schedule = p.command("schedule").description("a cluster's backup schedules");
  specOptions(
    cluster(schedule.command("create").description("back the cluster up on a schedule").argument("<name>")).requiredOption(
      "--schedule <cron>",
      'when, in cron (UTC): "0 2 * * *", @daily, "@every 6h"',
    ),
  )
    .option("--paused", "create it paused")
    .option("--skip-immediately", "skip a backup that is due when the schedule starts or is unpaused")
    .action(async (name: string, o, cmd: Command) => {
      const s = session(cmd);
      const path = await clusterPath(s, o.cluster);
      const body = { name, schedule: o.schedule, paused: Boolean(o.paused), skipImmediately: Boolean(o.skipImmediately), ...spec(o) };
      const { data } = await s.request<Schedule>("post", `${base}/backup-schedules`, { path, body });
      out(`schedule/${data.name} created: ${data.schedule}${data.paused ? " (paused)" : ""}\n`);
    });
  output(cluster(schedule.command("get").description("the cluster's schedules").argument("[name]"))).action(
    async (name: string | undefined, o, cmd: Command) => {
      const s = session(cmd);
      const items = await getAll<Schedule>(s, await clusterPath(s, o.cluster), "backup-schedules", name);
      print(items, o.output, ["NAME", "STATUS", "SCHEDULE", "PAUSED", "LAST BACKUP", "LOCATION", "TTL"], (x) => [
        x.name,
        status(x),
        x.schedule,
        x.paused ? "yes" : "",
        x.status.lastBackup ? age(x.status.lastBackup) : "",
        x.location,
        x.ttl,
      ]);
    },
  );
  for (const [verb, paused] of [
    ["pause", true],
    ["unpause", false],
  ] as const)
    cluster(schedule.command(verb).description(`${verb} a schedule`).argument("<name>")).action(async (name: string, o, cmd: Command) => {
      const s = session(cmd);
      const path = { ...(await clusterPath(s, o.cluster)), name };
      await s.request("patch", `${base}/backup-schedules/{name}`, { path, body: { paused } });
      out(`schedule/${name} ${paused ? "paused" : "unpaused"}\n`);
    });
  cluster(schedule.command("delete").description("delete a schedule (its backups stay)").argument("<name>")).action(
    async (name: string, o, cmd: Command) => {
      const s = session(cmd);
      await s.request("delete", `${base}/backup-schedules/{name}`, { path: { ...(await clusterPath(s, o.cluster)), name } });
      out(`schedule/${name} deleted\n`);
    },
  );

  const restore = p.command("restore").description("restore a cluster's backup into it");
  cluster(restore.command("create").description("restore a backup").argument("<name>"))
    .requiredOption("--from-backup <backup>", "the backup to restore")
    .option("--include-namespaces <list>", "namespaces of the backup to restore (default all)")
    .option("--exclude-namespaces <list>", "namespaces to leave out")
    .option("--namespace-mappings <from:to,...>", "restore a namespace under another name")
    .option("--wait", "wait until Velero has finished")
    .option("--timeout <duration>", "with --wait: give up after", "30m")
    .action(async (name: string, o, cmd: Command) => {
      const s = session(cmd);
      const path = await clusterPath(s, o.cluster);
      const mapping = list(o.namespaceMappings)?.map((m) => m.split(":"));
      if (mapping?.some((m) => m.length !== 2)) throw new CliError("--namespace-mappings takes from:to[,from:to]", EXIT.usage);
      const body = {
        name,
        backup: o.fromBackup,
        ...(list(o.includeNamespaces) ? { includedNamespaces: list(o.includeNamespaces) } : {}),
        ...(list(o.excludeNamespaces) ? { excludedNamespaces: list(o.excludeNamespaces) } : {}),
        ...(mapping ? { namespaceMapping: Object.fromEntries(mapping) } : {}),
      };
      const { data } = await s.request<Restore>("post", `${base}/restores`, { path, body });
      out(`restore/${data.name} asked for: from backup ${data.backup}\n`);
      if (o.wait) await waitDone(s, path, "restores", name, o.timeout);
    });
  output(cluster(restore.command("get").description("the cluster's restores").argument("[name]"))).action(
    async (name: string | undefined, o, cmd: Command) => {
      const s = session(cmd);
      const items = await getAll<Restore>(s, await clusterPath(s, o.cluster), "restores", name);
      print(items, o.output, ["NAME", "BACKUP", "STATUS", "ITEMS", "ERRORS", "WARNINGS", "AGE"], (r) => [
        r.name,
        r.backup,
        status(r),
        r.status.progress ? `${r.status.progress.itemsRestored}/${r.status.progress.totalItems}` : "",
        String(r.status.errors ?? ""),
        String(r.status.warnings ?? ""),
        age(r.createdAt),
      ]);
    },
  );
}
