import { type FormEvent, useEffect, useState } from "react";
import { Link, useLocation } from "wouter";
import { api, asProblem, fieldProblem, itemsOf } from "../api/client";
import { DNS_LABEL_PATTERN, Field } from "../ui/form";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { initialValues, ParameterFields, type ParameterValues, parameterBody } from "../ui/template-parameters";

/**
 * The wizard's "From a template" form (docs/templates.md): a template
 * offered to the project, one of its versions (latest by default), and a
 * form generated from that version's parameters. The server checks them
 * (the form does not stop a submit: the declarations are the server's, and
 * its 422 names each parameter, `parameters.<name>`, with the message shown
 * on the field).
 */
export function TemplateClusterForm({ preselect }: { preselect?: string | undefined }) {
  const t = useTenant();
  const [, navigate] = useLocation();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [template, setTemplate] = useState(preselect ?? "");
  const [version, setVersion] = useState("");
  const [values, setValues] = useState<ParameterValues>({});
  // what the user typed: kept across versions and templates; everything else follows the declared defaults
  const [typed, setTyped] = useState<ParameterValues>({});
  const offered = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/cluster-templates", { params: { path: t.path } });
  const templates = itemsOf(offered.data).filter((x) => x.latest);
  const tpl = templates.find((x) => x.name === template) ?? templates[0];
  const choosable = (tpl?.versions ?? []).filter((v) => !v.deprecated).reverse();
  const ver = choosable.find((v) => v.version === version)?.version ?? tpl?.latest ?? "";
  const declared = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/cluster-templates/{name}/versions/{version}",
    { params: { path: { ...t.path, name: tpl?.name ?? "", version: ver } } },
    { enabled: !!tpl && !!ver },
  );
  const params = declared.data?.parameters ?? [];
  // a new version (or template): its defaults, keeping what was typed for a parameter it still declares —
  // never a default of the template shown before (another template's default is not the user's choice)
  useEffect(() => {
    if (declared.data) setValues({ ...initialValues(declared.data.parameters), ...pick(typed, declared.data.parameters) });
  }, [declared.data, typed]);
  const onParameters = (next: ParameterValues) => {
    setTyped((old) => {
      const changed = { ...old };
      for (const [k, v] of Object.entries(next)) if (values[k] !== v) changed[k] = v;
      return changed;
    });
    setValues(next);
  };
  const create = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/clusters", { onSuccess: () => refreshAll() });
  const serverError = (path: string) => fieldProblem(create.error, path);
  // what no field shows: the problem itself (a template no longer offered, a deprecated version, …)
  const unplaced = asProblem(create.error).errors?.filter((e) => e.path !== "name" && !e.path.startsWith("parameters.")) ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!tpl) return;
    create.mutate(
      {
        params: { path: t.path },
        body: {
          name,
          template: tpl.name,
          version: ver,
          parameters: parameterBody(params, values),
          ...(description ? { description } : {}),
        },
      },
      { onSuccess: (c) => "id" in c && navigate(`${t.href}/clusters/${c.id}`) },
    );
  };

  if (offered.isSuccess && templates.length === 0)
    return (
      <div className="card">
        <p role="status">No template is offered to {t.project}. A domain admin publishes templates and offers them to projects.</p>
      </div>
    );
  return (
    <form className="card form-grid wizard" onSubmit={submit} aria-label="Create a cluster from a template" noValidate>
      <h2>From a template</h2>
      <Field label="Name" hint="a DNS label: lowercase letters, digits and -" error={serverError("name")}>
        {(p) => <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Description (optional)" error={serverError("description")}>
        {(p) => <input {...p} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <Field label="Template" hint={tpl?.description} error={serverError("template")}>
        {(p) => (
          <select
            {...p}
            required
            value={tpl?.name ?? ""}
            onChange={(e) => {
              setTemplate(e.target.value);
              setVersion("");
            }}
          >
            {templates.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Version" hint="deprecated versions are not offered" error={serverError("version")}>
        {(p) => (
          <select {...p} required value={ver} onChange={(e) => setVersion(e.target.value)}>
            {choosable.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
                {v.version === tpl?.latest ? " (latest)" : ""}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Parameters</legend>
        {declared.isPending && tpl ? (
          <p className="muted">Loading the parameters…</p>
        ) : (
          <ParameterFields params={params} values={values} onChange={onParameters} errorOf={serverError} />
        )}
      </fieldset>
      <ProblemAlert error={offered.error ?? declared.error} />
      {create.error &&
        (unplaced.length > 0 || !asProblem(create.error).errors?.length ? (
          <ProblemAlert error={create.error} title="The control plane refused the cluster" />
        ) : (
          <p className="field-error" role="alert">
            The control plane refused the cluster: see the fields marked above.
          </p>
        ))}
      <div className="actions">
        <Link href={`${t.href}/clusters`} className="button">
          Cancel
        </Link>
        <button type="submit" className="primary" disabled={!tpl || !ver || declared.isPending || create.isPending}>
          {create.isPending ? "Creating…" : "Create cluster"}
        </button>
      </div>
    </form>
  );
}

function pick(values: ParameterValues, params: { name: string }[]): ParameterValues {
  const out: ParameterValues = {};
  for (const p of params) if (p.name in values) out[p.name] = values[p.name] as string | boolean;
  return out;
}
