import type { KubeApiserver } from "../kube/apiserver.js";

/**
 * What runs against the sandbox's management cluster in place of the
 * controllers that cannot run here. Cluster API's own managers (core,
 * kubeadm bootstrap, BYOH) run for real: the sandbox starts them with its
 * management cluster (scripts/capi/run.ts). This is the one replaceable
 * piece beside them: add an entry to CONTROLLERS and select it with
 * CKP_SANDBOX_CONTROLLERS=<name>; nothing else in the sandbox changes.
 */
export interface ManagementControllers {
  /** shown in the banner and recorded on the management cluster's description */
  readonly description: string;
  /** whether any part is a simulation (labels the management cluster as one) */
  readonly simulated: boolean;
  start(kube: KubeApiserver): Promise<void>;
  stop(): Promise<void>;
}

export interface ControllerOptions {
  /** how long each object's new generation waits before the doubles report it ready (progress stays visible) */
  delayMs?: number;
  log: (line: string) => void;
}

/**
 * The test doubles the kube and e2e tiers use (imported, not copied), on
 * the same workload clusters (test/support/addons.ts `clusterDoubles`):
 * Kamaji's tenant control planes (a real kube-apiserver per cluster and its
 * `<cluster>-kubeconfig` Secret) and BYOH's host agents
 * (test/doubles/provider-doubles.ts), the Helm add-on provider and the
 * kubelets' status (test/doubles/addon-controllers.ts).
 */
function simulated(o: ControllerOptions): ManagementControllers {
  let stopAll: (() => Promise<void>) | undefined;
  return {
    description:
      "Cluster API core, kubeadm bootstrap and BYOH managers (real); simulated Kamaji tenant control planes, BYOH host agents, Helm add-on provider and kubelets (test/doubles)",
    simulated: true,
    async start(kube) {
      // loaded only when the sandbox runs: the dev server without it never imports test code
      const { clusterDoubles } = await import("../../test/support/addons.js");
      // one real kube-apiserver per cluster is what the addons talk to; CKP_SANDBOX_SHARED_WORKLOAD=1 shares one
      const doubles = clusterDoubles(kube, { delayMs: o.delayMs ?? 1500, shared: process.env.CKP_SANDBOX_SHARED_WORKLOAD === "1" });
      doubles.start();
      // their reconcile failures are kept in lists; the sandbox logs each once
      let reported = 0;
      const errorsTimer = setInterval(() => {
        const errors = doubles.errors();
        for (const e of errors.slice(reported)) o.log(`simulated controllers: ${e}`);
        reported = errors.length;
      }, 5_000);
      stopAll = async () => {
        clearInterval(errorsTimer);
        await doubles.stop();
      };
    },
    async stop() {
      await stopAll?.();
    },
  };
}

const CONTROLLERS: Record<string, (o: ControllerOptions) => ManagementControllers> = { simulated };

export function managementControllers(name: string, o: ControllerOptions): ManagementControllers {
  const make = CONTROLLERS[name];
  if (!make) throw new Error(`CKP_SANDBOX_CONTROLLERS=${name} is not one of: ${Object.keys(CONTROLLERS).join(", ")}`);
  return make(o);
}
