import type { Ctx, Deps } from "../deps.js";
import { addHostToGroup, removeHostFromGroup } from "../hosts/host-groups.js";
import { deleteHostRequest } from "../hosts/host-requests.js";
import { deleteHost, updateHostLabels } from "../hosts/hosts.js";
import { badRequest, conflict, notFound } from "../shared/errors.js";
import { type ProjectRef, projectPk } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, listItems } from "../store/read.js";
import { MACHINE_PREFIX, PROVISIONED_MACHINE_PREFIX } from "./items.js";
import type { MachineHost } from "./model.js";
import { releaseProvisionedMachine } from "./provisions.js";
import { batchGet, readMachines } from "./read.js";
import { type MachineParts, machineHostOf } from "./status.js";

async function partsOf(deps: Deps, t: ProjectRef, machineId: string): Promise<{ parts: MachineParts; view: MachineHost }> {
  const [parts] = await readMachines(deps, t, [machineId]);
  const view = parts ? machineHostOf(parts) : undefined;
  if (!parts || !view) throw notFound(`machine host ${machineId}`);
  return { parts, view };
}

export async function getMachineHost(deps: Deps, t: ProjectRef, machineId: string): Promise<MachineHost> {
  return (await partsOf(deps, t, machineId)).view;
}

/**
 * The project's machine hosts: first every machine the project has a
 * machine record of (enrolled or registered; a Query on its partition),
 * then the provisioned machines whose agent has not registered yet. The
 * page token says which of the two lists it continues, and its cursor is
 * checked against that list.
 */
export async function listMachineHosts(deps: Deps, t: ProjectRef, page: { limit: number; cursor?: string }): Promise<Page<MachineHost>> {
  let { phase, cursor } = decodeToken(page.cursor);
  const ids: string[] = [];
  const pk = projectPk(t);
  while (ids.length < page.limit) {
    const prefix = phase === 1 ? MACHINE_PREFIX : PROVISIONED_MACHINE_PREFIX;
    const got = await listItems<{ machineId: string }>(deps, {
      partition: pk,
      prefix,
      page: { limit: page.limit - ids.length, ...(cursor ? { cursor } : {}) },
    });
    let found = got.items.map((i) => i.machineId);
    if (phase === 2 && found.length) {
      // a provisioned machine that registered was listed with the machine records
      const registered = await batchGet(
        deps,
        found.map((m) => ({ pk, sk: `${MACHINE_PREFIX}${m}` })),
      );
      found = found.filter((m) => !registered.has(`${pk}\n${MACHINE_PREFIX}${m}`));
    }
    ids.push(...found);
    if (got.nextCursor) {
      cursor = got.nextCursor;
      // a filtered page may come back short: say where to go on rather than query again
      if (phase === 2) break;
      continue;
    }
    if (phase === 2) return { items: await viewsOf(deps, t, ids), nextCursor: null };
    phase = 2;
    cursor = undefined;
  }
  return { items: await viewsOf(deps, t, ids), nextCursor: encodeToken(phase, cursor) };
}

async function viewsOf(deps: Deps, t: ProjectRef, ids: string[]): Promise<MachineHost[]> {
  if (ids.length === 0) return [];
  return (await readMachines(deps, t, ids)).map(machineHostOf).filter((m): m is MachineHost => m !== undefined);
}

function encodeToken(phase: 1 | 2, cursor: string | undefined): string {
  return Buffer.from(JSON.stringify({ p: phase, ...(cursor ? { c: cursor } : {}) })).toString("base64url");
}

function decodeToken(token: string | undefined): { phase: 1 | 2; cursor: string | undefined } {
  if (!token) return { phase: 1, cursor: undefined };
  const invalid = () => badRequest("cursor is not valid", [{ path: "cursor", message: "not a cursor issued by this list" }]);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const o = v as { p?: unknown; c?: unknown };
  if (typeof v !== "object" || v === null || (o.p !== 1 && o.p !== 2) || (o.c !== undefined && typeof o.c !== "string")) throw invalid();
  return { phase: o.p, cursor: o.c as string | undefined };
}

export interface MachineHostChange {
  /** replaces every label */
  labels?: Record<string, string>;
  /** a group to join (the host must be in none), or null to leave its group */
  group?: string | null;
}

/**
 * Changes a machine host through the host model's commands: its group
 * (host groups' add and remove) and its labels (the host's labels), in that
 * order, each its own transaction. `ifMatch` is the version read; only a
 * machine host that is a host has labels and a group.
 */
export async function updateMachineHost(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  machineId: string,
  change: MachineHostChange,
  ifMatch?: number,
): Promise<MachineHost> {
  const { parts, view } = await partsOf(deps, t, machineId);
  const host = parts.host;
  if (!host) {
    throw conflict(
      `machine host ${machineId} is not a host yet (${view.requestStatus ? `its request is ${view.requestStatus}` : "its agent has not registered"})`,
      { machineId },
      "machinehost.not-approved",
    );
  }
  checkIfMatch(`machine host ${machineId}`, host.version, ifMatch);
  let checked = ifMatch === undefined;
  if (change.group !== undefined && change.group !== (host.group ?? null)) {
    if (change.group === null) await removeHostFromGroup(deps, ctx, t, host.group as string, host.id);
    else await addHostToGroup(deps, ctx, t, change.group, host.id);
    checked = true;
  }
  if (change.labels) await updateHostLabels(deps, ctx, t, host.id, change.labels, checked ? undefined : ifMatch);
  return getMachineHost(deps, t, machineId);
}

/**
 * Deletes a machine host through the host model's commands: its host, or
 * while it has none its host request; then, for a machine a provision asked
 * for, its server at the provider and its provisioned-machine record. Safe
 * to repeat after a failure part way.
 */
export async function deleteMachineHost(
  deps: Deps,
  ctx: Ctx,
  t: ProjectRef,
  machineId: string,
  o: { force: boolean; ifMatch?: number },
): Promise<void> {
  const { parts, view } = await partsOf(deps, t, machineId);
  checkIfMatch(`machine host ${machineId}`, view.version, o.ifMatch);
  if (parts.host) {
    await deleteHost(deps, ctx, t, parts.host.id, { force: o.force, ...(o.ifMatch !== undefined ? { ifMatch: o.ifMatch } : {}) });
  } else if (parts.request) {
    await deleteHostRequest(deps, ctx, t, parts.request.id, o.ifMatch);
  }
  if (parts.provisioned) await releaseProvisionedMachine(deps, ctx, t, parts.provisioned, parts.provision);
}
