import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { DNS_LABEL_PATTERN, Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";

const PHASE_TONES: Record<string, string> = { Available: "ok", Unavailable: "bad", Pending: "wait" };

/**
 * The project's backup storage locations (docs/backups.md): where its
 * clusters' Velero backs up, each checked against its bucket when it is
 * created; the keys are write-only. Per location, the phase Velero reports
 * in each cluster that runs it.
 */
export function BackupLocations() {
  const t = useTenant();
  const isAdmin = useCan("admin", t);
  const list = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/backup-locations",
    { params: { path: t.path, query: { limit: 200 } } },
    { refetchInterval: 5000 },
  );
  const create = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/backup-locations", { onSuccess: () => refreshAll() });
  const remove = api.useMutation("delete", "/v1/domains/{domain}/projects/{project}/backup-locations/{name}", {
    onSuccess: () => refreshAll(),
  });
  const [form, setForm] = useState<Record<string, string>>({ region: "us-east-1" });
  const [pathStyle, setPathStyle] = useState(true);
  const [isDefault, setIsDefault] = useState(false);
  const [deleting, setDeleting] = useState<Schemas["BackupLocation"]>();
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const optional = (k: string) => (form[k] ? { [k]: form[k] } : {});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: form.name ?? "",
      bucket: form.bucket ?? "",
      region: form.region || "us-east-1",
      s3ForcePathStyle: pathStyle,
      default: isDefault,
      credentials: { accessKeyId: form.accessKeyId ?? "", secretAccessKey: form.secretAccessKey ?? "" },
      ...optional("prefix"),
      ...optional("endpoint"),
      ...optional("caBundle"),
      ...optional("description"),
    };
    await create.mutateAsync({ params: { path: t.path }, body }).then(
      () => setForm({ region: "us-east-1" }),
      () => undefined,
    );
  };
  return (
    <section>
      <PageHeader title="Backup locations" />
      <p className="muted">
        Where this project's clusters back up with Velero. Each location is checked against its bucket before it is stored, and no other
        project can use the same bucket and prefix.
      </p>
      <ProblemAlert error={list.error ?? remove.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Backup locations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Bucket</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Keys</th>
              <th scope="col">Verified</th>
              <th scope="col">In clusters</th>
              {isAdmin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {itemsOf(list.data).map((l) => (
              <tr key={l.name}>
                <td>
                  {l.name} {l.default && <StatusBadge value="default" tone="ok" />}
                  {l.description && <div className="muted small">{l.description}</div>}
                </td>
                <td>
                  <code>{l.prefix ? `${l.bucket}/${l.prefix}` : l.bucket}</code>
                </td>
                <td className="small">
                  {l.endpoint ?? `AWS S3 ${l.region}`}
                  {l.s3ForcePathStyle && <div className="muted">path-style</div>}
                  {l.caBundle && <div className="muted">private CA</div>}
                </td>
                <td>
                  <span className="badge tone-muted">set</span>
                </td>
                <td>
                  <When at={l.verifiedAt} />
                </td>
                <td>
                  {l.clusters.length === 0 && <span className="muted small">no cluster runs Velero</span>}
                  {l.clusters.map((c) => (
                    <div key={c.clusterId} className="small">
                      {c.cluster} <StatusBadge value={c.phase} tone={PHASE_TONES[c.phase] ?? "muted"} />
                      {c.message && <div className="muted">{c.message}</div>}
                    </div>
                  ))}
                </td>
                {isAdmin && (
                  <td>
                    <button type="button" className="danger" onClick={() => setDeleting(l)}>
                      Delete<span className="visually-hidden"> {l.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
            {list.isSuccess && itemsOf(list.data).length === 0 && (
              <tr>
                <td colSpan={isAdmin ? 7 : 6} className="empty">
                  No backup location yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {isAdmin && (
        <form className="card form-grid" onSubmit={submit} aria-labelledby="new-location">
          <h2 id="new-location">New backup location</h2>
          <Field label="Name" hint="lowercase letters, digits and -, at most 63">
            {(p) => <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={form.name ?? ""} onChange={set("name")} />}
          </Field>
          <Field label="Bucket">{(p) => <input {...p} required maxLength={63} value={form.bucket ?? ""} onChange={set("bucket")} />}</Field>
          <Field label="Prefix (optional)" hint="the key prefix Velero writes under; empty: the whole bucket">
            {(p) => <input {...p} maxLength={512} value={form.prefix ?? ""} onChange={set("prefix")} />}
          </Field>
          <Field label="Region">{(p) => <input {...p} maxLength={32} value={form.region ?? ""} onChange={set("region")} />}</Field>
          <Field label="Endpoint (optional)" hint="an S3-compatible store's URL (MinIO, Ceph RGW); empty: AWS S3">
            {(p) => <input {...p} type="url" value={form.endpoint ?? ""} onChange={set("endpoint")} />}
          </Field>
          <Field label="Access key id">
            {(p) => <input {...p} required autoComplete="off" value={form.accessKeyId ?? ""} onChange={set("accessKeyId")} />}
          </Field>
          <Field label="Secret access key" hint="write-only: stored sealed, never shown again">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                required
                value={form.secretAccessKey ?? ""}
                onChange={set("secretAccessKey")}
              />
            )}
          </Field>
          <Field label="CA bundle (optional)" hint="PEM certificates of a private CA that signed the endpoint's certificate">
            {(p) => <textarea {...p} rows={3} value={form.caBundle ?? ""} onChange={set("caBundle")} />}
          </Field>
          <label className="check">
            <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} /> Path-style addressing (most
            S3-compatible stores need it)
          </label>
          <label className="check">
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> The project's default location
          </label>
          <ProblemAlert error={create.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={create.isPending}>
              {create.isPending ? "Checking the bucket…" : "Create backup location"}
            </button>
          </div>
        </form>
      )}
      <Dialog open={!!deleting} title={`Delete backup location ${deleting?.name ?? ""}?`} onClose={() => setDeleting(undefined)}>
        <p>Velero in the project's clusters stops using it; what it wrote in the bucket stays.</p>
        <div className="actions">
          <button type="button" onClick={() => setDeleting(undefined)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() =>
              deleting &&
              remove.mutate({ params: { path: { ...t.path, name: deleting.name } } }, { onSettled: () => setDeleting(undefined) })
            }
          >
            Delete backup location
          </button>
        </div>
      </Dialog>
    </section>
  );
}
