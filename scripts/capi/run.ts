// Cluster API's own managers against a local management cluster: core CAPI
// and the kubeadm bootstrap provider (v1.7.7) and BYOH's manager (v0.5.0),
// built by scripts/capi/build.sh, each running as its provider's
// ServiceAccount with the release's RBAC, with its webhooks served and
// registered on the apiserver (certificates made here), so defaulting and
// validation behave as on a real management cluster.
//
//   const mc = await startManagementCluster({ crdDir });   // apiserver + providers + managers
//   ... mc.api (server, caData, token, kubeconfigPath) ...
//   await mc.stop();
//
// or, on an apiserver started elsewhere: `startCapiManagers(api)`.
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type KubeApiserver, kubeRequest, makePki, startKubeApiserver } from "../kube/apiserver.js";
import { freePorts, httpGet, killGroup, launch, terminate, waitFor } from "../kube/process.js";
import {
  capiCacheDir,
  installProviders,
  type Manifest,
  managerAccount,
  PROVIDERS,
  type ProviderDef,
  webhookConfigurations,
} from "./providers.js";

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;

/**
 * Features of CAPI v1.7 left off: each needs CRDs ../shared/crds does not
 * hold (MachinePool: machinepools; ClusterTopology: the topology controllers
 * of ClusterClass-based clusters, which the control plane does not use;
 * RuntimeSDK: extensionconfigs). ClusterResourceSet stays on (its CRDs are
 * there); MachineSetPreflightChecks is off by default in v1.7.
 */
export const FEATURE_GATES = "MachinePool=false,ClusterTopology=false,RuntimeSDK=false,ClusterResourceSet=true";

export interface CapiManagersOptions {
  /** certificates, kubeconfigs and the managers' logs; default: a new temp dir (removed by stop() unless kept) */
  workDir?: string;
  /** run BYOH's manager too (default true) */
  byoh?: boolean;
  /** klog verbosity of the managers (default 1; CAPI's own default is 2) */
  verbosity?: number;
  /** also install the providers (labels, inventory, RBAC) first; default true */
  install?: boolean;
  /**
   * the CAPI core and kubeadm bootstrap managers' client rate limit and workers per controller (their flags
   * `--kube-api-qps`, `--kube-api-burst`, `--*-concurrency`); unset: the managers' own defaults (20 QPS, burst 30,
   * 10 workers). BYOH v0.5's manager has no such flags (controller-runtime's 20 QPS, one worker per controller).
   */
  scale?: { qps: number; burst: number; concurrency: number };
}

export interface CapiManagers {
  workDir: string;
  /** log file per manager */
  logs: Record<string, string>;
  /** PEM of the CA that signed the webhook servers' certificate (the caBundle of the webhook configurations) */
  webhookCa: string;
  /** removes the webhook configurations, then stops the managers */
  stop(): Promise<void>;
}

interface Manager {
  name: string;
  provider: ProviderDef;
  bin: string;
  args: (o: {
    kubeconfig: string;
    webhookPort: number;
    healthPort: number;
    certDir: string;
    v: number;
    scale: CapiManagersOptions["scale"];
  }) => string[];
  /** readiness endpoint, on the health port */
  ready: string;
}

const MANAGERS: Manager[] = [
  {
    name: "capi-manager",
    provider: provider("cluster-api"),
    bin: "capi-manager",
    args: (o) => [
      `--kubeconfig=${o.kubeconfig}`,
      "--leader-elect=false",
      `--webhook-port=${o.webhookPort}`,
      `--webhook-cert-dir=${o.certDir}`,
      `--health-addr=127.0.0.1:${o.healthPort}`,
      "--diagnostics-address=0",
      `--feature-gates=${FEATURE_GATES}`,
      // CAPI v1.7 names a Machine's ByoMachine after the Machine, as it names its KubeadmConfig; BYOH v0.5 names
      // the K8sInstallerConfig's Secret after the ByoMachine, the kubeadm provider its bootstrap data Secret after
      // the KubeadmConfig: both Secrets get the one name and overwrite each other, and no host can join. The old
      // naming (after the template, with a random suffix), kept behind this flag until v1.9, keeps them apart.
      "--use-deprecated-infra-machine-naming",
      ...scaleFlags(o.scale, ["cluster", "machine", "machineset", "machinedeployment", "clustercachetracker"]),
      `--v=${o.v}`,
    ],
    ready: "/readyz",
  },
  {
    name: "kubeadm-bootstrap-manager",
    provider: provider("bootstrap-kubeadm"),
    bin: "kubeadm-bootstrap-manager",
    args: (o) => [
      `--kubeconfig=${o.kubeconfig}`,
      "--leader-elect=false",
      `--webhook-port=${o.webhookPort}`,
      `--webhook-cert-dir=${o.certDir}`,
      `--health-addr=127.0.0.1:${o.healthPort}`,
      "--diagnostics-address=0",
      `--feature-gates=${FEATURE_GATES}`,
      ...scaleFlags(o.scale, ["kubeadmconfig", "clustercachetracker"]),
      `--v=${o.v}`,
    ],
    ready: "/readyz",
  },
  {
    name: "byoh-manager",
    provider: provider("infrastructure-byoh"),
    bin: "byoh-manager",
    args: (o) => [
      `--kubeconfig=${o.kubeconfig}`,
      `--webhook-port=${o.webhookPort}`,
      `--webhook-cert-dir=${o.certDir}`,
      `--health-probe-bind-address=127.0.0.1:${o.healthPort}`,
      "--metrics-addr=0",
      `--v=${o.v}`,
    ],
    ready: "/readyz",
  },
];

function scaleFlags(scale: CapiManagersOptions["scale"], controllers: string[]): string[] {
  if (!scale) return [];
  return [
    `--kube-api-qps=${scale.qps}`,
    `--kube-api-burst=${scale.burst}`,
    ...controllers.map((c) => `--${c}-concurrency=${scale.concurrency}`),
  ];
}

function provider(name: string): ProviderDef {
  const p = PROVIDERS.find((x) => x.name === name);
  if (!p) throw new Error(`no provider ${name}`);
  return p;
}

function binPath(m: Manager): string {
  return path.join(capiCacheDir(m.provider.manager?.release as "capi" | "byoh"), "bin", m.bin);
}

/** Whether the managers are built (scripts/capi/build.sh). */
export function capiBuilt(): boolean {
  return MANAGERS.every((m) => fs.existsSync(binPath(m)));
}

/** A bound token of the manager's ServiceAccount (TokenRequest API), valid for a year. */
async function serviceAccountToken(api: Api, p: ProviderDef): Promise<string> {
  const sa = managerAccount(p);
  const res = await kubeRequest(api, "POST", `/api/v1/namespaces/${sa.namespace}/serviceaccounts/${sa.name}/token`, {
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 365 * 24 * 3600 } },
  });
  if (res.status !== 201) throw new Error(`token for ${sa.namespace}/${sa.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body.status.token as string;
}

function kubeconfigFile(file: string, api: Api, user: string, token: string): void {
  const ca = Buffer.from(api.caData).toString("base64");
  fs.writeFileSync(
    file,
    [
      "apiVersion: v1",
      "kind: Config",
      `clusters: [{name: mgmt, cluster: {server: "${api.server}", certificate-authority-data: ${ca}}}]`,
      `users: [{name: "${user}", user: {token: ${token}}}]`,
      `contexts: [{name: mgmt, context: {cluster: mgmt, user: "${user}"}}]`,
      "current-context: mgmt",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
}

/** The release's webhook configurations pointed at `https://127.0.0.1:<port><path>` with our CA. */
async function registerWebhooks(api: Api, p: ProviderDef, port: number, caBundle: string): Promise<string[]> {
  const paths: string[] = [];
  for (const cfg of webhookConfigurations(p)) {
    const plural = cfg.kind === "MutatingWebhookConfiguration" ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations";
    cfg.webhooks = (cfg.webhooks as Manifest[]).map((w) => ({
      ...w,
      clientConfig: { url: `https://127.0.0.1:${port}${w.clientConfig.service.path}`, caBundle },
    }));
    const urlPath = `/apis/admissionregistration.k8s.io/v1/${plural}/${cfg.metadata.name}`;
    const res = await kubeRequest(api, "PATCH", `${urlPath}?fieldManager=clusterctl&force=true`, {
      body: JSON.stringify(cfg),
      contentType: "application/apply-patch+yaml",
    });
    if (res.status >= 300) throw new Error(`${cfg.kind} ${cfg.metadata.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    paths.push(urlPath);
  }
  return paths;
}

/**
 * Starts the managers against `api` (which holds the providers' CRDs) and
 * returns once each answers ready and its webhooks are registered.
 */
export async function startCapiManagers(api: Api, o: CapiManagersOptions = {}): Promise<CapiManagers> {
  const managers = MANAGERS.filter((m) => o.byoh !== false || m.name !== "byoh-manager");
  for (const m of managers)
    if (!fs.existsSync(binPath(m))) throw new Error(`${m.bin} not found at ${binPath(m)}; run: bash scripts/capi/build.sh`);
  if (o.install !== false) await installProviders(api);

  const ownWorkDir = !o.workDir;
  const workDir = o.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ckp-capi-"));
  fs.mkdirSync(workDir, { recursive: true });
  // one serving certificate for 127.0.0.1, shared by the managers' webhook servers
  const pki = await makePki(path.join(workDir, "webhook"));
  const certDir = path.join(workDir, "webhook", "serving-certs");
  fs.mkdirSync(certDir, { recursive: true });
  fs.copyFileSync(pki.serverCert, path.join(certDir, "tls.crt"));
  fs.copyFileSync(pki.serverKey, path.join(certDir, "tls.key"));
  const caBundle = Buffer.from(pki.caCert).toString("base64");

  const procs: ChildProcess[] = [];
  const registered: string[] = [];
  const logs: Record<string, string> = {};
  const killAll = () => {
    for (const p of procs) killGroup(p, "SIGKILL");
  };
  process.once("exit", killAll);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killAll);
    // the apiserver must not go on calling webhooks nobody serves
    await Promise.all(registered.map((p) => kubeRequest(api, "DELETE", p, { timeoutMs: 5000 }).catch(() => undefined)));
    await Promise.all(procs.map((p) => terminate(p)));
    if (ownWorkDir && !process.env.CKP_KEEP_CAPI_LOGS) fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    await Promise.all(
      managers.map(async (m) => {
        const [webhookPort, healthPort] = (await freePorts(2)) as [number, number];
        const sa = managerAccount(m.provider);
        const kubeconfig = path.join(workDir, `${m.name}.kubeconfig`);
        kubeconfigFile(kubeconfig, api, `system:serviceaccount:${sa.namespace}:${sa.name}`, await serviceAccountToken(api, m.provider));
        const proc = launch(
          binPath(m),
          workDir,
          m.name,
          m.args({ kubeconfig, webhookPort, healthPort, certDir, v: o.verbosity ?? 1, scale: o.scale }),
          {
            ...process.env,
            // controller-runtime's default certificate directory is under TMPDIR; keep everything in workDir
            TMPDIR: workDir,
          },
        );
        procs.push(proc);
        logs[m.name] = path.join(workDir, `${m.name}.log`);
        await waitFor(
          m.name,
          proc,
          logs[m.name] as string,
          async () => (await httpGet(`http://127.0.0.1:${healthPort}${m.ready}`)).status === 200,
          120_000,
        );
        registered.push(...(await registerWebhooks(api, m.provider, webhookPort, caBundle)));
      }),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { workDir, logs, webhookCa: pki.caCert, stop };
}

export interface ManagementCluster {
  api: KubeApiserver;
  capi: CapiManagers;
  stop(): Promise<void>;
}

/**
 * A local management cluster: kube-apiserver + etcd with every CRD of
 * `crdDir`, kube-controller-manager (garbage collector, namespace
 * controller), the providers installed as clusterctl would, and the CAPI,
 * kubeadm bootstrap and BYOH managers. For the kube and e2e tiers, the
 * benchmarks and the local sandbox.
 */
export async function startManagementCluster(
  o: { crdDir: string; workDir?: string; port?: number } & CapiManagersOptions,
): Promise<ManagementCluster> {
  const api = await startKubeApiserver({
    crdDir: o.crdDir,
    controllerManager: true,
    ...(o.workDir ? { workDir: path.join(o.workDir, "kube") } : {}),
    ...(o.port ? { port: o.port } : {}),
  });
  try {
    const capi = await startCapiManagers(api, { ...o, ...(o.workDir ? { workDir: path.join(o.workDir, "capi") } : {}) });
    return {
      api,
      capi,
      stop: async () => {
        await capi.stop();
        await api.stop();
      },
    };
  } catch (e) {
    await api.stop();
    throw e;
  }
}
