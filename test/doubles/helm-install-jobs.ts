import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import yaml from "js-yaml";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { type ChartObject, renderChart } from "./charts.js";

/**
 * Test double of what runs the control plane's addon installer Jobs on an
 * imported cluster (core/imported/addon-jobs.ts), none of which can run
 * here: the test apiserver has no job controller and no kubelet, so no pod
 * runs Helm. This plays the Helm process in the Job's pod and the job
 * controller's verdict: it watches (polls) the Jobs labelled `ckp.io/addon`
 * in ckp-system and, for one not finished yet,
 *
 *   install    reads the values Secret the Job mounts, applies what Velero's chart would create (its real
 *              CRDs from ../shared/crds, the velero Deployment of test/doubles/charts.ts) and reports the
 *              Deployment's replicas ready, as its kubelet would
 *   uninstall  deletes the chart's workloads (its CRDs stay, as Helm leaves them)
 *
 * then writes the Job's status Complete — or Failed, with the reason `failWith` gives, for failure tests.
 * It acts as the cluster's admin, as the installer's ServiceAccount (cluster-admin) would; the control
 * plane under test only reads what it writes.
 */
type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
type Any = any;

const JOBS = "/apis/batch/v1/namespaces/ckp-system/jobs";
const VELERO_CRDS = resolve(import.meta.dirname, "../../../shared/crds/velero-v1.18.1");
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export class HelmInstallJobs {
  /** a reason (e.g. BackoffLimitExceeded) makes the next Jobs fail with it; undefined lets them succeed */
  failWith: string | undefined;
  /** the Jobs finished, as `<name> <Complete|Failed>` */
  readonly finished: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly api: Api,
    private readonly intervalMs = 300,
  ) {}

  start(): void {
    const tick = async () => {
      try {
        await this.reconcile();
      } catch (e) {
        console.warn(`helm-install-jobs double: ${(e as Error).message}`);
      }
      if (this.timer !== undefined) this.timer = setTimeout(() => (this.loop = tick()), this.intervalMs);
    };
    this.timer = setTimeout(() => (this.loop = tick()), 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.loop;
  }

  private async reconcile(): Promise<void> {
    const res = await kubeRequest(this.api, "GET", `${JOBS}?labelSelector=ckp.io%2Faddon`);
    if (res.status !== 200) return;
    for (const job of (res.body.items ?? []) as Any[]) {
      const conds = (job.status?.conditions ?? []) as Array<{ type: string; status: string }>;
      if (job.metadata.deletionTimestamp || conds.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True"))
        continue;
      const name = job.metadata.name as string;
      if (this.failWith) {
        await this.jobStatus(name, "Failed", this.failWith, `the Job has reached the specified backoff limit (helm: ${this.failWith})`);
        continue;
      }
      const args = (job.spec.template.spec.containers[0].args ?? []) as string[];
      if (args[0] === "upgrade") await this.install(job, args);
      else if (args[0] === "uninstall") await this.uninstall(args);
      else throw new Error(`Job ${name} runs helm ${args.join(" ")}: not a command this double knows`);
      await this.jobStatus(name, "Complete");
    }
  }

  private async install(job: Any, args: string[]): Promise<void> {
    const at = (flag: string) => args[args.indexOf(flag) + 1] as string;
    const secretName = job.spec.template.spec.volumes.find((v: Any) => v.name === "values")?.secret?.secretName as string;
    const secret = await kubeRequest(this.api, "GET", `/api/v1/namespaces/ckp-system/secrets/${secretName}`);
    if (secret.status !== 200) throw new Error(`values Secret ${secretName}: ${secret.status}`);
    const values = yaml.load(Buffer.from(secret.body.data["values.yaml"], "base64").toString("utf8")) as Record<string, Any>;
    const chart = (args[3] as string).split("/").pop() as string;
    const objects = renderChart({ chart, version: at("--version"), releaseName: args[2] as string, namespace: at("--namespace"), values });
    if (!objects) throw new Error(`chart ${chart} is not one this double knows`);
    if (chart === "velero")
      for (const f of readdirSync(VELERO_CRDS).filter((x) => x.endsWith(".yaml")))
        await this.apply({
          ...(yaml.load(readFileSync(resolve(VELERO_CRDS, f), "utf8")) as ChartObject),
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
        });
    for (const o of objects) {
      const stored = await this.apply(o);
      if (o.kind === "Deployment") {
        const replicas = Number((o as Any).spec?.replicas ?? 1);
        await this.send("PATCH", `${pathOf(o)}/status`, {
          status: {
            observedGeneration: stored.metadata.generation,
            replicas,
            readyReplicas: replicas,
            updatedReplicas: replicas,
            availableReplicas: replicas,
          },
        });
      }
    }
  }

  private async uninstall(args: string[]): Promise<void> {
    const ns = args[args.indexOf("--namespace") + 1] as string;
    for (const path of [`/apis/apps/v1/namespaces/${ns}/deployments/velero`, `/apis/apps/v1/namespaces/${ns}/daemonsets/node-agent`])
      await this.send("DELETE", path);
  }

  private async jobStatus(name: string, type: "Complete" | "Failed", reason?: string, message?: string): Promise<void> {
    const t = now();
    await this.send("PATCH", `${JOBS}/${name}/status`, {
      status: {
        startTime: t,
        ...(type === "Complete" ? { completionTime: t, succeeded: 1 } : { failed: 3 }),
        conditions: [
          { type, status: "True", lastProbeTime: t, lastTransitionTime: t, ...(reason ? { reason } : {}), ...(message ? { message } : {}) },
        ],
      },
    });
    this.finished.push(`${name} ${type}`);
  }

  private apply(o: ChartObject): Promise<Any> {
    return this.send("PATCH", `${pathOf(o)}?fieldManager=helm&force=true`, o, "application/apply-patch+yaml");
  }

  private async send(method: string, path: string, body?: object, contentType = "application/merge-patch+json"): Promise<Any> {
    const res = await kubeRequest(this.api, method, path, { ...(body ? { body } : {}), ...(method === "PATCH" ? { contentType } : {}) });
    if (res.status === 404 && method === "DELETE") return undefined;
    if (res.status >= 300) throw new Error(`${method} ${path} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  }
}

/** Where an object lives in the API (core, apps and apiextensions are all this double writes). */
function pathOf(o: ChartObject): string {
  const plural = `${o.kind.toLowerCase()}${o.kind.endsWith("s") ? "es" : "s"}`.replace(/ys$/, "ies");
  const base = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  return o.metadata.namespace
    ? `${base}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`
    : `${base}/${plural}/${o.metadata.name}`;
}
