import type { Sealed } from "../crypto/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, notFound, preconditionFailed } from "../shared/errors.js";
import { keys, type ProjectRef, projectsIndexPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import { approvalFromInput, projectApproval } from "./approval-policy.js";
import type { CreateProjectInput, Project, UpdateProjectInput } from "./model.js";
import { newPsk, openPsk, pskContext } from "./psk.js";

/** The project item as stored: the public view plus the sealed PSK. */
export interface ProjectRecord extends Project {
  psk: Sealed;
  pskVersion: number;
  pskRotatedAt: string;
}

export async function createProject(deps: Deps, ctx: Ctx, domain: string, input: CreateProjectInput): Promise<Project> {
  const t = { domain, project: input.name };
  const now = deps.clock.now().toISOString();
  const approval = approvalFromInput(input) ?? { mode: "never" };
  const project: Project = {
    domain,
    name: input.name,
    ...(input.displayName ? { displayName: input.displayName } : {}),
    autoApproveHosts: approval.mode !== "never",
    approval,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const psk = await deps.secrets.seal(newPsk(), pskContext(t));
  const tx = transaction(deps, ctx);
  tx.check(keys.domain(domain), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`domain ${domain}`) })
    .put(
      {
        ...keys.project(t),
        kind: "project",
        ...project,
        psk,
        pskVersion: 1,
        pskRotatedAt: now,
        gsi1pk: projectsIndexPk(domain),
        gsi1sk: input.name,
      },
      {
        condition: "attribute_not_exists(pk)",
        onConditionFailed: () => conflict(`project ${domain}/${input.name} already exists`, undefined, "already-exists"),
      },
    )
    .emit("ckp.project.created", `projects/${input.name}`, { name: input.name, displayName: input.displayName, approval }, t);
  await tx.commit();
  return project;
}

/** `consistent` for reads that decide on the PSK: an eventually consistent read may still hold the key a reset replaced. */
export function getProjectRecord(deps: Deps, t: ProjectRef, consistent = false): Promise<ProjectRecord | undefined> {
  return findItem<ProjectRecord>(deps, keys.project(t), { consistent });
}

function projectRecord(deps: Deps, t: ProjectRef): Promise<ProjectRecord> {
  return getItem<ProjectRecord>(deps, keys.project(t), `project ${t.domain}/${t.project}`);
}

export async function getProject(deps: Deps, t: ProjectRef): Promise<Project> {
  return publicProject(await projectRecord(deps, t));
}

export function publicProject(rec: ProjectRecord): Project {
  const { psk: _psk, pskVersion: _v, pskRotatedAt: _r, ...project } = rec;
  const approval = projectApproval(rec);
  return { ...project, approval, autoApproveHosts: approval.mode !== "never" };
}

export function listProjects(deps: Deps, domain: string, page: { limit: number; cursor?: string }): Promise<Page<Project>> {
  return listItems(deps, { partition: projectsIndexPk(domain), index: 1, page, map: (i) => publicProject(i as unknown as ProjectRecord) });
}

export async function updateProject(deps: Deps, ctx: Ctx, t: ProjectRef, input: UpdateProjectInput, ifMatch?: number): Promise<Project> {
  const current = await getProject(deps, t);
  checkIfMatch(`project ${t.domain}/${t.project}`, current.version, ifMatch);
  const approval = approvalFromInput(input) ?? current.approval;
  const next: Project = {
    ...current,
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    approval,
    autoApproveHosts: approval.mode !== "never",
    updatedAt: deps.clock.now().toISOString(),
    version: current.version + 1,
  };
  const tx = transaction(deps, ctx);
  const displayName = input.displayName !== undefined ? ", displayName = :dn" : "";
  tx.update(keys.project(t), `SET autoApproveHosts = :aa, approval = :ap, updatedAt = :u, version = :nv${displayName}`, {
    condition: "version = :v",
    values: {
      ":aa": next.autoApproveHosts,
      ":ap": next.approval,
      ":u": next.updatedAt,
      ":nv": next.version,
      ":v": current.version,
      ...(displayName ? { ":dn": input.displayName } : {}),
    },
    onConditionFailed: () => preconditionFailed("project was changed concurrently; read it again"),
  }).emit(
    "ckp.project.updated",
    `projects/${t.project}`,
    { autoApproveHosts: next.autoApproveHosts, approval: next.approval, previousApproval: current.approval },
    t,
  );
  await tx.commit();
  return next;
}

export async function readPsk(deps: Deps, t: ProjectRef): Promise<{ psk: string; version: number; rotatedAt: string }> {
  const rec = await projectRecord(deps, t);
  return { psk: await openPsk(deps, t, rec.psk, rec.pskVersion), version: rec.pskVersion, rotatedAt: rec.pskRotatedAt };
}

export async function resetPsk(deps: Deps, ctx: Ctx, t: ProjectRef): Promise<{ psk: string; version: number; rotatedAt: string }> {
  const rec = await projectRecord(deps, t);
  const psk = newPsk();
  const sealed = await deps.secrets.seal(psk, pskContext(t));
  const rotatedAt = deps.clock.now().toISOString();
  const version = rec.pskVersion + 1;
  const tx = transaction(deps, ctx);
  tx.update(keys.project(t), "SET psk = :s, pskVersion = :nv, pskRotatedAt = :r", {
    condition: "pskVersion = :v",
    values: { ":s": sealed, ":nv": version, ":r": rotatedAt, ":v": rec.pskVersion },
    onConditionFailed: () => conflict("the PSK was rotated concurrently; read it again"),
  }).emit("ckp.psk.rotated", `projects/${t.project}/host-psk`, { version }, t);
  await tx.commit();
  return { psk, version, rotatedAt };
}
