import type { ZodError } from "zod";
import { type CreateClusterInput, createClusterInput } from "../clusters/model.js";
import type { FieldError } from "../shared/errors.js";
import type { ParameterDecl, ParameterValue } from "./model.js";

/**
 * Placeholders and parameters of a cluster template, pure: which parameters
 * a spec uses, whether the values given fit their declarations, and the
 * spec with the values put in.
 */

const WHOLE = /^\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}$/;
const INLINE = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

/** The parameter names the spec's placeholders use. */
export function placeholdersOf(spec: unknown, found = new Set<string>()): Set<string> {
  if (typeof spec === "string") {
    for (const m of spec.matchAll(INLINE)) found.add(m[1] as string);
  } else if (Array.isArray(spec)) {
    for (const v of spec) placeholdersOf(v, found);
  } else if (spec && typeof spec === "object") {
    for (const v of Object.values(spec)) placeholdersOf(v, found);
  }
  return found;
}

/** The spec with each placeholder replaced: a whole-string placeholder by the typed value, an inline one by its text. */
export function renderSpec(spec: unknown, values: Record<string, ParameterValue>): unknown {
  if (typeof spec === "string") {
    const whole = WHOLE.exec(spec);
    if (whole) return values[whole[1] as string];
    return spec.replace(INLINE, (_, name: string) => String(values[name]));
  }
  if (Array.isArray(spec)) return spec.map((v) => renderSpec(v, values));
  if (spec && typeof spec === "object") return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, renderSpec(v, values)]));
  return spec;
}

function typeFits(d: ParameterDecl, v: ParameterValue): boolean {
  if (d.type === "integer") return typeof v === "number" && Number.isInteger(v);
  return typeof v === d.type;
}

/** Why `v` does not fit `d`, or undefined when it does. */
export function valueProblem(d: ParameterDecl, v: ParameterValue): string | undefined {
  if (!typeFits(d, v)) return `must be ${d.type === "integer" ? "an integer" : `a ${d.type}`}`;
  if (d.allowed && !d.allowed.includes(v)) return `must be one of ${d.allowed.map((a) => JSON.stringify(a)).join(", ")}`;
  if (typeof v === "number" && d.minimum !== undefined && v < d.minimum) return `must be at least ${d.minimum}`;
  if (typeof v === "number" && d.maximum !== undefined && v > d.maximum) return `must be at most ${d.maximum}`;
  return undefined;
}

/** Problems of the declarations themselves (publish time): duplicates, and defaults or allowed values that do not fit. */
export function declarationProblems(decls: ParameterDecl[], spec: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  decls.forEach((d, i) => {
    const at = `parameters.${i}`;
    if (seen.has(d.name)) problems.push({ path: `${at}.name`, message: `parameter ${d.name} is declared twice` });
    seen.add(d.name);
    if (d.type !== "integer" && (d.minimum !== undefined || d.maximum !== undefined)) {
      problems.push({ path: at, message: "minimum and maximum apply to integer parameters only" });
    }
    if (d.minimum !== undefined && d.maximum !== undefined && d.minimum > d.maximum) {
      problems.push({ path: `${at}.minimum`, message: `minimum ${d.minimum} exceeds maximum ${d.maximum}` });
    }
    d.allowed?.forEach((a, j) => {
      if (!typeFits(d, a))
        problems.push({ path: `${at}.allowed.${j}`, message: `must be ${d.type === "integer" ? "an integer" : `a ${d.type}`}` });
    });
    if (d.default !== undefined) {
      const p = valueProblem(d, d.default);
      if (p) problems.push({ path: `${at}.default`, message: p });
    }
  });
  const used = placeholdersOf(spec);
  for (const name of used) {
    if (!seen.has(name)) problems.push({ path: "spec", message: `placeholder {{ ${name} }} names no declared parameter` });
  }
  decls.forEach((d, i) => {
    if (!used.has(d.name)) problems.push({ path: `parameters.${i}.name`, message: `parameter ${d.name} is used by no placeholder` });
  });
  return problems;
}

/** The values a request gives, checked and completed with defaults; or what is wrong with them, per parameter. */
export function resolveParameters(
  decls: ParameterDecl[],
  given: Record<string, ParameterValue>,
): { values: Record<string, ParameterValue>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const values: Record<string, ParameterValue> = {};
  const declared = new Set(decls.map((d) => d.name));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) problems.push({ path: `parameters.${name}`, message: `the template declares no parameter ${name}` });
  }
  for (const d of decls) {
    const v = given[d.name] ?? d.default;
    if (v === undefined) {
      problems.push({ path: `parameters.${d.name}`, message: "is required (the template gives it no default)" });
      continue;
    }
    const p = valueProblem(d, v);
    if (p) problems.push({ path: `parameters.${d.name}`, message: p });
    else values[d.name] = v;
  }
  return { values, problems };
}

/** A value for each parameter that fits it, to check a spec at publish time. */
export function sampleValues(decls: ParameterDecl[]): Record<string, ParameterValue> {
  return Object.fromEntries(
    decls.map((d) => {
      if (d.default !== undefined) return [d.name, d.default];
      if (d.allowed?.length) return [d.name, d.allowed[0] as ParameterValue];
      if (d.type === "integer") return [d.name, d.minimum ?? Math.min(d.maximum ?? 1, 1)];
      if (d.type === "boolean") return [d.name, false];
      return [d.name, "sample"];
    }),
  );
}

const zodProblems = (err: ZodError, prefix: string): FieldError[] =>
  err.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.code === "unrecognized_keys" ? `unknown field(s): ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
  }));

/** The cluster request a rendered spec makes, or the fields it gets wrong (named from the spec). */
export function renderRequest(
  spec: Record<string, unknown>,
  values: Record<string, ParameterValue>,
  name: string,
  description?: string,
): { input?: CreateClusterInput; problems: FieldError[] } {
  const rendered = renderSpec(spec, values) as Record<string, unknown>;
  if ("name" in rendered) return { problems: [{ path: "spec.name", message: "the cluster's name is not part of a template" }] };
  // a template is readable by every project it is offered to: no secret may sit in it
  const registry = rendered.imageRegistry as { credentials?: unknown } | undefined;
  if (registry && typeof registry === "object" && "credentials" in registry)
    return {
      problems: [
        {
          path: "spec.imageRegistry.credentials",
          message: "registry credentials are not part of a template: every project it is offered to could read them",
        },
      ],
    };
  const parsed = createClusterInput.safeParse({ ...rendered, name, ...(description !== undefined ? { description } : {}) });
  if (!parsed.success) return { problems: zodProblems(parsed.error, "spec") };
  return { input: parsed.data, problems: [] };
}
