import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { extract, pack } from "tar-stream";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { isTransientNetworkError } from "./transient.js";

/**
 * Test double of Velero's server (v1.18) in one workload cluster: what it
 * does with the velero.io/v1 objects of the `velero` namespace. Velero's
 * real CRDs are installed with its chart (test/doubles/charts.ts); none of
 * them has a status subresource, so every status is merge-patched onto the
 * object, as Velero patches it. Simplified but truthful (messages and layout
 * are Velero's own, from its v1.18.1 sources):
 *
 *   BackupStorageLocation  validated against its bucket (LocalStack's S3) with the keys of its credential
 *                          Secret (a list of the prefix, as Velero's AWS plugin does) when its spec changes and
 *                          then every VALIDATION_MS: status phase Available/Unavailable, lastValidationTime, message
 *   Backup                 New: validated (its location, or the one marked default, or `default`, must exist and
 *                          be Available; the namespace lists must agree), then FailedValidation with
 *                          validationErrors, or InProgress with startTimestamp, expiration (start + spec.ttl,
 *                          720h by default), version, formatVersion, progress.totalItems; the defaults are
 *                          written into the spec and the label velero.io/storage-location set, as Velero does.
 *                          InProgress: the items are collected again and written to the location's bucket
 *                          under `<prefix>/backups/<name>/` (velero-backup.json, <name>.tar.gz in Velero's
 *                          layout, <name>-resource-list.json.gz, <name>-logs.gz), then Completed with
 *                          completionTimestamp and progress; Failed with failureReason when the bucket
 *                          refuses them. The items: Namespaces, ServiceAccounts, Secrets, ConfigMaps,
 *                          Services and apps/v1 Deployments of the included namespaces (globs; all when none
 *                          or `*`), less the excluded ones, filtered by spec.labelSelector (a namespace is
 *                          backed up when its labels match or it holds a selected item, as Velero's
 *                          nsTracker decides). A deleted Backup just goes (no finalizer, no bucket cleanup).
 *   Schedule               validated as robfig/cron's ParseStandard would (5 fields or a descriptor):
 *                          phase Enabled or FailedValidation with validationErrors; skipImmediately is
 *                          turned into status.lastSkipped (and reset to false), as Velero does. A paused
 *                          schedule is not looked at (Velero's controller filters them out). Time is
 *                          compressed: the first due tick comes at once (Velero ≥ 1.8 waits for the cron's
 *                          first tick after the schedule's creation), so a schedule that never ran nor
 *                          skipped makes one Backup `<schedule>-<UTC yyyyMMddHHmmss>` (the template's spec,
 *                          its metadata.labels or else the schedule's labels, velero.io/schedule-name,
 *                          velero.io/storage-location) and records status.lastBackup. Later cron ticks are
 *                          not played: a test makes one due with the annotation RUN_NOW (any value) on the
 *                          Schedule, which is removed as the tick is recorded. No tick while a backup of
 *                          the schedule is still New or InProgress (Velero does not overlap them).
 *   Restore                New: validated (exactly one of backupName and scheduleName; a schedule's most
 *                          recent Completed backup; the backup and its location exist, the location is
 *                          Available): FailedValidation with validationErrors, or InProgress with
 *                          startTimestamp and progress.totalItems. InProgress: the backup's resource list
 *                          and tarball are read back from the bucket (a backup that never completed has
 *                          none: Failed with failureReason, as with Velero), filtered by the restore's
 *                          namespace lists; every namespace (after namespaceMapping) is created if absent
 *                          and every item recreated from the tarball if absent (labels velero.io/backup-name
 *                          and velero.io/restore-name; an existing ConfigMap or Secret whose data differs is
 *                          a warning); `<prefix>/restores/<name>/` gets restore-<name>-logs.gz,
 *                          restore-<name>-results.gz and restore-<name>-resource-list.json.gz; then Completed
 *                          (PartiallyFailed when an item could not be created) with completionTimestamp,
 *                          progress, warnings and errors. No finalizer.
 *
 * Counts Velero leaves out when zero (warnings, errors, progress.itemsBackedUp…) are left out here too.
 * Every pass is idempotent: what is next is decided from the status the double wrote (a scheduled backup
 * is named after status.lastBackup, recorded before it is created, and created once). The double only
 * talks to S3 endpoints on this machine: a location whose s3Url is elsewhere (or absent: AWS) is
 * Unavailable.
 */

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
type Any = any;
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: Any;
  };
  spec?: Record<string, Any>;
  status?: Record<string, Any>;
  [k: string]: Any;
}

/** set on a Schedule (any value): its next cron tick is due now */
export const RUN_NOW = "ckp.test/run-now";
const VELERO = "/apis/velero.io/v1/namespaces/velero";
const BSLS = `${VELERO}/backupstoragelocations`;
const BACKUPS = `${VELERO}/backups`;
const SCHEDULES = `${VELERO}/schedules`;
const RESTORES = `${VELERO}/restores`;
/** Velero validates a location every minute by default; the double every few seconds */
const VALIDATION_MS = 3_000;
const DEFAULT_TTL = "720h0m0s";
const FORMAT_VERSION = "1.1.0";
const SCHEDULE_NAME = "velero.io/schedule-name";
const STORAGE_LOCATION = "velero.io/storage-location";
const BACKUP_NAME = "velero.io/backup-name";
const RESTORE_NAME = "velero.io/restore-name";

/** The kinds backed up, in Velero's restore order; `resource` is the group-resource directory of the tarball. */
const KINDS = [
  { apiVersion: "v1", kind: "Namespace", resource: "namespaces", base: "/api/v1", plural: "namespaces", namespaced: false },
  { apiVersion: "v1", kind: "ServiceAccount", resource: "serviceaccounts", base: "/api/v1", plural: "serviceaccounts", namespaced: true },
  { apiVersion: "v1", kind: "Secret", resource: "secrets", base: "/api/v1", plural: "secrets", namespaced: true },
  { apiVersion: "v1", kind: "ConfigMap", resource: "configmaps", base: "/api/v1", plural: "configmaps", namespaced: true },
  { apiVersion: "v1", kind: "Service", resource: "services", base: "/api/v1", plural: "services", namespaced: true },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    resource: "deployments.apps",
    base: "/apis/apps/v1",
    plural: "deployments",
    namespaced: true,
  },
] as const;
type Kind = (typeof KINDS)[number];
const KIND_OF = new Map<string, Kind>(KINDS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));

const iso = (d = new Date()) => d.toISOString().replace(/\.\d+Z$/, "Z");
/** yyyyMMddHHmmss (UTC) of an RFC 3339 time: a scheduled backup's name suffix */
const stamp = (t: string) => t.replace(/[-:TZ]/g, "").slice(0, 14);
const logLine = (level: string, msg: string, field: string) => `time="${iso()}" level=${level} msg=${JSON.stringify(msg)} ${field}`;

/** Velero's label.GetValidName: a name as a label value (63 characters at most). */
function labelValue(name: string): string {
  return name.length <= 63 ? name : name.slice(0, 57) + createHash("sha256").update(name).digest("hex").slice(0, 6);
}

/** A Go duration ("720h0m0s", "1h30m") in ms, or undefined. */
function durationMs(s: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  if (s === "0") return 0;
  if (!/^((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ms += Number(m[1]) * (units[m[2] as string] as number);
  return ms;
}

/** Why robfig/cron's ParseStandard (as Velero calls it) refuses a schedule, as Velero words it; [] when it parses. */
export function cronErrors(schedule: unknown): string[] {
  if (typeof schedule !== "string" || schedule === "") return ["Schedule must be a non-empty valid Cron expression"];
  const problem = cronProblem(schedule);
  return problem ? [`invalid schedule: ${problem}`] : [];
}

function cronProblem(spec: string): string | undefined {
  let s = spec;
  if (/^(CRON_)?TZ=/.test(s)) s = s.slice(Math.max(0, s.indexOf(" "))).trim();
  if (s.startsWith("@")) {
    if (s.startsWith("@every ")) {
      const d = s.slice("@every ".length);
      if (durationMs(d) !== undefined) return undefined;
      return `failed to parse duration ${s}: time: ${/^\d+(\.\d+)?$/.test(d) ? "missing unit in" : "invalid"} duration "${d}"`;
    }
    return ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"].includes(s)
      ? undefined
      : `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  const bounds: Array<[number, number, (n: string) => number | undefined]> = [
    [0, 59, () => undefined],
    [0, 23, () => undefined],
    [1, 31, () => undefined],
    [1, 12, (n) => (months.includes(n) ? months.indexOf(n) + 1 : undefined)],
    [0, 6, (n) => (days.includes(n) ? days.indexOf(n) : undefined)],
  ];
  for (const [i, field] of fields.entries()) {
    const [min, max, name] = bounds[i] as [number, number, (n: string) => number | undefined];
    for (const expr of field.split(",")) {
      const num = (x: string): number | string => {
        const named = name(x.toLowerCase());
        if (named !== undefined) return named;
        if (!/^-?\d+$/.test(x)) return `failed to parse int from ${x}: strconv.Atoi: parsing ${JSON.stringify(x)}: invalid syntax`;
        return Number(x) < 0 ? `negative number (${x}) not allowed: ${x}` : Number(x);
      };
      const [range = "", ...steps] = expr.split("/");
      const ends = range.split("-");
      let start: number | string = min;
      let end: number | string = max;
      if (range !== "*" && range !== "?") {
        if (ends.length > 2) return `too many hyphens: ${expr}`;
        start = num(ends[0] as string);
        end = ends.length === 2 ? num(ends[1] as string) : start;
      }
      let step: number | string = 1;
      if (steps.length > 1) return `too many slashes: ${expr}`;
      if (steps.length === 1) {
        step = num(steps[0] as string);
        if (ends.length === 1 && range !== "*" && range !== "?") end = max;
      }
      for (const v of [start, end, step]) if (typeof v === "string") return v;
      if ((start as number) < min) return `beginning of range (${start}) below minimum (${min}): ${expr}`;
      if ((end as number) > max) return `end of range (${end}) above maximum (${max}): ${expr}`;
      if ((start as number) > (end as number)) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
      if (step === 0) return `step of range should be a positive number: ${expr}`;
    }
  }
  return undefined;
}

/** Appends to the list under a key of a map of lists. */
function add(m: Record<string, string[]>, key: string, value: string): void {
  m[key] = [...(m[key] ?? []), value];
}

const globOf = (p: string) =>
  new RegExp(
    `^${p
      .split("*")
      .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
const includesEverything = (inc: string[] | undefined) => !inc?.length || (inc.length === 1 && inc[0] === "*");

/** Whether a namespace passes included (globs; all when none) and excluded namespace lists. */
function namespaceFilter(inc: string[] | undefined, exc: string[] | undefined): (ns: string) => boolean {
  const included = (includesEverything(inc) ? ["*"] : (inc as string[])).map(globOf);
  const excluded = (exc ?? []).map(globOf);
  return (ns) => included.some((g) => g.test(ns)) && !excluded.some((g) => g.test(ns));
}

/** Velero's collections.ValidateIncludesExcludes for namespace lists. */
function namespaceListErrors(inc: string[] = [], exc: string[] = []): string[] {
  const errs: string[] = [];
  if (new Set(inc).size > 1 && inc.includes("*")) errs.push("includes list must either contain '*' only, or a non-empty list of items");
  if (exc.includes("*")) errs.push("excludes list cannot contain '*'");
  for (const x of [...new Set(exc)].sort())
    if (inc.includes(x)) errs.push(`excludes list cannot contain an item in the includes list: ${x}`);
  return errs.map((e) => `Invalid included/excluded namespace lists: ${e}`);
}

/** A Kubernetes label selector (matchLabels and matchExpressions); an empty one selects everything. */
function selects(selector: Any, labels: Record<string, string>): boolean {
  const ml = (selector?.matchLabels ?? {}) as Record<string, string>;
  const exprs = (selector?.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>;
  return (
    Object.entries(ml).every(([k, v]) => labels[k] === v) &&
    exprs.every((e) =>
      e.operator === "In"
        ? e.key in labels && (e.values ?? []).includes(labels[e.key] as string)
        : e.operator === "NotIn"
          ? !(e.key in labels) || !(e.values ?? []).includes(labels[e.key] as string)
          : e.operator === "Exists"
            ? e.key in labels
            : !(e.key in labels),
    )
  );
}

async function tarGz(files: Array<{ name: string; body: string }>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const read = (async () => {
    for await (const c of p) chunks.push(Buffer.from(c as Uint8Array));
  })();
  const mtime = new Date();
  for (const f of files)
    await new Promise<void>((res, rej) => p.entry({ name: f.name, mode: 0o755, mtime }, f.body, (e) => (e ? rej(e) : res())));
  p.finalize();
  await read;
  return gzipSync(Buffer.concat(chunks));
}

async function untarGz(gz: Uint8Array): Promise<Map<string, string>> {
  const x = extract();
  const files = new Map<string, string>();
  x.end(gunzipSync(gz));
  for await (const entry of x) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(Buffer.from(c as Uint8Array));
    files.set(entry.header.name, Buffer.concat(chunks).toString("utf8"));
  }
  return files;
}

/** A location's bucket, reached with its keys; `dir` is the key prefix of Velero's layout ("" or "<prefix>/"). */
interface Store {
  s3: S3Client;
  bucket: string;
  dir: string;
}

/** An S3 failure as Velero's AWS plugin reports it through the plugin's gRPC. */
const rpc = (e: unknown) => `rpc error: code = Unknown desc = ${(e as Error).name}: ${(e as Error).message}`;

async function request(api: Api, method: string, path: string, body?: object): Promise<Any> {
  const res = await kubeRequest(api, method, path, {
    ...(body ? { body } : {}),
    ...(method === "PATCH" ? { contentType: "application/merge-patch+json" } : {}),
  });
  if (res.status === 404) return undefined;
  if (res.status >= 300) throw new Error(`${method} ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

async function list(api: Api, path: string): Promise<Obj[]> {
  const res = await kubeRequest(api, "GET", path);
  return res.status === 200 ? ((res.body as { items: Obj[] }).items ?? []) : [];
}

export class VeleroServer {
  /** BackupStorageLocations validated: their spec then, and when (by apiserver and name) */
  private readonly validated = new Map<string, { spec: string; at: number }>();
  /** scheduled backups created (by apiserver and name): created once, even if deleted later */
  private readonly submitted = new Set<string>();

  /** while true Velero's server looks at nothing (as if its pod were starting): a test's way to hold a location unvalidated */
  paused = false;

  /**
   * What Velero's server would log at info level and a failed wait wants to
   * know: each location's phase changes (with why) and each backup's and
   * restore's final phase, newest last (the last 200).
   */
  readonly history: string[] = [];

  private note(api: Api, line: string): void {
    this.history.push(`${iso()} ${api.server} ${line}`);
    if (this.history.length > 200) this.history.shift();
  }

  /** @param errors where failures that are not transient go (the addon double's) */
  constructor(private readonly errors: string[]) {}

  /** One pass over a workload cluster's Velero objects; `gone` tells a cluster deleted meanwhile (its failures are none). */
  async reconcile(api: Api, gone: () => boolean = () => false): Promise<void> {
    if (this.paused) return;
    const fail = (what: string, e: unknown) => {
      // a dropped connection is retried at the next pass, as a controller requeues
      if (gone() || isTransientNetworkError(e)) return;
      const line = `Velero's server at ${api.server}: ${what}: ${(e as Error).message}`;
      if (!this.errors.includes(line)) this.errors.push(line);
    };
    const each = async (kind: string, path: string, fn: (o: Obj) => Promise<unknown>) => {
      let items: Obj[];
      try {
        items = await list(api, path);
      } catch (e) {
        return fail(`listing ${kind}s`, e);
      }
      for (const o of items)
        try {
          await fn(o);
        } catch (e) {
          fail(`${kind} ${o.metadata.name}`, e);
        }
    };
    await each("BackupStorageLocation", BSLS, (o) => this.location(api, o));
    // schedules before backups: a backup a schedule makes is started in the same pass
    await each("Schedule", SCHEDULES, (o) => this.schedule(api, o));
    await each("Backup", BACKUPS, (o) => this.backup(api, o));
    await each("Restore", RESTORES, (o) => this.restore(api, o));
  }

  // ---- BackupStorageLocations

  private async location(api: Api, bsl: Obj): Promise<void> {
    const id = `${api.server}|${bsl.metadata.name}`;
    const spec = JSON.stringify(bsl.spec);
    const last = this.validated.get(id);
    if (last && last.spec === spec && Date.now() - last.at < VALIDATION_MS) return;
    const store = await this.store(api, bsl);
    let problem = typeof store === "string" ? store : undefined;
    if (typeof store !== "string")
      try {
        await store.s3.send(new ListObjectsV2Command({ Bucket: store.bucket, MaxKeys: 1, ...(store.dir ? { Prefix: store.dir } : {}) }));
      } catch (e) {
        if (isTransientNetworkError(e)) throw e;
        problem = rpc(e);
      } finally {
        store.s3.destroy();
      }
    const status = {
      phase: problem ? "Unavailable" : "Available",
      lastValidationTime: iso(),
      ...(problem ? { message: `BackupStorageLocation "${bsl.metadata.name}" is unavailable: ${problem}` } : {}),
    };
    await request(api, "PATCH", `${BSLS}/${bsl.metadata.name}`, { status: { message: null, ...status } });
    if (bsl.status?.phase !== status.phase)
      this.note(api, `BackupStorageLocation ${bsl.metadata.name}: ${status.phase}${problem ? ` (${problem})` : ""}`);
    this.validated.set(id, { spec, at: Date.now() });
  }

  /** The location's bucket with the keys of its credential Secret, or why Velero could not use it. */
  private async store(api: Api, bsl: Obj): Promise<Store | string> {
    const spec = (bsl.spec ?? {}) as Any;
    const cred = spec.credential as { name: string; key: string } | undefined;
    if (!cred) return "no credential";
    const secret = (await request(api, "GET", `/api/v1/namespaces/velero/secrets/${cred.name}`)) as Obj | undefined;
    if (!secret) return `secret velero/${cred.name} not found`;
    const file = Buffer.from(secret.data?.[cred.key] ?? "", "base64").toString("utf8");
    const id = /aws_access_key_id=(.*)/.exec(file)?.[1]?.trim();
    const key = /aws_secret_access_key=(.*)/.exec(file)?.[1]?.trim();
    if (!id || !key) return `secret velero/${cred.name} holds no AWS keys under ${cred.key}`;
    const config = (spec.config ?? {}) as Record<string, string>;
    // never anywhere but this machine (LocalStack, or a gateway in front of it)
    let host: string | undefined;
    try {
      host = config.s3Url ? new URL(config.s3Url).hostname : undefined;
    } catch {
      host = undefined;
    }
    if (!host || !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host))
      return `the test double reaches S3 on this machine only (spec.config.s3Url on 127.0.0.1 or localhost), not ${config.s3Url ?? "AWS"}`;
    const prefix = (spec.objectStorage?.prefix as string | undefined) ?? "";
    return {
      s3: new S3Client({
        region: config.region ?? "us-east-1",
        endpoint: config.s3Url,
        forcePathStyle: config.s3ForcePathStyle === "true",
        credentials: { accessKeyId: id, secretAccessKey: key },
        // Velero's AWS plugin keeps the SDK's default retryer (3 attempts): a busy
        // LocalStack's one slow or 5xx answer must not mark the location Unavailable
        maxAttempts: 3,
      }),
      bucket: String(spec.objectStorage?.bucket),
      dir: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`,
    };
  }

  // ---- Backups

  private async backup(api: Api, b: Obj): Promise<void> {
    const phase = b.status?.phase ?? "";
    if (phase === "" || phase === "New") await this.startBackup(api, b);
    else if (phase === "InProgress") await this.finishBackup(api, b);
  }

  /** Velero's prepareBackupRequest: validation, defaults, then FailedValidation or InProgress. */
  private async startBackup(api: Api, b: Obj): Promise<void> {
    const spec = b.spec ?? {};
    const ttl = (spec.ttl as string | undefined) || DEFAULT_TTL;
    const ttlMs = durationMs(ttl);
    // Velero cannot even decode a Backup whose ttl is no duration: it stays New
    if (ttlMs === undefined) return;
    const errors: string[] = [];
    const serverDefault = !spec.storageLocation;
    let location = spec.storageLocation as string | undefined;
    if (!location) location = (await list(api, BSLS)).find((l) => l.spec?.default === true)?.metadata.name ?? "default";
    const bsl = (await request(api, "GET", `${BSLS}/${location}`)) as Obj | undefined;
    const advice = "Please address this issue (see `velero backup-location -h` for options) and create a new backup.";
    const notFound = `Error: backupstoragelocations.velero.io "${location}" not found`;
    if (!bsl)
      errors.push(
        serverDefault
          ? `an existing backup storage location was not specified at backup creation time and the server default ${location} does not exist. ${advice} ${notFound}`
          : `an existing backup storage location was not specified at backup creation time and the default ${location} was not found. ${advice} ${notFound}`,
      );
    else {
      if (bsl.spec?.accessMode === "ReadOnly")
        errors.push(`backup can't be created because backup storage location ${location} is currently in read-only mode`);
      if (bsl.status?.phase !== "Available")
        errors.push(`backup can't be created because BackupStorageLocation ${location} is in Unavailable status.`);
    }
    errors.push(...namespaceListErrors(spec.includedNamespaces, spec.excludedNamespaces));
    if (spec.labelSelector && spec.orLabelSelectors)
      errors.push("encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified");
    const start = new Date();
    const status: Record<string, Any> = {
      version: 1,
      formatVersion: FORMAT_VERSION,
      expiration: iso(new Date(start.getTime() + ttlMs)),
    };
    if (errors.length) {
      Object.assign(status, { phase: "FailedValidation", validationErrors: errors });
      this.note(api, `Backup ${b.metadata.name}: FailedValidation (${errors.join("; ")})`);
    } else {
      const total = (await this.collect(api, spec)).length;
      Object.assign(status, { phase: "InProgress", startTimestamp: iso(start), progress: total ? { totalItems: total } : {} });
    }
    await request(api, "PATCH", `${BACKUPS}/${b.metadata.name}`, {
      metadata: { labels: { [STORAGE_LOCATION]: labelValue(location) } },
      spec: { storageLocation: location, ttl, ...(spec.includedNamespaces?.length ? {} : { includedNamespaces: ["*"] }) },
      status,
    });
  }

  /** The items a backup holds, as the apiserver serves them (with apiVersion and kind). */
  private async collect(api: Api, spec: Record<string, Any>): Promise<Array<{ k: Kind; o: Obj }>> {
    const inNs = namespaceFilter(spec.includedNamespaces, spec.excludedNamespaces);
    const selector = spec.labelSelector;
    const items: Array<{ k: Kind; o: Obj }> = [];
    const holding = new Set<string>();
    for (const k of KINDS.filter((x) => x.namespaced))
      for (const o of await list(api, `${k.base}/${k.plural}`)) {
        if (!inNs(o.metadata.namespace as string) || (selector && !selects(selector, o.metadata.labels ?? {}))) continue;
        items.push({ k, o: { apiVersion: k.apiVersion, kind: k.kind, ...o } });
        holding.add(o.metadata.namespace as string);
      }
    const nsKind = KINDS[0];
    const namespaces: Array<{ k: Kind; o: Obj }> = [];
    for (const n of await list(api, "/api/v1/namespaces")) {
      if (n.status?.phase && n.status.phase !== "Active") continue;
      const name = n.metadata.name;
      const tracked =
        (selector && selects(selector, n.metadata.labels ?? {})) ||
        holding.has(name) ||
        ((!selector || !includesEverything(spec.includedNamespaces)) && inNs(name));
      if (tracked) namespaces.push({ k: nsKind, o: { apiVersion: "v1", kind: "Namespace", ...n } });
    }
    return [...namespaces, ...items];
  }

  /** The backup run: its files in the bucket, then Completed (or Failed when the bucket refuses them). */
  private async finishBackup(api: Api, b: Obj): Promise<void> {
    const name = b.metadata.name;
    const location = String(b.spec?.storageLocation);
    const items = await this.collect(api, b.spec ?? {});
    const total = items.length;
    const status: Record<string, Any> = {
      phase: "Completed",
      completionTimestamp: iso(),
      progress: total ? { totalItems: total, itemsBackedUp: total } : {},
    };
    const bsl = (await request(api, "GET", `${BSLS}/${location}`)) as Obj | undefined;
    const store = bsl ? await this.store(api, bsl) : `backupstoragelocations.velero.io "${location}" not found`;
    let failure = typeof store === "string" ? `error getting backup store for location "${location}": ${store}` : undefined;
    if (typeof store !== "string") {
      const field = `backup=velero/${name}`;
      const log = [
        logLine("info", "Setting up backup temp file", field),
        logLine("info", "Starting backup", field),
        ...items.map(({ k, o }) =>
          logLine(
            "info",
            "Backed up item",
            `${field} resource=${k.resource} namespace=${o.metadata.namespace ?? ""} name=${o.metadata.name}`,
          ),
        ),
        logLine("info", `Backed up a total of ${total} items`, `${field} progress=`),
        logLine("info", "Backup completed", field),
      ];
      const files = [
        { name: "metadata/version", body: `${FORMAT_VERSION}\n` },
        ...items.flatMap(({ k, o }) => {
          const scope = k.namespaced ? `namespaces/${o.metadata.namespace}` : "cluster";
          const body = JSON.stringify(o);
          // the preferred version, and (for older readers) without the version directory, as Velero writes both
          return [
            { name: `resources/${k.resource}/${scope}/${o.metadata.name}.json`, body },
            { name: `resources/${k.resource}/v1-preferredversion/${scope}/${o.metadata.name}.json`, body },
          ];
        }),
      ];
      const resources: Record<string, string[]> = {};
      for (const { k, o } of items)
        add(resources, `${k.apiVersion}/${k.kind}`, k.namespaced ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);
      for (const v of Object.values(resources)) v.sort();
      const dir = `${store.dir}backups/${name}/`;
      const uploads: Array<[string, Buffer | string]> = [
        [`${dir}${name}-logs.gz`, gzipSync(`${log.join("\n")}\n`)],
        [
          `${dir}velero-backup.json`,
          JSON.stringify({ ...b, apiVersion: "velero.io/v1", kind: "Backup", status: { ...b.status, ...status } }),
        ],
        [`${dir}${name}.tar.gz`, await tarGz(files)],
        [`${dir}${name}-resource-list.json.gz`, gzipSync(JSON.stringify(resources))],
      ];
      try {
        for (const [key, body] of uploads) {
          try {
            await store.s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: body }));
          } catch (e) {
            if (isTransientNetworkError(e)) throw e;
            failure = `rpc error: code = Unknown desc = error putting object ${key}: ${(e as Error).name}: ${(e as Error).message}`;
            break;
          }
        }
      } finally {
        store.s3.destroy();
      }
    }
    if (failure) Object.assign(status, { phase: "Failed", failureReason: failure });
    await request(api, "PATCH", `${BACKUPS}/${name}`, { status });
    this.note(api, `Backup ${name}: ${status.phase}${failure ? ` (${failure})` : ""}`);
  }

  // ---- Schedules

  private async schedule(api: Api, s: Obj): Promise<void> {
    const spec = s.spec ?? {};
    // Velero's schedule controller does not look at a paused schedule at all
    if (spec.paused === true) return;
    const path = `${SCHEDULES}/${s.metadata.name}`;
    const errors = cronErrors(spec.schedule);
    const phase = errors.length ? "FailedValidation" : "Enabled";
    const status: Record<string, Any> = {};
    const patch: Record<string, Any> = {};
    if (spec.skipImmediately === true) {
      patch.spec = { skipImmediately: false };
      status.lastSkipped = iso();
    }
    if (s.status?.phase !== phase || JSON.stringify(s.status?.validationErrors ?? []) !== JSON.stringify(errors))
      Object.assign(status, { phase, validationErrors: errors.length ? errors : null });
    if (Object.keys(status).length) {
      await request(api, "PATCH", path, { ...patch, status });
      s.status = { ...s.status, ...status };
    }
    if (phase !== "Enabled") return;
    const last = s.status?.lastBackup as string | undefined;
    // the backup of the last tick: created at the pass that recorded it, or the next one should that pass have stopped
    if (last) await this.submit(api, s, last);
    const due = (!last && !s.status?.lastSkipped) || RUN_NOW in (s.metadata.annotations ?? {});
    if (!due) return;
    const mine = await list(api, `${BACKUPS}?labelSelector=${encodeURIComponent(`${SCHEDULE_NAME}=${labelValue(s.metadata.name)}`)}`);
    if (mine.some((b) => ["", "New", "InProgress"].includes(b.status?.phase ?? ""))) return;
    const at = iso();
    // a backup's name has the second: a tick in the same second as the last waits for the next pass
    if (last && stamp(at) === stamp(last)) return;
    await request(api, "PATCH", path, { metadata: { annotations: { [RUN_NOW]: null } }, status: { lastBackup: at } });
    await this.submit(api, s, at);
  }

  /** The Backup of a schedule's tick at `at` (Velero's builder.ForBackup(…).FromSchedule(schedule)). */
  private async submit(api: Api, s: Obj, at: string): Promise<void> {
    const name = `${s.metadata.name}-${stamp(at)}`;
    const id = `${api.server}|${name}`;
    if (this.submitted.has(id)) return;
    const template = (s.spec?.template ?? {}) as Record<string, Any>;
    const labels: Record<string, string> = {
      ...((template.metadata?.labels as Record<string, string> | undefined) ?? s.metadata.labels ?? {}),
      [SCHEDULE_NAME]: labelValue(s.metadata.name),
      ...(template.storageLocation ? { [STORAGE_LOCATION]: labelValue(template.storageLocation) } : {}),
    };
    const annotations = Object.fromEntries(Object.entries(s.metadata.annotations ?? {}).filter(([k]) => k !== RUN_NOW));
    const res = await kubeRequest(api, "POST", BACKUPS, {
      body: {
        apiVersion: "velero.io/v1",
        kind: "Backup",
        metadata: {
          name,
          namespace: "velero",
          labels,
          ...(Object.keys(annotations).length ? { annotations } : {}),
          ...(s.spec?.useOwnerReferencesInBackup === true
            ? {
                ownerReferences: [
                  { apiVersion: "velero.io/v1", kind: "Schedule", name: s.metadata.name, uid: s.metadata.uid, controller: true },
                ],
              }
            : {}),
        },
        spec: template,
      },
    });
    if (res.status !== 201 && res.status !== 409)
      throw new Error(`POST ${BACKUPS} (${name}) refused: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    this.submitted.add(id);
  }

  // ---- Restores

  private async restore(api: Api, r: Obj): Promise<void> {
    const phase = r.status?.phase ?? "";
    if (phase === "" || phase === "New") await this.startRestore(api, r);
    else if (phase === "InProgress") await this.finishRestore(api, r);
  }

  /** Velero's validateAndComplete, then FailedValidation or InProgress. */
  private async startRestore(api: Api, r: Obj): Promise<void> {
    const spec = r.spec ?? {};
    const errors = namespaceListErrors(spec.includedNamespaces, spec.excludedNamespaces);
    if (spec.labelSelector && spec.orLabelSelectors)
      errors.push("encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified");
    const filled: Record<string, string> = {};
    let backup: Obj | undefined;
    let backupName = spec.backupName as string | undefined;
    if (!spec.backupName === !spec.scheduleName)
      errors.push("Either a backup or schedule must be specified as a source for the restore, but not both");
    else {
      if (spec.scheduleName) {
        const ofSchedule = await list(
          api,
          `${BACKUPS}?labelSelector=${encodeURIComponent(`${SCHEDULE_NAME}=${labelValue(spec.scheduleName)}`)}`,
        );
        const completed = ofSchedule
          .filter((b) => b.status?.phase === "Completed")
          .sort((a, b) => String(b.status?.startTimestamp).localeCompare(String(a.status?.startTimestamp)));
        backupName = completed[0]?.metadata.name;
        if (!ofSchedule.length) errors.push("No backups found for schedule");
        if (backupName) filled.backupName = backupName;
        else errors.push("No completed backups found for schedule");
      }
      if (backupName) {
        backup = (await request(api, "GET", `${BACKUPS}/${backupName}`)) as Obj | undefined;
        const location = String(backup?.spec?.storageLocation);
        const bsl = backup ? ((await request(api, "GET", `${BSLS}/${location}`)) as Obj | undefined) : undefined;
        if (!backup)
          errors.push(`Error retrieving backup: can't find backup velero/${backupName}: backups.velero.io "${backupName}" not found`);
        else if (!bsl) errors.push(`Error retrieving backup: backupstoragelocations.velero.io "${location}" not found`);
        else if (bsl.status?.phase !== "Available") errors.push(`The BSL ${location} is unavailable, cannot retrieve the backup`);
        const scheduled = backup?.metadata.labels?.[SCHEDULE_NAME];
        if (!spec.scheduleName && scheduled) filled.scheduleName = scheduled;
      }
    }
    const path = `${RESTORES}/${r.metadata.name}`;
    if (errors.length) {
      await request(api, "PATCH", path, { status: { phase: "FailedValidation", validationErrors: errors } });
      return;
    }
    // the items it will restore, when the backup's list can be read now (else the run fails, as it will)
    const read = await this.readBackup(api, backup as Obj, false);
    const total = typeof read === "string" ? 0 : this.selected(read.resources, spec).length;
    await request(api, "PATCH", path, {
      ...(Object.keys(filled).length ? { spec: filled } : {}),
      status: { phase: "InProgress", startTimestamp: iso(), progress: total ? { totalItems: total } : {} },
    });
  }

  /** A backup's resource list (and tarball) read back from its location's bucket, or why they cannot be. */
  private async readBackup(
    api: Api,
    backup: Obj,
    withContents: boolean,
  ): Promise<{ resources: Record<string, string[]>; contents: Map<string, string> } | string> {
    const name = backup.metadata.name;
    const location = String(backup.spec?.storageLocation);
    const bsl = (await request(api, "GET", `${BSLS}/${location}`)) as Obj | undefined;
    const store = bsl ? await this.store(api, bsl) : `backupstoragelocations.velero.io "${location}" not found`;
    if (typeof store === "string") return `error getting backup store for location "${location}": ${store}`;
    const dir = `${store.dir}backups/${name}/`;
    const get = async (key: string) => {
      try {
        const out = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
        return await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
      } catch (e) {
        if (isTransientNetworkError(e)) throw e;
        throw Object.assign(
          new Error(`rpc error: code = Unknown desc = error getting object ${key}: ${(e as Error).name}: ${(e as Error).message}`),
          {
            s3: true,
          },
        );
      }
    };
    try {
      const resources = JSON.parse(gunzipSync(await get(`${dir}${name}-resource-list.json.gz`)).toString("utf8")) as Record<
        string,
        string[]
      >;
      const contents = withContents ? await untarGz(await get(`${dir}${name}.tar.gz`)) : new Map<string, string>();
      return { resources, contents };
    } catch (e) {
      if ((e as { s3?: boolean }).s3) return `error downloading backup: ${(e as Error).message}`;
      throw e;
    } finally {
      store.s3.destroy();
    }
  }

  /** The entries of a resource list a restore takes: `<apiVersion>/<Kind>`, namespace (of a Namespace: its name), name. */
  private selected(resources: Record<string, string[]>, spec: Record<string, Any>): Array<{ gvk: string; ns: string; name: string }> {
    const inNs = namespaceFilter(spec.includedNamespaces, spec.excludedNamespaces);
    const out: Array<{ gvk: string; ns: string; name: string }> = [];
    for (const [gvk, entries] of Object.entries(resources))
      for (const e of entries) {
        const [ns, name] = e.includes("/") ? (e.split("/") as [string, string]) : gvk === "v1/Namespace" ? [e, e] : ["", e];
        if (ns === "" || inNs(ns)) out.push({ gvk, ns, name });
      }
    return out;
  }

  /** The restore run: namespaces and items created from the tarball, its files in the bucket, then Completed. */
  private async finishRestore(api: Api, r: Obj): Promise<void> {
    const spec = r.spec ?? {};
    const name = r.metadata.name;
    const path = `${RESTORES}/${name}`;
    const backup = (await request(api, "GET", `${BACKUPS}/${spec.backupName}`)) as Obj | undefined;
    const read = backup ? await this.readBackup(api, backup, true) : `backups.velero.io "${spec.backupName}" not found`;
    if (typeof read === "string") {
      await request(api, "PATCH", path, { status: { phase: "Failed", failureReason: read, completionTimestamp: iso() } });
      return;
    }
    const mapping = (spec.namespaceMapping ?? {}) as Record<string, string>;
    const target = (ns: string) => mapping[ns] ?? ns;
    const items = this.selected(read.resources, spec);
    const field = `restore=velero/${name}`;
    const log = [logLine("info", "starting restore", field)];
    const warnings: Record<string, string[]> = {};
    const errors: Record<string, string[]> = {};
    const restored: Record<string, string[]> = {};
    const itemOf = (k: Kind, ns: string, n: string) => {
      const scope = k.namespaced ? `namespaces/${ns}` : "cluster";
      const text =
        read.contents.get(`resources/${k.resource}/v1-preferredversion/${scope}/${n}.json`) ??
        read.contents.get(`resources/${k.resource}/${scope}/${n}.json`);
      return text ? (JSON.parse(text) as Obj) : undefined;
    };
    // the namespaces first, as Velero ensures each before restoring into it
    const ensured = new Map<string, string>();
    const ensure = async (ns: string): Promise<string> => {
      const known = ensured.get(ns);
      if (known) return known;
      const backedUp = itemOf(KINDS[0], "", ns);
      const res = await kubeRequest(api, "POST", "/api/v1/namespaces", {
        body: {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: {
            name: target(ns),
            ...(backedUp?.metadata.labels ? { labels: backedUp.metadata.labels } : {}),
            ...(backedUp?.metadata.annotations ? { annotations: backedUp.metadata.annotations } : {}),
          },
        },
      });
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`POST /api/v1/namespaces (${target(ns)}) refused: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
      const result = res.status === 201 ? "created" : "skipped";
      ensured.set(ns, result);
      return result;
    };
    const order = (gvk: string) => KINDS.findIndex((k) => `${k.apiVersion}/${k.kind}` === gvk);
    for (const it of [...items].sort((a, b) => order(a.gvk) - order(b.gvk))) {
      const k = KIND_OF.get(it.gvk);
      const where = target(it.ns);
      let result = "skipped";
      const nsResult = it.ns ? await ensure(it.ns) : undefined;
      if (k?.kind === "Namespace") result = nsResult as string;
      else if (k) {
        const o = itemOf(k, it.ns, it.name);
        if (!o) add(errors, where, `error restoring ${k.resource}/${where}/${it.name}: not found in the backup`);
        else {
          const body: Obj = {
            ...o,
            metadata: {
              name: it.name,
              namespace: where,
              labels: {
                ...(o.metadata.labels ?? {}),
                [BACKUP_NAME]: labelValue(String(spec.backupName)),
                [RESTORE_NAME]: labelValue(name),
              },
              ...(o.metadata.annotations ? { annotations: o.metadata.annotations } : {}),
            },
          };
          delete body.status;
          if (k.kind === "Service" && body.spec) {
            // a cluster IP and node ports are the cluster's to give, as Velero's service restore action leaves them
            const svc = { ...body.spec };
            if (svc.clusterIP !== "None") {
              delete svc.clusterIP;
              delete svc.clusterIPs;
            }
            delete svc.healthCheckNodePort;
            svc.ports = (svc.ports ?? []).map(({ nodePort: _n, ...p }: Any) => p);
            body.spec = svc;
          }
          const create = `${k.base}/namespaces/${where}/${k.plural}`;
          const res = await kubeRequest(api, "POST", create, { body });
          if (res.status === 201) result = "created";
          else if (res.status === 409) {
            if (k.kind === "ConfigMap" || k.kind === "Secret") {
              const live = (await request(api, "GET", `${create}/${it.name}`)) as Obj | undefined;
              if (live && JSON.stringify([live.data ?? {}, live.binaryData ?? {}]) !== JSON.stringify([o.data ?? {}, o.binaryData ?? {}]))
                add(
                  warnings,
                  where,
                  `could not restore, ${k.kind}:${it.name} already exists. Warning: the in-cluster version is different than the backed-up version`,
                );
            }
          } else add(errors, where, `error restoring ${k.resource}/${where}/${it.name}: ${JSON.stringify(res.body).slice(0, 300)}`);
        }
      }
      const shown = k?.kind === "Namespace" ? where : it.ns ? `${where}/${it.name}` : it.name;
      log.push(logLine("info", `Restore of ${it.gvk} ${shown}: ${result}`, field));
      add(restored, it.gvk, `${shown}(${result})`);
    }
    const count = (m: Record<string, string[]>) => Object.values(m).reduce((n, v) => n + v.length, 0);
    log.push(logLine("info", "restore completed", field));
    const results = {
      errors: count(errors) ? { namespaces: errors } : {},
      warnings: count(warnings) ? { namespaces: warnings } : {},
    };
    // Velero's uploads of a restore's logs and results are best effort: a failure does not fail the restore
    const bsl = (await request(api, "GET", `${BSLS}/${backup?.spec?.storageLocation}`)) as Obj | undefined;
    const store = bsl ? await this.store(api, bsl) : undefined;
    if (store && typeof store !== "string")
      try {
        const dir = `${store.dir}restores/${name}/`;
        for (const [key, body] of [
          [`${dir}restore-${name}-logs.gz`, gzipSync(`${log.join("\n")}\n`)],
          [`${dir}restore-${name}-results.gz`, gzipSync(JSON.stringify(results))],
          [`${dir}restore-${name}-resource-list.json.gz`, gzipSync(JSON.stringify(restored))],
        ] as Array<[string, Buffer]>)
          await store.s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: body })).catch((e: unknown) => {
            if (isTransientNetworkError(e)) throw e;
          });
      } finally {
        store.s3.destroy();
      }
    await request(api, "PATCH", path, {
      status: {
        phase: count(errors) ? "PartiallyFailed" : "Completed",
        completionTimestamp: iso(),
        progress: items.length ? { totalItems: items.length, itemsRestored: items.length } : {},
        ...(count(warnings) ? { warnings: count(warnings) } : {}),
        ...(count(errors) ? { errors: count(errors) } : {}),
      },
    });
  }
}
