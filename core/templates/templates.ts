import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, DomainError, notFound, unprocessable } from "../shared/errors.js";
import { domainPk, keys, type ProjectRef } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import {
  type ClusterTemplate,
  type ClusterTemplateVersion,
  compareVersions,
  type Offering,
  type PublishTemplateInput,
  type TemplateVersionSummary,
} from "./model.js";
import { declarationProblems, renderRequest, sampleValues } from "./render.js";

/**
 * Cluster templates of a domain (core/templates/model.ts). The template item
 * holds the offering and a summary of its versions; each version is its own
 * item, written once (`attribute_not_exists`) and never rewritten except for
 * its deprecated flag.
 */
export const templateKeys = {
  template: (domain: string, name: string) => ({ pk: domainPk(domain), sk: `CTEMPLATE#${name}` }),
  version: (domain: string, name: string, version: string) => ({ pk: domainPk(domain), sk: `CTEMPLATEV#${name}#${version}` }),
};

/** Versions a template keeps; publish a new template name past this. */
export const MAX_TEMPLATE_VERSIONS = 100;

const describe = (domain: string, name: string) => `cluster template ${name} of domain ${domain}`;

/** The newest version that is not deprecated. */
function latestOf(versions: TemplateVersionSummary[]): string | null {
  const offered = versions.filter((v) => !v.deprecated).sort((a, b) => compareVersions(b.version, a.version));
  return offered[0]?.version ?? null;
}

const sorted = (versions: TemplateVersionSummary[]) => [...versions].sort((a, b) => compareVersions(a.version, b.version));

function invalid(detail: string, fields: ReturnType<typeof declarationProblems>): DomainError {
  return new DomainError("unprocessable", `${detail}: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`, {
    code: "cluster-template.invalid",
    fields,
  });
}

/**
 * Publishes a version of a template (creating the template on its first
 * version). The spec is checked by rendering it with a value for each
 * parameter; a version once published is never replaced (409).
 */
export async function publishTemplate(deps: Deps, ctx: Ctx, domain: string, input: PublishTemplateInput): Promise<ClusterTemplateVersion> {
  const prev = await findItem<ClusterTemplate>(deps, templateKeys.template(domain, input.name), { consistent: true });
  const exists = () =>
    conflict(
      `version ${input.version} of template ${input.name} is published and never changes; publish a new version`,
      { template: input.name, version: input.version },
      "cluster-template.version-exists",
    );
  if (prev?.versions.some((v) => v.version === input.version)) throw exists();
  const problems = declarationProblems(input.parameters, input.spec);
  if (problems.length) throw invalid(`template ${input.name} ${input.version} is not valid`, problems);
  const sample = renderRequest(input.spec, sampleValues(input.parameters), "sample");
  if (sample.problems.length) throw invalid(`template ${input.name} ${input.version} renders no valid cluster`, sample.problems);

  if ((prev?.versions.length ?? 0) >= MAX_TEMPLATE_VERSIONS) {
    throw unprocessable(`template ${input.name} has ${MAX_TEMPLATE_VERSIONS} versions, the most it keeps; publish under a new name`, {
      template: input.name,
    });
  }
  const now = deps.clock.now().toISOString();
  const version: ClusterTemplateVersion = {
    name: input.name,
    domain,
    version: input.version,
    ...(input.description !== undefined ? { description: input.description } : {}),
    parameters: input.parameters,
    spec: input.spec,
    deprecated: false,
    publishedAt: now,
    publishedBy: ctx.actor.id,
  };
  const versions = sorted([...(prev?.versions ?? []), { version: input.version, deprecated: false, publishedAt: now }]);
  const template: ClusterTemplate = {
    name: input.name,
    domain,
    ...((input.description ?? prev?.description) !== undefined ? { description: input.description ?? prev?.description } : {}),
    offeredTo: input.offeredTo ?? prev?.offeredTo ?? { allProjects: false, projects: [] },
    latest: latestOf(versions),
    versions,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    version: (prev?.version ?? 0) + 1,
  };
  const tx = transaction(deps, ctx);
  tx.check(keys.domain(domain), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`domain ${domain}`) })
    .put(
      { ...templateKeys.version(domain, input.name, input.version), kind: "cluster-template-version", ...version },
      {
        condition: "attribute_not_exists(pk)",
        onConditionFailed: exists,
      },
    )
    .put(
      { ...templateKeys.template(domain, input.name), kind: "cluster-template", ...template },
      {
        condition: prev ? "version = :v" : "attribute_not_exists(pk)",
        ...(prev ? { values: { ":v": prev.version } } : {}),
        onConditionFailed: () => conflict(`${describe(domain, input.name)} changed concurrently; publish again`),
      },
    )
    .emit(
      "ckp.clustertemplate.published",
      `cluster-templates/${input.name}`,
      { name: input.name, version: input.version, parameters: input.parameters.map((p) => p.name), offeredTo: template.offeredTo },
      { domain },
    );
  await tx.commit();
  return version;
}

export async function getTemplate(deps: Deps, domain: string, name: string, consistent = false): Promise<ClusterTemplate> {
  return getItem<ClusterTemplate>(deps, templateKeys.template(domain, name), describe(domain, name), { consistent });
}

export async function getTemplateVersion(deps: Deps, domain: string, name: string, version: string): Promise<ClusterTemplateVersion> {
  return getItem<ClusterTemplateVersion>(
    deps,
    templateKeys.version(domain, name, version),
    `version ${version} of ${describe(domain, name)}`,
  );
}

export function listTemplates(
  deps: Deps,
  domain: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ClusterTemplate>> {
  return listItems<ClusterTemplate>(deps, { partition: domainPk(domain), prefix: "CTEMPLATE#", page });
}

export const offeredTo = (tpl: Pick<ClusterTemplate, "offeredTo">, project: string) =>
  tpl.offeredTo.allProjects || tpl.offeredTo.projects.includes(project);

/** The templates a project may create clusters from: offered to it, with a version that is not deprecated. */
export async function listOfferedTemplates(deps: Deps, t: ProjectRef): Promise<ClusterTemplate[]> {
  const out: ClusterTemplate[] = [];
  let cursor: string | undefined;
  do {
    const p = await listTemplates(deps, t.domain, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...p.items.filter((tpl) => offeredTo(tpl, t.project) && tpl.latest !== null));
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function writeTemplate(
  deps: Deps,
  ctx: Ctx,
  prev: ClusterTemplate,
  next: ClusterTemplate,
  extra?: (tx: ReturnType<typeof transaction>) => void,
) {
  const tx = transaction(deps, ctx);
  tx.put(
    { ...templateKeys.template(prev.domain, prev.name), kind: "cluster-template", ...next },
    {
      condition: "version = :v",
      values: { ":v": prev.version },
      onConditionFailed: () => conflict(`${describe(prev.domain, prev.name)} changed concurrently; read it again`),
    },
  );
  extra?.(tx);
  tx.emit(
    "ckp.clustertemplate.updated",
    `cluster-templates/${prev.name}`,
    { name: prev.name, offeredTo: next.offeredTo, versions: next.versions, latest: next.latest },
    { domain: prev.domain },
  );
  await tx.commit();
}

/** Changes who may use the template, or its description; its versions never change here. */
export async function updateTemplate(
  deps: Deps,
  ctx: Ctx,
  domain: string,
  name: string,
  input: { description?: string | undefined; offeredTo?: Offering | undefined },
  ifMatch?: number,
): Promise<ClusterTemplate> {
  const prev = await getTemplate(deps, domain, name, true);
  checkIfMatch(describe(domain, name), prev.version, ifMatch);
  const next: ClusterTemplate = {
    ...prev,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.offeredTo ? { offeredTo: input.offeredTo } : {}),
    updatedAt: deps.clock.now().toISOString(),
    version: prev.version + 1,
  };
  await writeTemplate(deps, ctx, prev, next);
  return next;
}

/** Deprecates a version (or offers it again): the only change a published version takes. */
export async function setVersionDeprecated(
  deps: Deps,
  ctx: Ctx,
  domain: string,
  name: string,
  version: string,
  deprecated: boolean,
): Promise<ClusterTemplateVersion> {
  const prev = await getTemplate(deps, domain, name, true);
  const v = await getTemplateVersion(deps, domain, name, version);
  if (v.deprecated === deprecated) return v;
  const versions = prev.versions.map((s) => (s.version === version ? { ...s, deprecated } : s));
  const next: ClusterTemplate = {
    ...prev,
    versions,
    latest: latestOf(versions),
    updatedAt: deps.clock.now().toISOString(),
    version: prev.version + 1,
  };
  await writeTemplate(deps, ctx, prev, next, (tx) =>
    tx.update(templateKeys.version(domain, name, version), "SET deprecated = :d", {
      condition: "attribute_exists(pk)",
      values: { ":d": deprecated },
    }),
  );
  return { ...v, deprecated };
}
