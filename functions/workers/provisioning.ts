import { failProvisioning, provisionHost } from "../../core/hosts/provisioning.js";
import { createProvisionedMachines, failProvision, joinProvisionedGroup } from "../../core/machinehosts/provisions.js";
import { sqsConsumer } from "./consumer.js";

/**
 * The host provisioner: approved hosts go from create-pending to completed
 * or failed (and a machine a provision asked for then joins its host group);
 * machines asked of a provider for a host group are created.
 */
export const handler = sqsConsumer({
  queue: "provisioning",
  handlers: {
    "ckp.hostrequest.approved": async (deps, e) => {
      const outcome = await provisionHost(deps, e as Parameters<typeof provisionHost>[1]);
      await joinProvisionedGroup(deps, e as Parameters<typeof joinProvisionedGroup>[1]);
      return outcome;
    },
    "ckp.hostprovision.requested": (deps, e) =>
      createProvisionedMachines(deps, e as Parameters<typeof createProvisionedMachines>[1], { apiUrl: process.env.CKP_API_URL }),
  },
  onGiveUp: async (deps, e, error) => {
    if (e.type === "ckp.hostrequest.approved") {
      await failProvisioning(deps, e as Parameters<typeof failProvisioning>[1], `gave up after repeated failures: ${error.message}`);
    }
    if (e.type === "ckp.hostprovision.requested") {
      await failProvision(deps, e as Parameters<typeof failProvision>[1], `gave up after repeated failures: ${error.message}`);
    }
  },
});
