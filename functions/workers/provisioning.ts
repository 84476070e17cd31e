import { failProvisioning, provisionHost } from "../../core/hosts/provisioning.js";
import { sqsConsumer } from "./consumer.js";

/** The host provisioner: approved hosts go from create-pending to completed or failed. */
export const handler = sqsConsumer({
  queue: "provisioning",
  handlers: {
    "ckp.hostrequest.approved": (deps, e) => provisionHost(deps, e as Parameters<typeof provisionHost>[1]),
  },
  onGiveUp: async (deps, e, error) => {
    if (e.type === "ckp.hostrequest.approved") {
      await failProvisioning(deps, e as Parameters<typeof failProvisioning>[1], `gave up after repeated failures: ${error.message}`);
    }
  },
});
