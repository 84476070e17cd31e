import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { SimulationBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useDomain } from "../ui/scope";
import { When } from "../ui/time";

type Kind = "orbiter-bms" | "ccs-openstack";

/**
 * Infrastructure credentials of a domain. Secret fields are write-only: a
 * password field to set them, and afterwards only "set" — the API never
 * returns their values.
 */
export function Credentials() {
  const domain = useDomain();
  const list = api.useQuery("get", "/v1/domains/{domain}/credentials", { params: { path: { domain }, query: { limit: 200 } } });
  const create = api.useMutation("post", "/v1/domains/{domain}/credentials", { onSuccess: () => refreshAll() });
  const remove = api.useMutation("delete", "/v1/domains/{domain}/credentials/{name}", { onSuccess: () => refreshAll() });
  const [kind, setKind] = useState<Kind>("orbiter-bms");
  const [form, setForm] = useState<Record<string, string>>({});
  const [deleting, setDeleting] = useState<Schemas["Credential"]>();
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const common = { name: form.name ?? "", ...(form.description ? { description: form.description } : {}) };
    const body =
      kind === "orbiter-bms"
        ? { type: kind, ...common, endpoint: form.endpoint ?? "", hardwareAccessSecret: form.hardwareAccessSecret ?? "" }
        : {
            type: kind,
            ...common,
            authUrl: form.authUrl ?? "",
            applicationCredentialId: form.applicationCredentialId ?? "",
            applicationCredentialSecret: form.applicationCredentialSecret ?? "",
            region: form.region ?? "",
          };
    await create.mutateAsync({ params: { path: { domain } }, body }).then(
      () => setForm({}),
      () => undefined,
    );
  };
  const text = (k: string, label: string, hint?: string) => (
    <Field label={label} hint={hint}>
      {(p) => <input {...p} required value={form[k] ?? ""} onChange={set(k)} />}
    </Field>
  );
  const secret = (k: string, label: string) => (
    <Field label={label} hint="write-only: stored sealed, never shown again">
      {(p) => <input {...p} type="password" autoComplete="new-password" required value={form[k] ?? ""} onChange={set(k)} />}
    </Field>
  );
  return (
    <section>
      <PageHeader title={`Credentials of ${domain}`} />
      <ProblemAlert error={list.error ?? remove.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Credentials</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Settings</th>
              <th scope="col">Secrets</th>
              <th scope="col">Used by</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {itemsOf(list.data).map((c) => (
              <tr key={c.name}>
                <td>
                  {c.name} <SimulationBadge of={c} />
                  {c.description && <div className="muted small">{c.description}</div>}
                </td>
                <td>{c.type}</td>
                <td>
                  {Object.entries(c.config).map(([k, v]) => (
                    <div key={k} className="small">
                      {k}: <code>{v}</code>
                    </div>
                  ))}
                </td>
                <td>
                  {c.secretFields.map((f) => (
                    <div key={f} className="small">
                      {f}: <span className="badge tone-muted">set</span>
                    </div>
                  ))}
                </td>
                <td>{c.providerClusterCount} provider cluster(s)</td>
                <td>
                  <When at={c.createdAt} />
                </td>
                <td>
                  <button type="button" className="danger" onClick={() => setDeleting(c)}>
                    Delete<span className="visually-hidden"> {c.name}</span>
                  </button>
                </td>
              </tr>
            ))}
            {list.isSuccess && itemsOf(list.data).length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No credential yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <form className="card form-grid" onSubmit={submit} aria-labelledby="new-credential">
        <h2 id="new-credential">New credential</h2>
        <Field label="Type">
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              <option value="orbiter-bms">Orbiter bare metal (orbiter-bms)</option>
              <option value="ccs-openstack">CCS OpenStack (ccs-openstack)</option>
            </select>
          )}
        </Field>
        {text("name", "Name")}
        <Field label="Description (optional)">
          {(p) => <input {...p} maxLength={1000} value={form.description ?? ""} onChange={set("description")} />}
        </Field>
        {kind === "orbiter-bms" ? (
          <>
            {text("endpoint", "Endpoint", "the Orbiter Baremetal API URL")}
            {secret("hardwareAccessSecret", "Hardware access secret")}
          </>
        ) : (
          <>
            {text("authUrl", "Keystone auth URL")}
            {text("applicationCredentialId", "Application credential id")}
            {secret("applicationCredentialSecret", "Application credential secret")}
            {text("region", "Region")}
          </>
        )}
        <ProblemAlert error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create credential
          </button>
        </div>
      </form>
      <Dialog open={!!deleting} title={`Delete credential ${deleting?.name ?? ""}?`} onClose={() => setDeleting(undefined)}>
        <p>A credential a provider cluster names cannot be deleted.</p>
        <div className="actions">
          <button type="button" onClick={() => setDeleting(undefined)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() =>
              deleting && remove.mutate({ params: { path: { domain, name: deleting.name } } }, { onSettled: () => setDeleting(undefined) })
            }
          >
            Delete credential
          </button>
        </div>
      </Dialog>
    </section>
  );
}
