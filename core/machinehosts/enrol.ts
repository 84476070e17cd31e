import { type Ctx, type Deps, transaction } from "../deps.js";
import { hostRequestWrites, prepareHostRequest } from "../hosts/new-request.js";
import { verifyCsr } from "../pki/csr.js";
import { conflict, notFound } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { checkProjectUnchanged, ProjectChanged, projectForRegistration } from "../tenancy/project-cache.js";
import { mhKeys } from "./items.js";
import type { AddMachineHostInput, MachineHost } from "./model.js";
import { machineHostOf } from "./status.js";

const machineKnown = (machineId: string) =>
  conflict(`the project already knows machine ${machineId}`, { machineId }, "machinehost.machine-known");

/**
 * A platform service enrols a machine it already knows (AddMachineHost):
 * the host request is created by the same writes as an agent's registration
 * (core/hosts/new-request.ts) — pending, or approved with its host when the
 * project auto-approves — without the PSK proof, the caller's token standing
 * for it. A machine id the project knows already, or has reserved for a
 * machine it is provisioning, is refused.
 */
export async function addMachineHost(deps: Deps, ctx: Ctx, t: ProjectRef, input: AddMachineHostInput): Promise<MachineHost> {
  const key = input.csr ? await verifyCsr(input.csr) : undefined;
  for (let attempt = 1; ; attempt++) {
    const project = (await projectForRegistration(deps, t, true)).record;
    if (!project) throw notFound(`project ${t.domain}/${t.project}`);
    const now = deps.clock.now();
    const n = await prepareHostRequest(deps, t, project, input, key, now);
    const tx = transaction(deps, ctx, now);
    // the project's auto-approval is as read
    checkProjectUnchanged(tx, t, project);
    tx.check(mhKeys.provisionedMachine(t, input.machineId), {
      condition: "attribute_not_exists(pk)",
      onConditionFailed: () => machineKnown(input.machineId),
    });
    hostRequestWrites(tx, t, n, key, () => machineKnown(input.machineId));
    try {
      await tx.commit();
    } catch (e) {
      if (e instanceof ProjectChanged && attempt < 3) continue;
      if (e instanceof ProjectChanged) throw conflict(`project ${t.domain}/${t.project} changed while the machine was added; retry`);
      throw e;
    }
    return machineHostOf({ t, machineId: input.machineId, request: n.request, ...(n.host ? { host: n.host } : {}) }) as MachineHost;
  }
}
