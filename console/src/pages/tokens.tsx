import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { type Role, useAuth } from "../auth";
import { CopyButton } from "../ui/copy";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { Pager, usePager } from "../ui/pager";
import { ProblemAlert } from "../ui/problem";
import { useScope } from "../ui/scope";
import { When } from "../ui/time";

const RANK: Record<Role, number> = { viewer: 1, "project-member": 2, "project-admin": 3, "domain-admin": 4, "platform-admin": 5 };

/** Tokens of a domain or a project: who can reach the API, with which role; a new token's secret is shown once. */
export function Tokens() {
  const { domain, project } = useScope();
  const me = useAuth().identity;
  const pager = usePager();
  const query = {
    ...(domain ? { domain } : {}),
    ...(project ? { project } : {}),
    limit: 100,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const list = api.useQuery("get", "/v1/tokens", { params: { query } });
  const create = api.useMutation("post", "/v1/tokens", { onSuccess: () => refreshAll() });
  const revoke = api.useMutation("delete", "/v1/tokens/{id}", { onSuccess: () => refreshAll() });
  const roles: Role[] = (project ? ["viewer", "project-member", "project-admin"] : ["viewer", "domain-admin"]).filter(
    (r) => me && RANK[r as Role] <= RANK[me.role],
  ) as Role[];
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [expires, setExpires] = useState("");
  const [created, setCreated] = useState<Schemas["CreatedToken"]>();
  const [revoking, setRevoking] = useState<Schemas["Token"]>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = await create
      .mutateAsync({
        body: {
          name,
          role,
          ...(domain ? { domain } : {}),
          ...(project ? { project } : {}),
          ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
        },
      })
      .catch(() => undefined);
    if (t) {
      setCreated(t);
      setName("");
      setExpires("");
    }
  };
  return (
    <section>
      <PageHeader title={`Tokens of ${project ? `project ${project}` : `domain ${domain}`}`} />
      <ProblemAlert error={list.error ?? revoke.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Scope</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {itemsOf(list.data).map((t) => (
              <tr key={t.id}>
                <td>
                  {t.name}
                  {t.id === me?.id && <span className="badge tone-muted">this session</span>}
                  <div className="muted small">{t.id}</div>
                </td>
                <td>{t.role}</td>
                <td>{[t.domain, t.project].filter(Boolean).join("/")}</td>
                <td>
                  <When at={t.createdAt} />
                </td>
                <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleString() : "never"}</td>
                <td>
                  <button type="button" className="danger" onClick={() => setRevoking(t)}>
                    Revoke<span className="visually-hidden"> {t.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
      <form className="card form-grid" onSubmit={submit} aria-labelledby="new-token">
        <h2 id="new-token">New token</h2>
        <Field label="Name" hint="who or what uses it, e.g. ci-pipeline">
          {(p) => <input {...p} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Role" hint="a token can be given at most your own role">
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Expires (optional)">
          {(p) => <input {...p} type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
        <ProblemAlert error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
      <Dialog open={!!created} title="Token created" onClose={() => setCreated(undefined)}>
        <p>This is the only time the secret is shown. Store it now: only its hash is kept.</p>
        <label htmlFor="token-secret">Token secret</label>
        <textarea id="token-secret" className="secret mono" readOnly rows={3} value={created?.token ?? ""} />
        <div className="actions">
          <CopyButton text={created?.token ?? ""} label="Copy token" />
          <button type="button" className="primary" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      </Dialog>
      <Dialog open={!!revoking} title={`Revoke ${revoking?.name ?? ""}?`} onClose={() => setRevoking(undefined)}>
        <p>Requests with this token stop working within 15 seconds.</p>
        <div className="actions">
          <button type="button" onClick={() => setRevoking(undefined)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() =>
              revoking && revoke.mutate({ params: { path: { id: revoking.id } } }, { onSettled: () => setRevoking(undefined) })
            }
          >
            Revoke token
          </button>
        </div>
      </Dialog>
    </section>
  );
}
