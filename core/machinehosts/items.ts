import { type ProjectRef, projectPk } from "../store/keys.js";
import type { HostProvision, ProvisionedMachineRecord } from "./model.js";

/** Keys of this module's items: in the project's partition, like every host-model item (DESIGN rule 1). */
export const mhKeys = {
  provision: (t: ProjectRef, id: string) => ({ pk: projectPk(t), sk: `HPROV#${id}` }),
  provisionedMachine: (t: ProjectRef, machineId: string) => ({ pk: projectPk(t), sk: `PMACHINE#${machineId}` }),
};

export const PROVISIONED_MACHINE_PREFIX = "PMACHINE#";
export const MACHINE_PREFIX = "MACHINE#";

export function provisionItem(p: HostProvision): Record<string, unknown> {
  return { ...mhKeys.provision(p, p.id), kind: "host-provision", ...p };
}

export function provisionedMachineItem(t: ProjectRef, m: ProvisionedMachineRecord): Record<string, unknown> {
  return { ...mhKeys.provisionedMachine(t, m.machineId), kind: "provisioned-machine", ...m };
}
