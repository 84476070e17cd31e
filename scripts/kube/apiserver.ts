// A real kube-apiserver + etcd on loopback for tests. Binaries come from the
// cache filled by scripts/kube/build.sh; nothing is built here.
import { type ChildProcess, execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { freePorts, httpGet, killGroup, launch, sleep, terminate, waitFor } from "./process.js";

export interface KubeApiserver {
  /** https://127.0.0.1:PORT */
  server: string;
  /** PEM of the CA that signed the serving certificate. */
  caData: string;
  /** Bearer token of an admin user (group system:masters). */
  token: string;
  kubeconfigPath: string;
  /** etcd's client URL (http on loopback): a test may read what the apiserver stored */
  etcdUrl: string;
  /**
   * kill -9 of kube-apiserver alone, then the same apiserver started again on
   * the same port, certificates and etcd (whose data stays): a management
   * cluster's apiserver that crashed and came back. Resolves once it is ready.
   */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Install every CRD found under this directory before returning. */
  crdDir?: string;
  /**
   * Where certs, etcd data, logs and the kubeconfig go. Default: a new temp
   * dir, removed by stop(). A directory given here is kept (logs stay readable);
   * its etcd data is wiped on start.
   */
  workDir?: string;
  /** kube-apiserver secure port. Default: a free port. */
  port?: number;
  /**
   * Also run kube-controller-manager with the controllers a management
   * cluster's objects depend on (the garbage collector, which deletes
   * objects whose owners are gone, and the namespace controller, which
   * empties and removes deleted namespaces). Default: off.
   */
  controllerManager?: boolean;
  /** further kube-apiserver flags, e.g. --encryption-provider-config=… */
  apiserverArgs?: string[];
}

// biome-ignore lint/suspicious/noExplicitAny: test helpers read arbitrary Kubernetes JSON
export interface KubeResponse<T = any> {
  status: number;
  body: T;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const execFileAsync = promisify(execFile);

/** Directory holding kube-apiserver and etcd, as laid out by build.sh. */
export function kubeBinDir(): string {
  const env = Object.fromEntries(
    fs
      .readFileSync(path.join(here, "versions.env"), "utf8")
      .split("\n")
      .map((l) => /^\s*([A-Z0-9_]+)=(\S+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  const cache = process.env.CKP_CACHE_DIR || path.join(os.homedir(), ".cache", "ckp");
  return path.join(cache, "kube", `k8s-${env.K8S_VERSION}-etcd-${env.ETCD_VERSION}`, "bin");
}

export async function startKubeApiserver(opts: StartOptions = {}): Promise<KubeApiserver> {
  const binDir = kubeBinDir();
  for (const bin of ["etcd", "kube-apiserver"]) {
    if (!fs.existsSync(path.join(binDir, bin))) {
      throw new Error(`${bin} not found in ${binDir}; run scripts/kube/build.sh first`);
    }
  }

  const ownWorkDir = !opts.workDir;
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ckp-kube-"));
  fs.mkdirSync(workDir, { recursive: true });
  const procs: ChildProcess[] = [];
  const agent = new https.Agent({ keepAlive: true });

  const killAllSync = () => {
    for (const p of procs) killGroup(p, "SIGKILL");
    if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
  };
  // Detached children outlive a crashed parent; at least clean up on a normal exit.
  process.once("exit", killAllSync);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killAllSync);
    agent.destroy();
    // apiserver first, so it does not spend its shutdown retrying a dead etcd.
    for (const p of [...procs].reverse()) await terminate(p);
    if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const [etcdClient, etcdPeer, securePort] = await freePorts(3);
    const port = opts.port ?? (securePort as number);
    const pki = await makePki(workDir);
    const token = randomBytes(24).toString("hex");
    const tokenFile = path.join(workDir, "tokens.csv");
    fs.writeFileSync(tokenFile, `${token},ckp-admin,ckp-admin,"system:masters"\n`, { mode: 0o600 });

    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    fs.rmSync(path.join(workDir, "etcd"), { recursive: true, force: true });
    const etcd = launch(path.join(binDir, "etcd"), workDir, "etcd", [
      "--name=ckp",
      `--data-dir=${path.join(workDir, "etcd")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=ckp=${peerUrl}`,
      "--unsafe-no-fsync=true", // throwaway data; fsync dominates write latency
      "--log-level=warn",
    ]);
    procs.push(etcd);
    await waitFor("etcd", etcd, path.join(workDir, "etcd.log"), async () => {
      const res = await httpGet(`${etcdUrl}/health`);
      return res.status === 200 && JSON.parse(res.body).health === "true";
    });

    const server = `https://127.0.0.1:${port}`;
    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--token-auth-file=${tokenFile}`,
      "--anonymous-auth=false",
      "--authorization-mode=RBAC",
      "--service-cluster-ip-range=10.96.0.0/12",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      "--allow-privileged=true",
      // No controller-manager runs, so no "default" ServiceAccount is ever
      // created and this plugin would reject every Pod.
      "--disable-admission-plugins=ServiceAccount",
      "--profiling=false",
      ...(opts.apiserverArgs ?? []),
    ];
    let apiserver = launch(path.join(binDir, "kube-apiserver"), workDir, "kube-apiserver", apiserverArgs);
    procs.push(apiserver);
    const ready = (api: KubeApiserver) =>
      waitFor("kube-apiserver", apiserver, path.join(workDir, "kube-apiserver.log"), async () => {
        return (await kubeRequest(api, "GET", "/readyz", { timeoutMs: 2000 })).status === 200;
      });
    const restartApiserver = async () => {
      const gone = new Promise((r) => apiserver.once("exit", r));
      killGroup(apiserver, "SIGKILL");
      await gone;
      agent.destroy(); // its kept-alive sockets went with the process
      const next = launch(path.join(binDir, "kube-apiserver"), workDir, "kube-apiserver", apiserverArgs);
      procs.splice(procs.indexOf(apiserver), 1, next);
      apiserver = next;
      await ready(api);
    };

    const api: KubeApiserver = { server, caData: pki.caCert, token, kubeconfigPath: "", etcdUrl, restartApiserver, stop };
    agents.set(api, agent);
    await ready(api);

    api.kubeconfigPath = path.join(workDir, "kubeconfig");
    fs.writeFileSync(api.kubeconfigPath, kubeconfig(api), { mode: 0o600 });

    if (opts.crdDir) await installCrds(api, opts.crdDir);
    if (opts.controllerManager) procs.push(await startControllerManager(api, binDir, workDir, pki));
    return api;
  } catch (err) {
    await stop();
    throw err;
  }
}

// serviceaccount-token: writes the tokens of ServiceAccount token Secrets (Karpenter's access to a cluster's namespace)
const CONTROLLERS = ["garbagecollector", "namespace", "serviceaccount-token"];

async function startControllerManager(
  api: KubeApiserver,
  binDir: string,
  workDir: string,
  pki: { saKey: string; caPath: string },
): Promise<ChildProcess> {
  const bin = path.join(binDir, "kube-controller-manager");
  if (!fs.existsSync(bin)) throw new Error(`kube-controller-manager not found in ${binDir}; run scripts/kube/build.sh first`);
  const [port] = await freePorts(1);
  const certDir = path.join(workDir, "kube-controller-manager");
  fs.mkdirSync(certDir, { recursive: true });
  const kcm = launch(bin, workDir, "kube-controller-manager", [
    `--kubeconfig=${api.kubeconfigPath}`,
    `--controllers=${CONTROLLERS.join(",")}`,
    `--service-account-private-key-file=${pki.saKey}`,
    `--root-ca-file=${pki.caPath}`,
    "--leader-elect=false",
    "--bind-address=127.0.0.1",
    `--secure-port=${port}`,
    `--cert-dir=${certDir}`,
    "--profiling=false",
  ]);
  await waitFor("kube-controller-manager", kcm, path.join(workDir, "kube-controller-manager.log"), async () => {
    return (await httpGet(`https://127.0.0.1:${port}/healthz`)).status === 200;
  });
  return kcm;
}

/**
 * Server-side applies every CustomResourceDefinition in the *.yaml/*.yml files
 * under crdDir (recursively) and waits until all are Established.
 * Server-side apply because client-side apply's last-applied annotation cannot
 * hold the largest CRDs (~0.5 MB). Returns the CRD names.
 */
export async function installCrds(api: Pick<KubeApiserver, "server" | "caData" | "token">, crdDir: string): Promise<string[]> {
  // CORE_SCHEMA: no YAML timestamps/binary, so scalars stay what the apiserver would read.
  const crds = yamlFiles(crdDir)
    .flatMap((f) => yaml.loadAll(fs.readFileSync(f, "utf8"), null, { schema: yaml.CORE_SCHEMA }))
    // biome-ignore lint/suspicious/noExplicitAny: CRDs are read as plain JSON
    .filter((d): d is Record<string, any> => (d as { kind?: unknown } | null)?.kind === "CustomResourceDefinition");
  if (crds.length === 0) throw new Error(`no CustomResourceDefinition found under ${crdDir}`);

  const base = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  const names = crds.map((c) => c.metadata.name as string);
  await Promise.all(
    crds.map(async (crd) => {
      const res = await kubeRequest(api, "PATCH", `${base}/${crd.metadata.name}?fieldManager=ckp-test&force=true`, {
        body: JSON.stringify(crd),
        contentType: "application/apply-patch+yaml",
      });
      if (res.status >= 300) throw new Error(`apply CRD ${crd.metadata.name}: ${res.status} ${statusMessage(res.body)}`);
    }),
  );

  // generous: on a shared, loaded machine the apiserver takes a while to establish ~150 CRDs
  const deadline = Date.now() + 120_000;
  let pending = names;
  for (;;) {
    const still = await Promise.all(
      pending.map(async (name) => {
        const res = await kubeRequest(api, "GET", `${base}/${name}`);
        const conds: Array<{ type: string; status: string; reason?: string; message?: string }> = res.body?.status?.conditions ?? [];
        const accepted = conds.find((c) => c.type === "NamesAccepted");
        if (accepted?.status === "False") throw new Error(`CRD ${name}: ${accepted.reason}: ${accepted.message}`);
        return conds.some((c) => c.type === "Established" && c.status === "True") ? null : name;
      }),
    );
    pending = still.filter((n): n is string => n !== null);
    if (pending.length === 0) break;
    if (Date.now() > deadline) throw new Error(`CRDs not Established after 120s: ${pending.join(", ")}`);
    await sleep(100);
  }
  return names;
}

const agents = new WeakMap<KubeApiserver, https.Agent>();

/** Minimal authenticated request; JSON responses are parsed, others returned as text. */
export function kubeRequest(
  api: Pick<KubeApiserver, "server" | "caData" | "token">,
  method: string,
  urlPath: string,
  opts: {
    body?: string | object;
    contentType?: string;
    token?: string;
    timeoutMs?: number;
    headers?: Record<string, string | string[]>;
  } = {},
): Promise<KubeResponse> {
  const body = typeof opts.body === "object" ? JSON.stringify(opts.body) : opts.body;
  const url = new URL(urlPath, api.server);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        agent: agents.get(api as KubeApiserver),
        ca: api.caData,
        headers: {
          authorization: `Bearer ${opts.token ?? api.token}`,
          accept: "application/json",
          ...opts.headers,
          ...(body !== undefined && {
            "content-type": opts.contentType ?? "application/json",
            "content-length": Buffer.byteLength(body),
          }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          if (res.headers["content-type"]?.startsWith("application/json")) {
            try {
              parsed = JSON.parse(text);
            } catch {
              // keep text
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${urlPath}: timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

function statusMessage(body: unknown): string {
  return typeof body === "object" && body !== null && "message" in body ? String(body.message) : String(body).slice(0, 500);
}

function kubeconfig(api: KubeApiserver): string {
  return yaml.dump(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "ckp-test",
          cluster: { server: api.server, "certificate-authority-data": Buffer.from(api.caData).toString("base64") },
        },
      ],
      users: [{ name: "ckp-admin", user: { token: api.token } }],
      contexts: [{ name: "ckp-test", context: { cluster: "ckp-test", user: "ckp-admin" } }],
      "current-context": "ckp-test",
    },
    { lineWidth: -1 },
  );
}

/** A CA and a serving certificate for 127.0.0.1 (and a service-account key pair) under `<workDir>/pki`. */
export async function makePki(workDir: string) {
  const dir = path.join(workDir, "pki");
  fs.mkdirSync(dir, { recursive: true });
  const f = (name: string) => path.join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  const openssl = (args: string[]) =>
    execFileAsync("openssl", args).catch((e: Error) => {
      throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${e.message}`);
    });

  await openssl([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.crt"),
    "-days",
    "2",
    "-subj",
    "/CN=ckp-test-ca",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await openssl(["req", "-new", ...ec, "-keyout", f("server.key"), "-out", f("server.csr"), "-subj", "/CN=kube-apiserver"]);
  fs.writeFileSync(
    f("server.ext"),
    [
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
    ].join("\n"),
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.crt"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    f("server.ext"),
    "-out",
    f("server.crt"),
  ]);

  const sa = generateKeyPairSync("ec", { namedCurve: "P-256" });
  fs.writeFileSync(f("sa.key"), sa.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  fs.writeFileSync(f("sa.pub"), sa.publicKey.export({ type: "spki", format: "pem" }));

  return {
    caCert: fs.readFileSync(f("ca.crt"), "utf8"),
    caPath: f("ca.crt"),
    serverCert: f("server.crt"),
    serverKey: f("server.key"),
    saKey: f("sa.key"),
    saPub: f("sa.pub"),
  };
}

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
