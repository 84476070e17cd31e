import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { DNS_LABEL_PATTERN, Field } from "../ui/form";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";

const TONES: Record<string, string> = {
  Completed: "ok",
  Enabled: "ok",
  New: "wait",
  Pending: "wait",
  InProgress: "wait",
  Finalizing: "wait",
  PartiallyFailed: "bad",
  Failed: "bad",
  FailedValidation: "bad",
  Unknown: "muted",
};
const base = "/v1/domains/{domain}/projects/{project}/clusters/{id}" as const;
const names = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

function Phase({ s }: { s: { phase: string; message?: string | undefined; validationErrors?: string[] | undefined } }) {
  return (
    <>
      <StatusBadge value={s.phase} tone={TONES[s.phase] ?? "muted"} />
      {(s.validationErrors ?? []).map((v) => (
        <div key={v} className="muted small">
          {v}
        </div>
      ))}
      {s.message && s.phase !== "Pending" && <div className="muted small">{s.message}</div>}
    </>
  );
}

/**
 * A cluster's backups, schedules and restores (docs/backups.md), shown on
 * the cluster's page when it runs Velero: what Velero reports of each,
 * live; members back up now, schedule, pause and restore (into other
 * namespaces too).
 */
export function ClusterBackups({ clusterId }: { clusterId: string }) {
  const t = useTenant();
  const write = useCan("write", t);
  const path = { ...t.path, id: clusterId };
  const init = { params: { path, query: { limit: 200 } } };
  const live = { refetchInterval: 3000 };
  const backups = api.useQuery("get", `${base}/backups`, init, live);
  const schedules = api.useQuery("get", `${base}/backup-schedules`, init, live);
  const restores = api.useQuery("get", `${base}/restores`, init, live);
  const backupNow = api.useMutation("post", `${base}/backups`, { onSuccess: () => refreshAll() });
  const schedule = api.useMutation("post", `${base}/backup-schedules`, { onSuccess: () => refreshAll() });
  const pause = api.useMutation("patch", `${base}/backup-schedules/{name}`, { onSuccess: () => refreshAll() });
  const restore = api.useMutation("post", `${base}/restores`, { onSuccess: () => refreshAll() });
  const [form, setForm] = useState<Record<string, string>>({ ttl: "720h", cron: "0 2 * * *" });
  const locations = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/backup-locations", {
    params: { path: t.path, query: { limit: 200 } },
  });
  const location = form.location || (itemsOf(locations.data).find((l) => l.default) ?? itemsOf(locations.data)[0])?.name || "";
  const [restoring, setRestoring] = useState<Schemas["Backup"]>();
  const [mapping, setMapping] = useState("");
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const spec = () => ({
    ...(form.namespaces ? { includedNamespaces: names(form.namespaces) } : {}),
    ...(form.ttl ? { ttl: form.ttl } : {}),
    ...(location ? { location } : {}),
  });
  const submitBackup = (e: FormEvent) => {
    e.preventDefault();
    backupNow.mutate(
      { params: { path }, body: { name: form.backup ?? "", ...spec() } },
      { onSuccess: () => setForm((f) => ({ ...f, backup: "" })) },
    );
  };
  const submitSchedule = (e: FormEvent) => {
    e.preventDefault();
    schedule.mutate({ params: { path }, body: { name: form.schedule ?? "", schedule: form.cron ?? "", ...spec() } });
  };
  const submitRestore = (e: FormEvent) => {
    e.preventDefault();
    if (!restoring) return;
    const pairs = names(mapping).map((m) => m.split(":") as [string, string]);
    restore.mutate(
      {
        params: { path },
        body: {
          name: `${restoring.name}-restore-${Date.now().toString(36)}`.slice(0, 63).replace(/-+$/, ""),
          backup: restoring.name,
          ...(pairs.length ? { namespaceMapping: Object.fromEntries(pairs) } : {}),
        },
      },
      { onSuccess: () => setRestoring(undefined) },
    );
  };
  return (
    <section className="card" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <ProblemAlert error={backups.error ?? schedules.error ?? restores.error ?? pause.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Backups</caption>
          <thead>
            <tr>
              <th scope="col">Backup</th>
              <th scope="col">Status</th>
              <th scope="col">Items</th>
              <th scope="col">Location</th>
              <th scope="col">Expires</th>
              <th scope="col">Taken</th>
              {write && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {itemsOf(backups.data).map((b) => (
              <tr key={b.name}>
                <td>
                  {b.name}
                  {b.schedule && <div className="muted small">by schedule {b.schedule}</div>}
                  {b.includedNamespaces && <div className="muted small">namespaces {b.includedNamespaces.join(", ")}</div>}
                </td>
                <td>
                  <Phase s={b.status} />
                </td>
                <td>{b.status.progress ? `${b.status.progress.itemsBackedUp}/${b.status.progress.totalItems}` : "—"}</td>
                <td>{b.location}</td>
                <td>{b.status.expiresAt ? <When at={b.status.expiresAt} /> : "—"}</td>
                <td>
                  <When at={b.createdAt} />
                </td>
                {write && (
                  <td>
                    <button type="button" disabled={b.status.phase !== "Completed"} onClick={() => setRestoring(b)}>
                      Restore…<span className="visually-hidden"> {b.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
            {backups.isSuccess && itemsOf(backups.data).length === 0 && (
              <tr>
                <td colSpan={write ? 7 : 6} className="empty">
                  No backup yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {itemsOf(schedules.data).length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Schedules</caption>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">When (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Last backup</th>
                {write && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {itemsOf(schedules.data).map((s) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td>
                    <code>{s.schedule}</code> {s.paused && <StatusBadge value="paused" tone="muted" />}
                  </td>
                  <td>
                    <Phase s={s.status} />
                  </td>
                  <td>{s.status.lastBackup ? <When at={s.status.lastBackup} /> : "—"}</td>
                  {write && (
                    <td>
                      <button
                        type="button"
                        onClick={() => pause.mutate({ params: { path: { ...path, name: s.name } }, body: { paused: !s.paused } })}
                      >
                        {s.paused ? "Resume" : "Pause"}
                        <span className="visually-hidden"> {s.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {itemsOf(restores.data).length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Restores</caption>
            <thead>
              <tr>
                <th scope="col">Restore</th>
                <th scope="col">From backup</th>
                <th scope="col">Status</th>
                <th scope="col">Items</th>
                <th scope="col">Asked</th>
              </tr>
            </thead>
            <tbody>
              {itemsOf(restores.data).map((r) => (
                <tr key={r.name}>
                  <td>
                    {r.name}
                    {r.namespaceMapping && (
                      <div className="muted small">
                        {Object.entries(r.namespaceMapping)
                          .map(([a, b]) => `${a} → ${b}`)
                          .join(", ")}
                      </div>
                    )}
                  </td>
                  <td>{r.backup}</td>
                  <td>
                    <Phase s={r.status} />
                  </td>
                  <td>{r.status.progress ? `${r.status.progress.itemsRestored}/${r.status.progress.totalItems}` : "—"}</td>
                  <td>
                    <When at={r.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {write && (
        <div className="action-grid">
          <form aria-labelledby="backup-now-title" onSubmit={submitBackup}>
            <h3 id="backup-now-title">Back up now</h3>
            <Field label="Backup name">
              {(p) => (
                <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={form.backup ?? ""} onChange={set("backup")} />
              )}
            </Field>
            <Field label="Namespaces (optional)" hint="comma-separated; empty: all">
              {(p) => <input {...p} value={form.namespaces ?? ""} onChange={set("namespaces")} />}
            </Field>
            <Field label="Location" hint="one of the project's backup locations">
              {(p) => (
                <select {...p} required value={location} onChange={set("location")}>
                  {itemsOf(locations.data).length === 0 && <option value="">no backup location in the project</option>}
                  {itemsOf(locations.data).map((l) => (
                    <option key={l.name} value={l.name}>
                      {l.name}
                      {l.default ? " (default)" : ""}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Keep for" hint="a duration: 720h is 30 days">
              {(p) => <input {...p} pattern="[0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m|[0-9]+s" value={form.ttl ?? ""} onChange={set("ttl")} />}
            </Field>
            <ProblemAlert error={backupNow.error} />
            <button type="submit" className="primary" disabled={backupNow.isPending}>
              Back up
            </button>
          </form>
          <form aria-labelledby="schedule-title" onSubmit={submitSchedule}>
            <h3 id="schedule-title">Schedule backups</h3>
            <Field label="Schedule name">
              {(p) => (
                <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={form.schedule ?? ""} onChange={set("schedule")} />
              )}
            </Field>
            <Field label="Cron (UTC)" hint='five fields, @daily or "@every 6h"'>
              {(p) => <input {...p} required value={form.cron ?? ""} onChange={set("cron")} />}
            </Field>
            <ProblemAlert error={schedule.error} />
            <button type="submit" disabled={schedule.isPending}>
              Create schedule
            </button>
          </form>
        </div>
      )}
      <Dialog open={!!restoring} title={`Restore backup ${restoring?.name ?? ""}?`} onClose={() => setRestoring(undefined)}>
        <form onSubmit={submitRestore}>
          <p>Velero recreates what the backup holds; objects that exist are left as they are.</p>
          <Field label="Into other namespaces (optional)" hint="from:to, comma-separated, e.g. shop:shop-copy">
            {(p) => <input {...p} value={mapping} onChange={(e) => setMapping(e.target.value)} />}
          </Field>
          <ProblemAlert error={restore.error} />
          <div className="actions">
            <button type="button" onClick={() => setRestoring(undefined)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={restore.isPending}>
              Restore
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
