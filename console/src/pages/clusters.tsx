import { useState } from "react";
import { Link } from "wouter";
import { api, itemsOf } from "../api/client";
import { useCan } from "../auth";
import { StatusBadge } from "../ui/badges";
import { PageHeader } from "../ui/layout";
import { Pager, usePager } from "../ui/pager";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";

/** The project's clusters and where each one is (phase, current step), live. */
export function Clusters() {
  const t = useTenant();
  const write = useCan("write", t);
  const admin = useCan("admin", t);
  const pager = usePager();
  const [template, setTemplate] = useState("");
  const offered = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/cluster-templates", { params: { path: t.path } });
  const list = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/clusters",
    {
      params: {
        path: t.path,
        query: { limit: 100, ...(pager.cursor ? { cursor: pager.cursor } : {}), ...(template ? { template } : {}) },
      },
    },
    { refetchInterval: 3_000 },
  );
  const clusters = itemsOf(list.data);
  return (
    <section>
      <PageHeader title="Clusters">
        {write && (
          <Link href={`${t.href}/clusters/new`} className="button primary">
            Create cluster
          </Link>
        )}
        {admin && (
          <Link href={`${t.href}/clusters/import`} className="button">
            Import cluster
          </Link>
        )}
      </PageHeader>
      {itemsOf(offered.data).length > 0 && (
        <div className="filters">
          <label>
            Template{" "}
            <select
              value={template}
              onChange={(e) => {
                // another list: its cursors are not this one's
                pager.reset();
                setTemplate(e.target.value);
              }}
            >
              <option value="">any (and none)</option>
              {itemsOf(offered.data).map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <ProblemAlert error={list.error} />
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Clusters</caption>
          <thead>
            <tr>
              <th scope="col">Cluster</th>
              <th scope="col">Phase</th>
              <th scope="col">Kubernetes</th>
              <th scope="col">Workers</th>
              <th scope="col">Template</th>
              <th scope="col" className="wide-only">
                CNI
              </th>
              <th scope="col" className="wide-only">
                Host group
              </th>
              <th scope="col" className="wide-only">
                Created
              </th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((c) =>
              c.type === "imported" ? (
                <tr key={c.id}>
                  <td data-label="Cluster">
                    <Link href={`${t.href}/imported-clusters/${c.id}`}>{c.name}</Link> <span className="badge">imported</span>
                    {c.description && <div className="muted small">{c.description}</div>}
                  </td>
                  <td data-label="Phase">
                    <span className="muted">{c.access === "agent" ? "through its agent" : "by kubeconfig"}</span>
                  </td>
                  <td data-label="Kubernetes">{c.observed?.kubernetesVersion ?? "—"}</td>
                  <td data-label="Workers">
                    {c.observed?.readyNodes ?? 0} / {c.observed?.nodeCount ?? 0} nodes ready
                  </td>
                  <td data-label="Template">—</td>
                  <td className="wide-only">—</td>
                  <td className="wide-only">—</td>
                  <td className="wide-only">
                    <When at={c.createdAt} />
                  </td>
                </tr>
              ) : (
                <tr key={c.id}>
                  <td data-label="Cluster">
                    <Link href={`${t.href}/clusters/${c.id}`}>{c.name}</Link>
                    {c.description && <div className="muted small">{c.description}</div>}
                  </td>
                  <td data-label="Phase">
                    <StatusBadge value={c.phase} />
                    {c.phase !== "Ready" && c.step && <div className="muted small">{c.step}</div>}
                  </td>
                  <td data-label="Kubernetes">{c.kubernetesVersion}</td>
                  <td data-label="Workers">
                    {c.observed?.readyWorkers ?? 0} / {c.workers} ready
                  </td>
                  <td data-label="Template">
                    {c.template ? (
                      <code>
                        {c.template.name}@{c.template.version}
                      </code>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    {c.templateMove?.state === "Running" && <div className="muted small">moving to {c.templateMove.to}</div>}
                  </td>
                  <td className="wide-only">
                    {c.cni.name} {c.cni.version}
                  </td>
                  <td className="wide-only">{c.hostGroup}</td>
                  <td className="wide-only">
                    <When at={c.createdAt} />
                  </td>
                </tr>
              ),
            )}
            {list.isSuccess && clusters.length === 0 && (
              <tr>
                <td colSpan={8} className="empty">
                  {template ? `No cluster made from ${template}.` : "No cluster yet."}
                  {!template && write ? " Create one: the wizard walks you through it." : ""}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} nextCursor={list.data?.nextCursor} />
    </section>
  );
}
