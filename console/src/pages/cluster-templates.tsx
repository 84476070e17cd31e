import { useState } from "react";
import { Link } from "wouter";
import { api, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { ParameterTable } from "../ui/template-parameters";
import { When } from "../ui/time";

type Template = Schemas["ClusterTemplate"];
interface Shown {
  name: string;
  version: string;
  /** read through the domain's API (a domain admin's view of any template) or the project's (offered ones) */
  via: "domain" | "project";
}

/**
 * The cluster templates of a project (docs/templates.md): those offered to
 * it with their versions and a version's parameters; for a domain admin
 * also every template of the domain with its offering, deprecation of a
 * version and a change of the offering. Templates are published with
 * ckpctl or the API.
 */
export function ClusterTemplates() {
  const t = useTenant();
  const write = useCan("write", t);
  const domainAdmin = useCan("admin", { domain: t.domain });
  const [shown, setShown] = useState<Shown | undefined>();
  const offered = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/cluster-templates", { params: { path: t.path } });
  const templates = itemsOf(offered.data);
  return (
    <section>
      <PageHeader title="Cluster templates">
        {write && templates.length > 0 && (
          <Link href={`${t.href}/clusters/new?from=template`} className="button primary">
            Create from a template
          </Link>
        )}
      </PageHeader>
      <p className="muted">
        A template is a cluster spec a platform lead published, with parameters you fill in. Each version is fixed once published.
      </p>
      <ProblemAlert error={offered.error} />
      <section className="card" aria-labelledby="offered-title">
        <h2 id="offered-title">Offered to {t.project}</h2>
        <TemplateTable
          caption={`Templates offered to ${t.project}`}
          templates={templates}
          empty={offered.isSuccess ? "No template is offered to this project." : "Loading…"}
          onShow={(name, version) => setShown({ name, version, via: "project" })}
          createHref={write ? (name) => `${t.href}/clusters/new?from=template&template=${encodeURIComponent(name)}` : undefined}
        />
      </section>
      {shown && <VersionCard shown={shown} onClose={() => setShown(undefined)} />}
      {domainAdmin && <DomainTemplates onShow={(name, version) => setShown({ name, version, via: "domain" })} />}
    </section>
  );
}

function Versions({
  tpl,
  onShow,
  onToggle,
  busy,
}: {
  tpl: Template;
  onShow: (name: string, version: string) => void;
  onToggle?: (version: string, deprecated: boolean) => void;
  busy?: boolean;
}) {
  const sorted = [...tpl.versions].reverse();
  return (
    <ul className="plain">
      {sorted.map((v) => (
        <li key={v.version}>
          <button
            type="button"
            className="link"
            aria-label={`Parameters of ${tpl.name} ${v.version}`}
            onClick={() => onShow(tpl.name, v.version)}
          >
            {v.version}
          </button>{" "}
          {v.version === tpl.latest && <StatusBadge value="latest" tone="ok" />}
          {v.deprecated && <StatusBadge value="deprecated" tone="wait" />}{" "}
          <span className="muted small">
            <When at={v.publishedAt} />
          </span>
          {onToggle && (
            <>
              {" "}
              <button
                type="button"
                className="small"
                disabled={busy}
                aria-label={`${v.deprecated ? "Undeprecate" : "Deprecate"} ${tpl.name} ${v.version}`}
                onClick={() => onToggle(v.version, !v.deprecated)}
              >
                {v.deprecated ? "Undeprecate" : "Deprecate"}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function TemplateTable({
  caption,
  templates,
  empty,
  onShow,
  createHref,
}: {
  caption: string;
  templates: Template[];
  empty: string;
  onShow: (name: string, version: string) => void;
  createHref?: ((name: string) => string) | undefined;
}) {
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Latest</th>
            <th scope="col">Versions</th>
            {createHref && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {templates.map((tpl) => (
            <tr key={tpl.name}>
              <td data-label="Template">
                <strong>{tpl.name}</strong>
                {tpl.description && <div className="muted small">{tpl.description}</div>}
              </td>
              <td data-label="Latest">{tpl.latest ?? <span className="muted">every version is deprecated</span>}</td>
              <td data-label="Versions">
                <Versions tpl={tpl} onShow={onShow} />
              </td>
              {createHref && (
                <td data-label="Action">
                  {tpl.latest && (
                    <Link href={createHref(tpl.name)} className="button">
                      Create cluster
                    </Link>
                  )}
                </td>
              )}
            </tr>
          ))}
          {templates.length === 0 && (
            <tr>
              <td colSpan={createHref ? 4 : 3} className="empty">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function VersionCard({ shown, onClose }: { shown: Shown; onClose: () => void }) {
  const t = useTenant();
  const viaProject = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/cluster-templates/{name}/versions/{version}",
    { params: { path: { ...t.path, name: shown.name, version: shown.version } } },
    { enabled: shown.via === "project" },
  );
  const viaDomain = api.useQuery(
    "get",
    "/v1/domains/{domain}/cluster-templates/{name}/versions/{version}",
    { params: { path: { domain: t.domain, name: shown.name, version: shown.version } } },
    { enabled: shown.via === "domain" },
  );
  const q = shown.via === "project" ? viaProject : viaDomain;
  const v = q.data;
  return (
    <section className="card" aria-labelledby="version-title">
      <div className="page-header">
        <h2 id="version-title">
          {shown.name}@{shown.version} {v?.deprecated && <StatusBadge value="deprecated" tone="wait" />}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ProblemAlert error={q.error} />
      {v && (
        <>
          {v.description && <p>{v.description}</p>}
          <p className="muted small">
            published by {v.publishedBy} <When at={v.publishedAt} />
          </p>
          <ParameterTable params={v.parameters} caption={`Parameters of ${shown.name} ${shown.version}`} />
          <details>
            <summary>The spec it renders</summary>
            <pre className="json">{JSON.stringify(v.spec, null, 2)}</pre>
          </details>
        </>
      )}
    </section>
  );
}

function DomainTemplates({ onShow }: { onShow: (name: string, version: string) => void }) {
  const t = useTenant();
  const [offering, setOffering] = useState<Template | undefined>();
  const list = api.useQuery("get", "/v1/domains/{domain}/cluster-templates", {
    params: { path: { domain: t.domain }, query: { limit: 200 } },
  });
  const deprecate = api.useMutation("patch", "/v1/domains/{domain}/cluster-templates/{name}/versions/{version}", {
    onSuccess: () => refreshAll(),
  });
  const templates = itemsOf(list.data);
  return (
    <section className="card" aria-labelledby="domain-templates-title">
      <h2 id="domain-templates-title">All templates of {t.domain}</h2>
      <p className="muted small">
        As a domain admin you see every template and choose who it is offered to. Publish new versions with <code>ckpctl create -f</code> or
        the API.
      </p>
      <ProblemAlert error={list.error ?? deprecate.error} />
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Templates of the domain</caption>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Offered to</th>
              <th scope="col">Versions</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((tpl) => (
              <tr key={tpl.name}>
                <td data-label="Template">
                  <strong>{tpl.name}</strong>
                  {tpl.description && <div className="muted small">{tpl.description}</div>}
                </td>
                <td data-label="Offered to">
                  {tpl.offeredTo.allProjects
                    ? "every project"
                    : tpl.offeredTo.projects.join(", ") || <span className="muted">no project</span>}
                </td>
                <td data-label="Versions">
                  <Versions
                    tpl={tpl}
                    onShow={onShow}
                    busy={deprecate.isPending}
                    onToggle={(version, deprecated) =>
                      deprecate.mutate({ params: { path: { domain: t.domain, name: tpl.name, version } }, body: { deprecated } })
                    }
                  />
                </td>
                <td data-label="Action">
                  <button type="button" onClick={() => setOffering(tpl)} aria-label={`Change the offering of ${tpl.name}`}>
                    Change offering…
                  </button>
                </td>
              </tr>
            ))}
            {list.isSuccess && templates.length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  No template published in this domain yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Dialog open={!!offering} title={`Offer ${offering?.name ?? ""} to`} onClose={() => setOffering(undefined)}>
        {offering && <OfferingForm tpl={offering} onDone={() => setOffering(undefined)} />}
      </Dialog>
    </section>
  );
}

function OfferingForm({ tpl, onDone }: { tpl: Template; onDone: () => void }) {
  const t = useTenant();
  const [all, setAll] = useState(tpl.offeredTo.allProjects);
  const [chosen, setChosen] = useState<string[]>(tpl.offeredTo.projects);
  const projects = api.useQuery("get", "/v1/domains/{domain}/projects", { params: { path: { domain: t.domain }, query: { limit: 500 } } });
  const update = api.useMutation("patch", "/v1/domains/{domain}/cluster-templates/{name}", {
    onSuccess: () => {
      void refreshAll();
      onDone();
    },
  });
  const names = [...new Set([...itemsOf(projects.data).map((p) => p.name), ...tpl.offeredTo.projects])].sort();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({
          params: { path: { domain: t.domain, name: tpl.name }, header: { "if-match": `"${tpl.version}"` } },
          body: { offeredTo: all ? { allProjects: true, projects: [] } : { allProjects: false, projects: chosen } },
        });
      }}
    >
      <fieldset>
        <legend>Offered to</legend>
        <label className="check">
          <input type="radio" name="offer" checked={all} onChange={() => setAll(true)} /> every project of {t.domain}, now and later
        </label>
        <label className="check">
          <input type="radio" name="offer" checked={!all} onChange={() => setAll(false)} /> these projects:
        </label>
        {names.map((n) => (
          <label key={n} className="check indent">
            <input
              type="checkbox"
              disabled={all}
              checked={!all && chosen.includes(n)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, n] : c.filter((x) => x !== n)))}
            />{" "}
            {n}
          </label>
        ))}
      </fieldset>
      <ProblemAlert error={update.error ?? projects.error} />
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={update.isPending}>
          Save offering
        </button>
      </div>
    </form>
  );
}
