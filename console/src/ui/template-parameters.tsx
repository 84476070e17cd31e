import type { Schemas } from "../api/client";
import { Field } from "./form";

export type Parameter = Schemas["ClusterTemplateParameter"];
type Scalar = string | number | boolean;
/** What the form holds per parameter: text for strings, integers and choices; a flag for booleans. */
export type ParameterValues = Record<string, string | boolean>;

/** Template versions compared numerically (1.10.0 after 1.9.0), as the server does. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The form's starting values: `given` (a cluster's parameters) over each parameter's default. */
export function initialValues(params: Parameter[], given: Record<string, Scalar> = {}): ParameterValues {
  const out: ParameterValues = {};
  for (const p of params) {
    const v = given[p.name] ?? p.default;
    out[p.name] = p.type === "boolean" ? v === true : v === undefined ? "" : String(v);
  }
  return out;
}

/**
 * The values to send, typed as declared. An empty field is left out (the
 * server then names a required parameter as missing, on its field); an
 * integer that is not a number is sent as typed, for the server to refuse.
 */
export function parameterBody(params: Parameter[], values: ParameterValues, only?: (name: string) => boolean): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const p of params) {
    if (only && !only(p.name)) continue;
    const v = values[p.name];
    if (p.type === "boolean") out[p.name] = v === true;
    else if (typeof v === "string" && v !== "") {
      const n = Number(v);
      out[p.name] = p.type === "integer" && v.trim() !== "" && Number.isFinite(n) ? n : v;
    }
  }
  return out;
}

export function describeRange(p: Parameter): string | undefined {
  if (p.allowed?.length) return `one of ${p.allowed.map(String).join(", ")}`;
  if (p.minimum !== undefined && p.maximum !== undefined) return `${p.minimum} to ${p.maximum}`;
  if (p.minimum !== undefined) return `at least ${p.minimum}`;
  if (p.maximum !== undefined) return `at most ${p.maximum}`;
  return undefined;
}

/**
 * A form generated from a version's parameter declarations: integer → a
 * number input with its bounds, boolean → a checkbox, allowed values → a
 * select; defaults pre-filled, a parameter without one required. Each
 * field shows the server's message for `parameters.<name>`.
 */
export function ParameterFields({
  params,
  values,
  onChange,
  errorOf,
}: {
  params: Parameter[];
  values: ParameterValues;
  onChange: (v: ParameterValues) => void;
  errorOf: (path: string) => string | undefined;
}) {
  if (params.length === 0) return <p className="muted">This version declares no parameter: everything is fixed.</p>;
  const set = (name: string, v: string | boolean) => onChange({ ...values, [name]: v });
  return (
    <>
      {params.map((p) => {
        const required = p.default === undefined && p.type !== "boolean";
        const label = (
          <>
            {p.name} {required ? <span className="muted small">(required)</span> : <span className="muted small">({p.type})</span>}
          </>
        );
        const hint = [p.description, describeRange(p), p.default !== undefined ? `default ${String(p.default)}` : undefined]
          .filter(Boolean)
          .join(" · ");
        const error = errorOf(`parameters.${p.name}`);
        if (p.type === "boolean")
          return (
            <div key={p.name} className={`field${error ? " invalid" : ""}`}>
              <label className="check">
                <input
                  type="checkbox"
                  aria-invalid={error ? true : undefined}
                  checked={values[p.name] === true}
                  onChange={(e) => set(p.name, e.target.checked)}
                />{" "}
                {p.name}
              </label>
              {error && <p className="field-error">{error}</p>}
              {hint && <p className="hint">{hint}</p>}
            </div>
          );
        const value = typeof values[p.name] === "string" ? (values[p.name] as string) : "";
        return (
          <Field key={p.name} label={label} hint={hint || undefined} error={error}>
            {(c) =>
              p.allowed?.length ? (
                <select {...c} name={p.name} required={required} value={value} onChange={(e) => set(p.name, e.target.value)}>
                  {(required || !p.allowed.map(String).includes(value)) && <option value="">Choose…</option>}
                  {p.allowed.map((a) => (
                    <option key={String(a)} value={String(a)}>
                      {String(a)}
                    </option>
                  ))}
                </select>
              ) : p.type === "integer" ? (
                <input
                  {...c}
                  name={p.name}
                  type="number"
                  step={1}
                  required={required}
                  {...(p.minimum !== undefined ? { min: p.minimum } : {})}
                  {...(p.maximum !== undefined ? { max: p.maximum } : {})}
                  value={value}
                  onChange={(e) => set(p.name, e.target.value)}
                />
              ) : (
                <input {...c} name={p.name} required={required} value={value} onChange={(e) => set(p.name, e.target.value)} />
              )
            }
          </Field>
        );
      })}
    </>
  );
}

/** A version's parameter declarations as a table (the templates page). */
export function ParameterTable({ params, caption }: { params: Parameter[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Type</th>
            <th scope="col">Default</th>
            <th scope="col">Allowed</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {params.map((p) => (
            <tr key={p.name}>
              <td data-label="Parameter">
                <code>{p.name}</code>
              </td>
              <td data-label="Type">{p.type}</td>
              <td data-label="Default">{p.default !== undefined ? <code>{String(p.default)}</code> : <em>required</em>}</td>
              <td data-label="Allowed">{describeRange(p) ?? "any"}</td>
              <td data-label="Description" className="msg">
                {p.description ?? ""}
              </td>
            </tr>
          ))}
          {params.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No parameter: everything is fixed.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
