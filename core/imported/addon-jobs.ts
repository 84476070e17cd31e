import { createHash } from "node:crypto";
import yaml from "js-yaml";
import { ADDONS, type AddonVersion, CHART_REPOSITORY_PATH } from "../addons/catalog.js";
import { addonChartValues } from "../addons/render.js";
import type { KubeObject, ObjectRef } from "../kube/objects.js";
import { AGENT_NAMESPACE, INSTALLER_SERVICE_ACCOUNT, installerAccountObjects } from "../tunnel/manifest.js";

/**
 * Addons on an imported cluster, the way Rancher's helm-operation pods and
 * k3s's helm-controller install charts: there is no management cluster for
 * the Helm add-on provider to act from, so the control plane applies, in the
 * cluster itself, the chart's values as a Secret and a Job that runs Helm
 * there (`helm upgrade --install`, or `helm uninstall` to disable) as the
 * `ckp-addon-installer` ServiceAccount, bound to cluster-admin. A
 * registered cluster's agent only creates that Job: the agent itself never
 * holds cluster-admin (core/tunnel/manifest.ts). Each change of the addon
 * is a new generation and a Job of its own, so applying the same generation
 * again (after a process died, or on the next read) changes nothing.
 */
export const INSTALLER_NAMESPACE = AGENT_NAMESPACE;
export { INSTALLER_SERVICE_ACCOUNT };
export const ADDON_JOB_LABEL = "ckp.io/addon";
export const ACTION_LABEL = "ckp.io/addon-action";
export const GENERATION_LABEL = "ckp.io/addon-generation";
export const IMPORTED_CLUSTER_LABEL = "ckp.io/imported-cluster-id";
export const VALUES_HASH_ANNOTATION = "ckp.io/values-hash";
/** The key of the values Secret the Job mounts at /values. */
export const VALUES_FILE = "values.yaml";

/** The Helm image the installer Jobs run: CKP_HELM_IMAGE, else the image registry's helm at a pinned tag. */
export function helmImage(imageRegistry: string): string {
  return process.env.CKP_HELM_IMAGE ?? `${imageRegistry}/helm:3.19.0`;
}

export type AddonJobAction = "install" | "uninstall";

export interface AddonJobInput {
  clusterId: string;
  addon: "velero";
  action: AddonJobAction;
  generation: number;
  /** the catalog's version for the cluster's Kubernetes version (install only) */
  version?: AddonVersion;
  /** the user's values with the catalog's defaults (install only) */
  values: Record<string, unknown>;
  imageRegistry: string;
}

export const jobName = (addon: string, action: AddonJobAction, generation: number) => `${addon}-${action}-g${generation}`;
export const valuesSecretName = (addon: string) => `${addon}-values`;

export const jobRef = (addon: string, action: AddonJobAction, generation: number): ObjectRef => ({
  apiVersion: "batch/v1",
  kind: "Job",
  namespace: INSTALLER_NAMESPACE,
  name: jobName(addon, action, generation),
});
export const valuesSecretRef = (addon: string): ObjectRef => ({
  apiVersion: "v1",
  kind: "Secret",
  namespace: INSTALLER_NAMESPACE,
  name: valuesSecretName(addon),
});

/** The chart values, as the CAPI path renders them (core/addons/render.ts), as the YAML file Helm takes. */
export function renderValuesFile(i: Pick<AddonJobInput, "addon" | "version" | "values" | "imageRegistry">): string {
  const values = addonChartValues(
    { name: i.addon, def: ADDONS[i.addon], enabled: true, version: i.version, values: i.values },
    { imageRegistry: i.imageRegistry },
  );
  return yaml.dump(values, { lineWidth: -1, noRefs: true, sortKeys: true });
}

export const valuesHash = (file: string, chartVersion: string) =>
  createHash("sha256").update(`${chartVersion}\n${file}`).digest("hex").slice(0, 16);

/** The installer's ServiceAccount and its binding: applied by the control plane on a cluster imported with a kubeconfig. */
export function renderInstallerAccess(): KubeObject[] {
  const labels = { "app.kubernetes.io/part-of": "ckp" };
  return [{ apiVersion: "v1", kind: "Namespace", metadata: { name: INSTALLER_NAMESPACE, labels } }, ...installerAccountObjects(labels)];
}

/**
 * What one generation applies, in order: to install, the addon's namespace,
 * the values Secret and the Job; to uninstall, the Job alone.
 */
export function renderAddonJob(i: AddonJobInput): KubeObject[] {
  const def = ADDONS[i.addon];
  const labels = {
    "app.kubernetes.io/part-of": "ckp",
    [IMPORTED_CLUSTER_LABEL]: i.clusterId,
    [ADDON_JOB_LABEL]: i.addon,
    [ACTION_LABEL]: i.action,
    [GENERATION_LABEL]: String(i.generation),
  };
  const helmHome = [
    { name: "HELM_CACHE_HOME", value: "/tmp/helm/cache" },
    { name: "HELM_CONFIG_HOME", value: "/tmp/helm/config" },
    { name: "HELM_DATA_HOME", value: "/tmp/helm/data" },
  ];
  const out: KubeObject[] = [];
  let args: string[];
  let annotations: Record<string, string> = {};
  let volumes: { volumes: unknown[]; mounts: unknown[] } = { volumes: [], mounts: [] };
  if (i.action === "install") {
    if (!i.version) throw new Error(`the addon catalog has no ${i.addon} version for the cluster's Kubernetes version`);
    const file = renderValuesFile(i);
    annotations = { [VALUES_HASH_ANNOTATION]: valuesHash(file, i.version.chartVersion) };
    out.push(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: def.namespace, labels: { "app.kubernetes.io/part-of": "ckp" } } },
      {
        apiVersion: "v1",
        kind: "Secret",
        type: "Opaque",
        metadata: { name: valuesSecretName(i.addon), namespace: INSTALLER_NAMESPACE, labels, annotations },
        data: { [VALUES_FILE]: Buffer.from(file).toString("base64") },
      },
    );
    // a chart in an OCI registry is named by its URL: Helm's --repo takes HTTP repositories only
    args = [
      "upgrade",
      "--install",
      def.chart.releaseName,
      `oci://${i.imageRegistry}/${CHART_REPOSITORY_PATH}/${def.chart.name}`,
      "--version",
      i.version.chartVersion,
      "--namespace",
      def.namespace,
      "--values",
      `/values/${VALUES_FILE}`,
      "--history-max",
      "10",
    ];
    volumes = {
      volumes: [{ name: "values", secret: { secretName: valuesSecretName(i.addon) } }],
      mounts: [{ name: "values", mountPath: "/values", readOnly: true }],
    };
  } else {
    args = ["uninstall", def.chart.releaseName, "--namespace", def.namespace, "--ignore-not-found"];
  }
  out.push({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: jobName(i.addon, i.action, i.generation), namespace: INSTALLER_NAMESPACE, labels, annotations },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: INSTALLER_SERVICE_ACCOUNT,
          restartPolicy: "Never",
          containers: [
            {
              name: "helm",
              image: helmImage(i.imageRegistry),
              command: ["helm"],
              args,
              env: helmHome,
              // Helm writes its cache under /tmp: the root file system is read-only
              volumeMounts: [...volumes.mounts, { name: "tmp", mountPath: "/tmp" }],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            },
          ],
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
          volumes: [...volumes.volumes, { name: "tmp", emptyDir: {} }],
        },
      },
    },
  } as KubeObject);
  return out;
}

export interface JobOutcome {
  state: "running" | "succeeded" | "failed";
  reason?: string;
  message?: string;
}

/** A Job's outcome as its conditions say it (the job controller writes them). */
export function jobOutcome(job: KubeObject): JobOutcome {
  const conds = ((job.status ?? {}) as { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> })
    .conditions;
  const failed = conds?.find((c) => c.type === "Failed" && c.status === "True");
  if (failed) return { state: "failed", reason: failed.reason ?? "JobFailed", ...(failed.message ? { message: failed.message } : {}) };
  if (conds?.some((c) => c.type === "Complete" && c.status === "True")) return { state: "succeeded" };
  return { state: "running" };
}
