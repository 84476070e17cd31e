import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { api, itemsOf } from "../api/client";
import { useCan } from "../auth";
import { DNS_LABEL_PATTERN, Field } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { Pager, usePager } from "../ui/pager";
import { ProblemAlert } from "../ui/problem";
import { useDomain } from "../ui/scope";
import { When } from "../ui/time";

const NAME_HINT = "lowercase letters, digits and -, at most 63 (a DNS label: it becomes part of Kubernetes names)";

/** Every domain (platform admin), and a new one. */
export function Domains() {
  const pager = usePager();
  const list = api.useQuery("get", "/v1/domains", { params: { query: { limit: 100, ...(pager.cursor ? { cursor: pager.cursor } : {}) } } });
  const create = api.useMutation("post", "/v1/domains", { onSuccess: () => refreshAll() });
  const [name, setName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await create.mutateAsync({ body: { name, ...(displayName ? { displayName } : {}) } }).then(
      () => {
        setName("");
        setDisplayName("");
      },
      () => undefined,
    );
  };
  return (
    <section>
      <PageHeader title="Domains" />
      <ProblemAlert error={list.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Domains</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Display name</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {itemsOf(list.data).map((d) => (
              <tr key={d.name}>
                <td>
                  <Link href={`/d/${d.name}`}>{d.name}</Link>
                </td>
                <td>{d.displayName ?? "—"}</td>
                <td>
                  <When at={d.createdAt} />
                </td>
              </tr>
            ))}
            {list.isSuccess && itemsOf(list.data).length === 0 && (
              <tr>
                <td colSpan={3} className="empty">
                  No domain yet: create the first one below.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
      <form className="card form-grid" onSubmit={submit} aria-labelledby="new-domain">
        <h2 id="new-domain">New domain</h2>
        <Field label="Name" hint={NAME_HINT}>
          {(p) => (
            <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Display name (optional)">
          {(p) => <input {...p} maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <ProblemAlert error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create domain
          </button>
        </div>
      </form>
    </section>
  );
}

/** A domain's projects, and a new one (domain admin). */
export function DomainPage() {
  const domain = useDomain();
  const admin = useCan("admin", { domain });
  const pager = usePager();
  const info = api.useQuery("get", "/v1/domains/{domain}", { params: { path: { domain } } });
  const list = api.useQuery("get", "/v1/domains/{domain}/projects", {
    params: { path: { domain }, query: { limit: 100, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
  });
  const create = api.useMutation("post", "/v1/domains/{domain}/projects", { onSuccess: () => refreshAll() });
  const [name, setName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [autoApprove, setAutoApprove] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await create
      .mutateAsync({
        params: { path: { domain } },
        body: { name, ...(displayName ? { displayName } : {}), ...(autoApprove ? { autoApproveHosts: true } : {}) },
      })
      .then(
        () => {
          setName("");
          setDisplayName("");
          setAutoApprove(false);
        },
        () => undefined,
      );
  };
  return (
    <section>
      <PageHeader title={`Domain ${domain}`}>{info.data?.displayName && <span className="muted">{info.data.displayName}</span>}</PageHeader>
      <h2>Projects</h2>
      <ProblemAlert error={list.error ?? info.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Projects of {domain}</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Display name</th>
              <th scope="col">Host approval</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {itemsOf(list.data).map((p) => (
              <tr key={p.name}>
                <td>
                  <Link href={`/d/${domain}/p/${p.name}/clusters`}>{p.name}</Link>
                </td>
                <td>{p.displayName ?? "—"}</td>
                <td>
                  {p.approval.mode === "preflight" ? "when its preflight passes" : p.autoApproveHosts ? "automatic" : "by a project admin"}
                </td>
                <td>
                  <When at={p.createdAt} />
                </td>
              </tr>
            ))}
            {list.isSuccess && itemsOf(list.data).length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  No project yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
      {admin && (
        <form className="card form-grid" onSubmit={submit} aria-labelledby="new-project">
          <h2 id="new-project">New project</h2>
          <Field label="Name" hint={NAME_HINT}>
            {(p) => (
              <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <Field label="Display name (optional)">
            {(p) => <input {...p} maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
          </Field>
          <label className="check">
            <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} /> Approve registering hosts
            automatically
          </label>
          <ProblemAlert error={create.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={create.isPending}>
              Create project
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
