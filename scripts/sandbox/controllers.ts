import type { KubeApiserver } from "../kube/apiserver.js";

/**
 * What runs against the sandbox's management cluster in place of the
 * controllers a real one has (CAPI core, kubeadm bootstrap, BYOH, Kamaji).
 * This is the one replaceable piece of the sandbox: the simulated set below
 * today, real CAPI controllers (built from the Go module proxy) once they
 * run here — add an entry to CONTROLLERS and select it with
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
  /** how long each object's new generation waits before the controllers report it ready (progress stays visible) */
  delayMs?: number;
  log: (line: string) => void;
}

/**
 * The test doubles the kube and e2e tiers use (imported, not copied):
 * test/doubles/capi-controllers.ts plays CAPI core, kubeadm bootstrap, BYOH
 * and Kamaji's provider; test/doubles/workload-clusters.ts starts a real
 * kube-apiserver per cluster and writes its `<cluster>-kubeconfig` Secret.
 */
function simulated(o: ControllerOptions): ManagementControllers {
  let stopAll: (() => Promise<void>) | undefined;
  return {
    description: "simulated Cluster API, kubeadm bootstrap, BYOH and Kamaji controllers (test/doubles)",
    simulated: true,
    async start(kube) {
      // loaded only when the sandbox runs: the dev server without it never imports test code
      const [{ CapiControllers }, { WorkloadClusters }] = await Promise.all([
        import("../../test/doubles/capi-controllers.js"),
        import("../../test/doubles/workload-clusters.js"),
      ]);
      const capi = new CapiControllers(kube, { delayMs: o.delayMs ?? 1500 });
      // one real kube-apiserver per cluster is what the addons will talk to; CKP_SANDBOX_SHARED_WORKLOAD=1 shares one
      const workload = new WorkloadClusters(kube, { shared: process.env.CKP_SANDBOX_SHARED_WORKLOAD === "1" });
      capi.start();
      workload.start();
      // their reconcile failures are kept in lists; the sandbox logs each once
      const reported = { capi: 0, workload: 0 };
      const errorsTimer = setInterval(() => {
        for (const e of capi.errors.slice(reported.capi)) o.log(`simulated CAPI controllers: ${e}`);
        for (const e of workload.errors.slice(reported.workload)) o.log(`simulated workload clusters: ${e}`);
        reported.capi = capi.errors.length;
        reported.workload = workload.errors.length;
      }, 5_000);
      stopAll = async () => {
        clearInterval(errorsTimer);
        await Promise.all([capi.stop(), workload.stop()]);
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
