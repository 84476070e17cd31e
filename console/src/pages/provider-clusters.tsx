import { type FormEvent, useState } from "react";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { SimulationBadge, StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { Field, parsePairs } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useScope } from "../ui/scope";

const DEFAULT_TEMPLATE = `#cloud-config
hostname: {{ hostname }}
write_files:
  - path: /etc/ckp/agent.yaml
    permissions: "0600"
    content: {{ agent_config }}
runcmd:
  - {{ agent_install }}
`;

/**
 * Provider clusters of a domain (both scopes, with the domain's readiness
 * check) or of a project: how a cluster's machines are provided.
 */
export function ProviderClusters() {
  const { domain = "", project } = useScope();
  const scope = project ? { domain, project } : { domain };
  const admin = useCan("admin", scope);
  const domainAdmin = useCan("admin", { domain });
  const domainList = api.useQuery(
    "get",
    "/v1/domains/{domain}/provider-clusters",
    { params: { path: { domain }, query: { limit: 200, ...(project ? { scope: "domain" as const } : {}) } } },
    { enabled: true },
  );
  const projectList = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/provider-clusters",
    { params: { path: { domain, project: project ?? "" }, query: { limit: 200 } } },
    { enabled: !!project },
  );
  const status = api.useQuery("get", "/v1/domains/{domain}/provider-status", { params: { path: { domain } } }, { enabled: domainAdmin });
  const items = [...itemsOf(projectList.data), ...itemsOf(domainList.data)];
  const [deleting, setDeleting] = useState<Schemas["ProviderCluster"]>();
  const delDomain = api.useMutation("delete", "/v1/domains/{domain}/provider-clusters/{name}", { onSuccess: () => refreshAll() });
  const delProject = api.useMutation("delete", "/v1/domains/{domain}/projects/{project}/provider-clusters/{name}", {
    onSuccess: () => refreshAll(),
  });
  const statusOf = (name: string, sc: string) => status.data?.providerClusters.find((s) => s.name === name && s.scope === sc);
  const canDelete = (pc: Schemas["ProviderCluster"]) =>
    pc.scope === "domain" ? domainAdmin : admin && (!project || pc.project === project);
  return (
    <section>
      <PageHeader title={project ? `Provider clusters for ${project}` : `Provider clusters of ${domain}`}>
        {status.data && (
          <StatusBadge
            value={status.data.status === "ready" ? "Ready" : status.data.status === "degraded" ? "Failed" : "pending"}
            label={`domain ${status.data.status}`}
          />
        )}
      </PageHeader>
      {project && <p className="muted">A cluster of this project may use the project's provider clusters or the domain's.</p>}
      <ProblemAlert error={domainList.error ?? projectList.error ?? delDomain.error ?? delProject.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Provider clusters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Type</th>
              <th scope="col">Credential</th>
              <th scope="col">Management cluster</th>
              <th scope="col">Clusters</th>
              {domainAdmin && <th scope="col">Check</th>}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((pc) => {
              const st = statusOf(pc.name, pc.scope);
              return (
                <tr key={`${pc.scope}/${pc.project ?? ""}/${pc.name}`}>
                  <td>
                    {pc.name} <SimulationBadge of={pc} />
                    {pc.description && <div className="muted small">{pc.description}</div>}
                  </td>
                  <td>{pc.scope === "project" ? `project ${pc.project}` : "domain"}</td>
                  <td>{pc.type}</td>
                  <td>{pc.credential}</td>
                  <td>
                    {pc.managementCluster?.name ??
                      (pc.placement
                        ? `placement: ${Object.entries(pc.placement.matchLabels ?? {})
                            .map(([k, v]) => `${k}=${v}`)
                            .join(", ")}`
                        : "—")}
                  </td>
                  <td>{pc.clusterCount}</td>
                  {domainAdmin && (
                    <td>
                      {st ? (
                        <>
                          <StatusBadge value={st.ready ? "Ready" : "Failed"} label={st.ready ? "ready" : "problems"} />
                          {st.problems.map((p) => (
                            <div key={p} className="small">
                              {p}
                            </div>
                          ))}
                        </>
                      ) : (
                        <span className="muted">{status.isLoading ? "checking…" : "—"}</span>
                      )}
                    </td>
                  )}
                  <td>
                    {canDelete(pc) && (
                      <button type="button" className="danger" onClick={() => setDeleting(pc)}>
                        Delete<span className="visually-hidden"> {pc.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
            {(domainList.isSuccess || projectList.isSuccess) && items.length === 0 && (
              <tr>
                <td colSpan={8} className="empty">
                  No provider cluster: clusters can use only hosts the group already has.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {admin && <NewProviderCluster domain={domain} project={project} canListCredentials={domainAdmin} />}
      <Dialog open={!!deleting} title={`Delete provider cluster ${deleting?.name ?? ""}?`} onClose={() => setDeleting(undefined)}>
        <p>One a cluster uses cannot be deleted until that cluster is.</p>
        <div className="actions">
          <button type="button" onClick={() => setDeleting(undefined)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (!deleting) return;
              const done = { onSettled: () => setDeleting(undefined) };
              if (deleting.scope === "domain") delDomain.mutate({ params: { path: { domain, name: deleting.name } } }, done);
              else delProject.mutate({ params: { path: { domain, project: deleting.project ?? "", name: deleting.name } } }, done);
            }}
          >
            Delete
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function NewProviderCluster({
  domain,
  project,
  canListCredentials,
}: {
  domain: string;
  project?: string | undefined;
  canListCredentials: boolean;
}) {
  const creds = api.useQuery(
    "get",
    "/v1/domains/{domain}/credentials",
    { params: { path: { domain }, query: { limit: 200 } } },
    { enabled: canListCredentials },
  );
  const createDomain = api.useMutation("post", "/v1/domains/{domain}/provider-clusters", { onSuccess: () => refreshAll() });
  const createProject = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/provider-clusters", {
    onSuccess: () => refreshAll(),
  });
  const [type, setType] = useState<"orbiter-bms" | "ccs-vm">("orbiter-bms");
  const [f, setF] = useState<Record<string, string>>({ cloudInitTemplate: DEFAULT_TEMPLATE, target: "managementCluster" });
  const [localError, setLocalError] = useState<string>();
  const set = (k: string) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const error = createDomain.error ?? createProject.error;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError(undefined);
    const where =
      f.target === "placement"
        ? (() => {
            const l = parsePairs(f.placement ?? "");
            if (l.error) throw new Error(l.error);
            return { placement: { matchLabels: l.value } };
          })()
        : { managementCluster: f.managementCluster ?? "" };
    let body: Parameters<typeof createDomain.mutateAsync>[0]["body"];
    if (type === "orbiter-bms") {
      body = {
        type,
        name: f.name ?? "",
        credential: f.credential ?? "",
        ...(f.description ? { description: f.description } : {}),
        ...where,
        defaults: { serverPool: f.serverPool ?? "", cloudInitTemplate: f.cloudInitTemplate ?? "" },
      };
    } else {
      const images = (f.images ?? "")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [os, arch, image] = l.split(/\s+/);
          return { os, arch, image } as { os: "ubuntu-20.04"; arch: "amd64"; image: string };
        });
      body = {
        type,
        name: f.name ?? "",
        credential: f.credential ?? "",
        ...(f.description ? { description: f.description } : {}),
        ...where,
        defaults: {
          images,
          flavor: f.flavor ?? "",
          network: f.network ?? "",
          securityGroups: (f.securityGroups ?? "").split(/[\s,]+/).filter(Boolean),
        },
      };
    }
    const opts = { onSuccess: () => setF({ cloudInitTemplate: DEFAULT_TEMPLATE, target: "managementCluster" }) };
    if (project) await createProject.mutateAsync({ params: { path: { domain, project } }, body }, opts).catch(() => undefined);
    else await createDomain.mutateAsync({ params: { path: { domain } }, body }, opts).catch(() => undefined);
  };
  return (
    <form
      className="card form-grid"
      aria-labelledby="new-provider"
      onSubmit={(e) => submit(e).catch((err: Error) => setLocalError(err.message))}
    >
      <h2 id="new-provider">New provider cluster {project ? "for this project" : "for the domain"}</h2>
      <Field label="Name">{(p) => <input {...p} required value={f.name ?? ""} onChange={set("name")} />}</Field>
      <Field label="Type">
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            <option value="orbiter-bms">Orbiter bare metal (orbiter-bms)</option>
            <option value="ccs-vm">CCS virtual machines (ccs-vm)</option>
          </select>
        )}
      </Field>
      <Field label="Credential" hint={`a credential of the domain of type ${type === "orbiter-bms" ? "orbiter-bms" : "ccs-openstack"}`}>
        {(p) =>
          canListCredentials ? (
            <select {...p} required value={f.credential ?? ""} onChange={set("credential")}>
              <option value="">Choose…</option>
              {itemsOf(creds.data)
                .filter((c) => c.type === (type === "orbiter-bms" ? "orbiter-bms" : "ccs-openstack"))
                .map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
            </select>
          ) : (
            <input {...p} required value={f.credential ?? ""} onChange={set("credential")} />
          )
        }
      </Field>
      <Field label="Description (optional)">{(p) => <input {...p} value={f.description ?? ""} onChange={set("description")} />}</Field>
      <fieldset>
        <legend>Where its clusters' Cluster API objects go</legend>
        <label className="check">
          <input
            type="radio"
            name="target"
            checked={f.target !== "placement"}
            onChange={() => setF((x) => ({ ...x, target: "managementCluster" }))}
          />{" "}
          A management cluster
        </label>
        <label className="check">
          <input
            type="radio"
            name="target"
            checked={f.target === "placement"}
            onChange={() => setF((x) => ({ ...x, target: "placement" }))}
          />{" "}
          Placement by labels
        </label>
        {f.target === "placement" ? (
          <Field label="Match labels" hint="key=value, one per line, e.g. region=eu-west">
            {(p) => <textarea {...p} rows={2} value={f.placement ?? ""} onChange={set("placement")} />}
          </Field>
        ) : (
          <Field label="Management cluster (name or id)">
            {(p) => <input {...p} required value={f.managementCluster ?? ""} onChange={set("managementCluster")} />}
          </Field>
        )}
      </fieldset>
      {type === "orbiter-bms" ? (
        <>
          <Field label="Server pool">{(p) => <input {...p} required value={f.serverPool ?? ""} onChange={set("serverPool")} />}</Field>
          <Field label="Cloud-init template" hint="variables: {{ hostname }}, {{ agent_config }}, {{ agent_install }}, …">
            {(p) => (
              <textarea {...p} rows={8} className="mono" required value={f.cloudInitTemplate ?? ""} onChange={set("cloudInitTemplate")} />
            )}
          </Field>
        </>
      ) : (
        <>
          <Field label="Images" hint="one per line: os arch image, e.g. ubuntu-20.04 amd64 ckp-ubuntu-2004">
            {(p) => <textarea {...p} rows={3} className="mono" required value={f.images ?? ""} onChange={set("images")} />}
          </Field>
          <Field label="Flavor">{(p) => <input {...p} required value={f.flavor ?? ""} onChange={set("flavor")} />}</Field>
          <Field label="Network">{(p) => <input {...p} required value={f.network ?? ""} onChange={set("network")} />}</Field>
          <Field label="Security groups (optional)" hint="separated by spaces or commas">
            {(p) => <input {...p} value={f.securityGroups ?? ""} onChange={set("securityGroups")} />}
          </Field>
        </>
      )}
      {localError && (
        <p className="alert" role="alert">
          {localError}
        </p>
      )}
      <ProblemAlert error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={createDomain.isPending || createProject.isPending}>
          Create provider cluster
        </button>
      </div>
    </form>
  );
}
