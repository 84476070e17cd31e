import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { buildClusterAgent } from "../../scripts/build-cluster-agent.js";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { type AgentProcess, spawnProcess } from "./agent-process.js";

/**
 * Running `ckp-cluster-agent` the way its manifest runs it in a cluster,
 * with what cannot run here (a kubelet) played by this helper: the
 * manifest's objects are applied to the apiserver as an admin would with
 * kubectl, and the Deployment's container runs as a local process of the
 * agent's single-file build, with the environment the Deployment gives it
 * (ConfigMap and Secret references resolved) and its ServiceAccount's token
 * (a TokenRequest) mounted where the kubelet would put it. The agent gets
 * no other credential for its cluster: what the control plane does there
 * goes through the RBAC its manifest grants.
 */
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };

const PLURAL: Record<string, string> = {
  Namespace: "namespaces",
  ServiceAccount: "serviceaccounts",
  ConfigMap: "configmaps",
  Secret: "secrets",
  ClusterRole: "clusterroles",
  ClusterRoleBinding: "clusterrolebindings",
  Role: "roles",
  RoleBinding: "rolebindings",
  Deployment: "deployments",
};

export function objectPath(o: Obj): string {
  const group = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const plural = PLURAL[o.kind];
  if (!plural) throw new Error(`the test's kubectl does not know ${o.kind}`);
  return `${group}${o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : ""}/${plural}/${o.metadata.name}`;
}

/** `kubectl apply --server-side -f manifest.yaml`, as the cluster's admin. */
export async function applyManifest(kube: Pick<KubeApiserver, "server" | "caData" | "token">, manifest: string): Promise<Obj[]> {
  const objects = yaml.loadAll(manifest, null, { schema: yaml.CORE_SCHEMA }) as Obj[];
  for (const o of objects) {
    const res = await kubeRequest(kube, "PATCH", `${objectPath(o)}?fieldManager=kubectl&force=true`, {
      body: JSON.stringify(o),
      contentType: "application/apply-patch+yaml",
    });
    if (res.status >= 300) throw new Error(`apply ${o.kind} ${o.metadata.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  return objects;
}

let built: Promise<string> | undefined;

/** The agent's single-file build, made once per test process. */
export function clusterAgentBundle(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "ckp-cluster-agent-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return (await buildClusterAgent({ outfile: join(dir, "ckp-cluster-agent.cjs") })).outfile;
  })();
  return built;
}

export interface InstalledAgent {
  /** the running agent (the first replica) */
  process: AgentProcess;
  /** the environment its container gets */
  env: Record<string, string>;
  /** starts another replica (a rolling update's new pod, or the pod after a crash) */
  start(name?: string): Promise<AgentProcess>;
  /** kills every replica this helper started */
  stopAll(): Promise<void>;
}

/**
 * Applies an agent manifest to `kube` and starts its Deployment's
 * container as a local process. `pingSeconds` shortens the agent's
 * liveness interval for tests.
 */
export async function installClusterAgent(
  kube: KubeApiserver,
  manifest: string,
  o: {
    name?: string;
    pingSeconds?: number;
    /** names under `.pod-network.test` resolve for this agent alone (test/support/pod-network-dns.cjs) */
    podNetwork?: boolean;
  } = {},
): Promise<InstalledAgent> {
  const objects = await applyManifest(kube, manifest);
  const deployment = objects.find((x) => x.kind === "Deployment") as Obj & {
    spec: { template: { spec: { serviceAccountName: string; containers: Array<{ env: Array<Record<string, any>> }> } } };
  };
  const namespace = deployment.metadata.namespace as string;
  const sa = deployment.spec.template.spec.serviceAccountName;
  const data = (kind: string, name: string): Record<string, string> => {
    const x = objects.find((y) => y.kind === kind && y.metadata.name === name) as {
      data?: Record<string, string>;
      stringData?: Record<string, string>;
    };
    return { ...(x?.data ?? {}), ...(x?.stringData ?? {}) };
  };
  const env: Record<string, string> = {};
  for (const e of deployment.spec.template.spec.containers[0]?.env ?? []) {
    if (typeof e.value === "string") env[e.name] = e.value;
    else if (e.valueFrom?.configMapKeyRef)
      env[e.name] = data("ConfigMap", e.valueFrom.configMapKeyRef.name)[e.valueFrom.configMapKeyRef.key] ?? "";
    else if (e.valueFrom?.secretKeyRef) {
      const v = data("Secret", e.valueFrom.secretKeyRef.name)[e.valueFrom.secretKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    } else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.namespace") env[e.name] = namespace;
  }
  // the kubelet's part: the service account's token, CA and namespace where a pod finds them
  const saDir = mkdtempSync(join(tmpdir(), "ckp-cluster-agent-sa-"));
  const tr = await kubeRequest(kube, "POST", `/api/v1/namespaces/${namespace}/serviceaccounts/${sa}/token`, {
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3600 } },
  });
  if (tr.status !== 201) throw new Error(`TokenRequest for ${sa}: ${tr.status} ${JSON.stringify(tr.body).slice(0, 300)}`);
  writeFileSync(join(saDir, "token"), tr.body.status.token as string, { mode: 0o600 });
  writeFileSync(join(saDir, "ca.crt"), kube.caData);
  writeFileSync(join(saDir, "namespace"), namespace);
  const url = new URL(kube.server);
  Object.assign(env, {
    KUBERNETES_SERVICE_HOST: url.hostname,
    KUBERNETES_SERVICE_PORT: url.port,
    CKP_SERVICEACCOUNT_DIR: saDir,
    ...(o.pingSeconds ? { CKP_TUNNEL_PING_SECONDS: String(o.pingSeconds) } : {}),
    ...(o.podNetwork ? { NODE_OPTIONS: `--require ${fileURLToPath(new URL("./pod-network-dns.cjs", import.meta.url))}` } : {}),
  });
  const bundle = await clusterAgentBundle();
  const running: AgentProcess[] = [];
  let n = 0;
  const start = async (name?: string) => {
    // nothing of the test process's environment (AWS endpoints, tokens) reaches the agent
    const p = spawnProcess(name ?? `${o.name ?? "cluster-agent"}-${++n}`, process.execPath, [bundle], {
      env: { PATH: process.env.PATH ?? "", HOME: saDir, ...env },
      cleanEnv: true,
    });
    running.push(p);
    return p;
  };
  const first = await start();
  return {
    process: first,
    env,
    start,
    async stopAll() {
      await Promise.all(running.map((p) => p.kill("SIGKILL")));
      rmSync(saDir, { recursive: true, force: true });
    },
  };
}
