import { type FormEvent, useEffect, useState } from "react";
import { Link } from "wouter";
import { api, fieldProblem, itemsOf, type Schemas } from "../api/client";
import { StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/form";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { compareVersions, initialValues, ParameterFields, type ParameterValues, parameterBody } from "../ui/template-parameters";
import { When } from "../ui/time";

type Cluster = Schemas["Cluster"];
type Step = Schemas["TemplateMoveStep"];

const MOVE_TONE: Record<string, string> = { Running: "busy", Succeeded: "ok", Failed: "bad" };

export function describeStep(s: Step): string {
  if (s.op === "upgrade") return `upgrade to ${s.kubernetesVersion}`;
  if (s.op === "scale") return `scale to ${s.workers} workers`;
  return `addon ${s.addon ?? ""}${s.enabled === false ? " off" : s.enabled ? " on" : ""}${s.values ? " with new values" : ""}`;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A change of a map (labels, addon values) as the keys that differ, `key=value` a line; anything else as it is. */
function sides(from: unknown, to: unknown): [string, string] {
  if (!isMap(from) && !isMap(to)) return [show(from), show(to)];
  const a = isMap(from) ? from : {};
  const b = isMap(to) ? to : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => show(a[k]) !== show(b[k]));
  const side = (m: Record<string, unknown>) => keys.map((k) => (k in m ? `${k}=${show(m[k])}` : `${k} (none)`)).join("\n");
  return [side(a), side(b)];
}

/**
 * The cluster's template (name@version and its parameters), the state of
 * its last move, and "Move to version…": a newer version, parameters
 * changed or kept, the dry run's difference, then the move
 * (docs/templates.md "Moving a cluster to a newer version").
 */
export function ClusterTemplatePanel({ c, write, canChange }: { c: Cluster; write: boolean; canChange: boolean }) {
  const t = useTenant();
  const [moving, setMoving] = useState(false);
  const ref = c.template;
  const move = c.templateMove;
  if (!ref) return null;
  return (
    <section className="card" aria-labelledby="template-title">
      <h2 id="template-title">Template</h2>
      <dl className="facts">
        <dt>Made from</dt>
        <dd>
          <Link href={`${t.href}/cluster-templates`}>
            <code>
              {ref.name}@{ref.version}
            </code>
          </Link>
        </dd>
        <dt>Parameters</dt>
        <dd>
          {Object.keys(ref.parameters).length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain">
              {Object.entries(ref.parameters).map(([k, v]) => (
                <li key={k}>
                  <code>{k}</code> = <code>{String(v)}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        {move && (
          <>
            <dt>Last move</dt>
            <dd>
              <StatusBadge value={move.state} tone={MOVE_TONE[move.state]} /> {move.from} → {move.to}, started <When at={move.startedAt} />
              {move.endedAt && (
                <>
                  , ended <When at={move.endedAt} />
                </>
              )}
              {move.state === "Running" && move.pending.length > 0 && (
                <div className="small">Still to run, one after the other: {move.pending.map(describeStep).join(", then ")}</div>
              )}
              {move.message && <p className="step-message">{move.message}</p>}
            </dd>
          </>
        )}
      </dl>
      {write && (
        <p>
          <button type="button" onClick={() => setMoving(true)}>
            Move to version…
          </button>
          {!canChange && (
            <span className="muted small"> the difference can be seen now; the move starts once the running operation ends</span>
          )}
        </p>
      )}
      <Dialog wide open={moving} title={`Move ${c.name} to another version of ${ref.name}`} onClose={() => setMoving(false)}>
        <MoveForm c={c} canChange={canChange} onDone={() => setMoving(false)} />
      </Dialog>
    </section>
  );
}

function MoveForm({ c, canChange, onDone }: { c: Cluster; canChange: boolean; onDone: () => void }) {
  const t = useTenant();
  const ref = c.template as NonNullable<Cluster["template"]>;
  const path = { ...t.path, id: c.id };
  const offered = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/cluster-templates", { params: { path: t.path } });
  const tpl = itemsOf(offered.data).find((x) => x.name === ref.name);
  // newer versions first, and the cluster's own (moving to it again resumes a failed move)
  const targets = (tpl?.versions ?? [])
    .filter((v) => !v.deprecated && compareVersions(v.version, ref.version) >= 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  const [version, setVersion] = useState("");
  const ver = targets.find((v) => v.version === version)?.version ?? targets[0]?.version ?? "";
  const declared = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/cluster-templates/{name}/versions/{version}",
    { params: { path: { ...t.path, name: ref.name, version: ver } } },
    { enabled: !!ver },
  );
  const params = declared.data?.parameters ?? [];
  const [values, setValues] = useState<ParameterValues>({});
  useEffect(() => {
    if (declared.data) setValues(initialValues(declared.data.parameters, ref.parameters));
  }, [declared.data, ref.parameters]);
  const plan = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/template-move");
  const run = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/clusters/{id}/template-move", {
    onSuccess: () => {
      void refreshAll();
      onDone();
    },
  });
  // only what differs from the cluster's parameters is sent: the rest is kept (or the new version's default)
  const kept = initialValues(params, ref.parameters);
  const changed = (name: string) => !(name in ref.parameters) || values[name] !== kept[name];
  const body = () => {
    const parameters = parameterBody(params, values, changed);
    return { version: ver, ...(Object.keys(parameters).length ? { parameters } : {}) };
  };
  const error = run.error ?? plan.error;
  const planned = plan.data;
  // the plan is for what the form held when it was asked; a change asks again
  const [planKey, setPlanKey] = useState("");
  const key = JSON.stringify(body());
  const current = planned && planKey === key;

  const dryRun = (e: FormEvent) => {
    e.preventDefault();
    run.reset();
    setPlanKey(key);
    plan.mutate({ params: { path, query: { dryRun: "true" } }, body: body() });
  };
  return (
    <form onSubmit={dryRun} className="move-dialog" aria-label="Template move">
      <p className="muted small">
        Now on{" "}
        <code>
          {ref.name}@{ref.version}
        </code>
        . The new version is rendered with the cluster's parameters and the ones you change here.
      </p>
      <Field label="Version" error={fieldProblem(error, "version")}>
        {(p) => (
          <select {...p} required value={ver} onChange={(e) => setVersion(e.target.value)}>
            {targets.length === 0 && <option value="">no version to move to</option>}
            {targets.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
                {v.version === ref.version ? " (current: carry out what still differs)" : v.version === tpl?.latest ? " (latest)" : ""}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Parameters</legend>
        <ParameterFields params={params} values={values} onChange={setValues} errorOf={(p) => fieldProblem(error, p)} />
      </fieldset>
      <ProblemAlert error={offered.error ?? declared.error ?? error} />
      {current && planned && (
        <section aria-labelledby="plan-title">
          <h3 id="plan-title">
            What changes: {planned.from} → {planned.to}
          </h3>
          {planned.changes.length === 0 ? (
            <p role="status">Nothing differs: the move only records the new version.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">The difference</caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {planned.changes.map((ch) => {
                    const [from, to] = sides(ch.from, ch.to);
                    return (
                      <tr key={ch.field}>
                        <td>
                          <code>{ch.field}</code>
                        </td>
                        <td className="mono diff">{from}</td>
                        <td className="mono diff">{to}</td>
                        <td className="nowrap">{ch.by === "update" || ch.by === null ? "at once" : ch.by}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {planned.operations.length > 0 && (
            <p>
              Operations, one after the other (each once the cluster is Ready again):{" "}
              <strong>{planned.operations.map(describeStep).join(", then ")}</strong>
            </p>
          )}
        </section>
      )}
      {current && !canChange && <p className="muted small">The cluster is busy: the move can start once the running operation ends.</p>}
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" disabled={!ver || declared.isPending || plan.isPending}>
          {plan.isPending ? "Comparing…" : "Show the difference"}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!current || !canChange || run.isPending}
          title={canChange ? undefined : "the cluster is busy: the move starts once the running operation ends"}
          onClick={() => run.mutate({ params: { path }, body: body() })}
        >
          {run.isPending ? "Moving…" : `Move to ${ver}`}
        </button>
      </div>
    </form>
  );
}
