import type { CreateClusterInput } from "../clusters/model.js";
import type { Deps } from "../deps.js";
import { DomainError, unprocessable } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { findItem } from "../store/read.js";
import type { ClusterTemplate, ClusterTemplateRef, ClusterTemplateVersion, CreateFromTemplateInput, ParameterValue } from "./model.js";
import { renderRequest, resolveParameters } from "./render.js";
import { getTemplateVersion, offeredTo, templateKeys } from "./templates.js";

/**
 * `POST …/clusters` with `{template, version, parameters}`: the template
 * must be offered to the project and the version not deprecated; the
 * parameters are checked against their declarations (422 naming the
 * parameter) and rendered into the same request a full spec makes.
 */
export async function renderFromTemplate(
  deps: Deps,
  t: ProjectRef,
  input: CreateFromTemplateInput,
): Promise<{ input: CreateClusterInput; template: ClusterTemplateRef }> {
  const tpl = await findItem<ClusterTemplate>(deps, templateKeys.template(t.domain, input.template), { consistent: true });
  if (!tpl || !offeredTo(tpl, t.project)) {
    throw unprocessable(
      `no cluster template ${input.template} is offered to project ${t.project} (GET …/projects/${t.project}/cluster-templates lists those that are)`,
      { template: input.template },
      "cluster-template.not-offered",
    );
  }
  const version = input.version ?? tpl.latest;
  const summary = tpl.versions.find((v) => v.version === version);
  if (!version || !summary) {
    throw unprocessable(
      version
        ? `template ${tpl.name} has no version ${version} (versions: ${tpl.versions.map((v) => v.version).join(", ")})`
        : `every version of template ${tpl.name} is deprecated`,
      { template: tpl.name, version: version ?? null },
      "cluster-template.not-offered",
    );
  }
  if (summary.deprecated) {
    throw unprocessable(
      `version ${version} of template ${tpl.name} is deprecated: new clusters take ${tpl.latest ?? "no version of it"}`,
      { template: tpl.name, version, latest: tpl.latest },
      "cluster-template.version-deprecated",
    );
  }
  const v = await getTemplateVersion(deps, t.domain, tpl.name, version);
  return render(v, input.name, input.parameters, input.description);
}

/** A version rendered with parameters: 422 `cluster-template.parameter-invalid` naming each parameter that does not fit. */
export function render(
  v: ClusterTemplateVersion,
  name: string,
  given: Record<string, ParameterValue>,
  description?: string,
): { input: CreateClusterInput; template: ClusterTemplateRef } {
  const { values, problems } = resolveParameters(v.parameters, given);
  if (problems.length) {
    throw new DomainError(
      "unprocessable",
      `template ${v.name} ${v.version}: ${problems.map((p) => `${p.path.replace(/^parameters\./, "parameter ")} ${p.message}`).join("; ")}`,
      { code: "cluster-template.parameter-invalid", fields: problems },
    );
  }
  const rendered = renderRequest(v.spec, values, name, description);
  if (!rendered.input) {
    // the declarations allow values the spec cannot take (e.g. a string parameter placed where a DNS label goes)
    throw new DomainError(
      "unprocessable",
      `template ${v.name} ${v.version} with these parameters makes no valid cluster: ${rendered.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      { code: "cluster-template.parameter-invalid", fields: rendered.problems },
    );
  }
  return { input: rendered.input, template: { name: v.name, version: v.version, parameters: values } };
}
