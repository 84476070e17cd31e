import type { IncomingMessage } from "node:http";
import { Agent, request } from "node:https";
import { type KubeConnection, parseKubeconfig } from "../../core/kube/connection.js";
import type { WorkloadTarget } from "../../core/tunnel/frames.js";
import type { Log } from "../log.js";
import type { InClusterKube } from "./kube.js";

/** A kubeconfig Secret is read again at most this often (CAPI rotates them; a new one has a new resourceVersion). */
const SECRET_TTL_MS = 30_000;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

interface Reached {
  resourceVersion: string;
  readAt: number;
  conn: KubeConnection;
  agent: Agent;
}

/**
 * The workload clusters of the management cluster this agent runs in,
 * reached as Cluster API's own controllers reach them: with the kubeconfig
 * in the `<cluster>-kubeconfig` Secret next to the Cluster (key `value`),
 * read with the agent's service account. Their API servers are often
 * addressable only from inside the management cluster's network, which is
 * why the control plane asks the agent instead of dialling them itself.
 * The agent's RBAC still bounds it: it can reach only clusters whose
 * kubeconfig Secret it may read.
 */
export class WorkloadClusters {
  private readonly reached = new Map<string, Reached>();

  constructor(
    private readonly kube: InClusterKube,
    private readonly log: Log,
  ) {}

  /** One request to a workload cluster's API server; resolves with the response as soon as its head arrives. */
  async request(
    target: WorkloadTarget,
    o: { method: string; path: string; headers?: Record<string, string>; body?: Buffer; signal?: AbortSignal },
  ): Promise<IncomingMessage> {
    const r = await this.connection(target);
    const url = new URL(o.path, r.conn.server);
    return new Promise((ok, fail) => {
      const req = request(
        url,
        {
          method: o.method,
          agent: r.agent,
          headers: {
            ...o.headers,
            ...(r.conn.token ? { authorization: `Bearer ${r.conn.token}` } : {}),
            ...(o.body ? { "content-length": String(o.body.length) } : {}),
          },
          ...(o.signal ? { signal: o.signal } : {}),
        },
        ok,
      );
      req.on("error", fail);
      req.end(o.body);
    });
  }

  close(): void {
    for (const r of this.reached.values()) r.agent.destroy();
    this.reached.clear();
  }

  private async connection(t: WorkloadTarget): Promise<Reached> {
    if (!DNS_LABEL.test(t.namespace) || !DNS_LABEL.test(t.name)) throw new Error(`not a cluster: ${t.namespace}/${t.name}`);
    const key = `${t.namespace}/${t.name}`;
    const known = this.reached.get(key);
    if (known && Date.now() - known.readAt < SECRET_TTL_MS) return known;
    const secretName = `${t.name}-kubeconfig`;
    const res = await this.kube.json<{ metadata?: { resourceVersion?: string }; data?: { value?: string } }>(
      "GET",
      `/api/v1/namespaces/${t.namespace}/secrets/${secretName}`,
    );
    if (res.status !== 200 || !res.body.data?.value) {
      throw new Error(`Secret ${t.namespace}/${secretName} cannot be read here (${res.status}): the cluster's kubeconfig is not there yet`);
    }
    const rv = String(res.body.metadata?.resourceVersion ?? "");
    if (known && known.resourceVersion === rv) {
      known.readAt = Date.now();
      return known;
    }
    known?.agent.destroy();
    const conn = await parseKubeconfig(Buffer.from(res.body.data.value, "base64").toString("utf8"));
    const reached: Reached = { resourceVersion: rv, readAt: Date.now(), conn, agent: httpsAgent(conn) };
    this.reached.set(key, reached);
    this.log.info(`workload cluster ${key}: reached with its kubeconfig Secret (resourceVersion ${rv})`);
    return reached;
  }
}

function httpsAgent(c: KubeConnection): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(c.caData ? { ca: c.caData } : {}),
    ...(c.tlsServerName ? { servername: c.tlsServerName } : {}),
    ...(c.clientCertificateData ? { cert: c.clientCertificateData } : {}),
    ...(c.clientKeyData ? { key: c.clientKeyData } : {}),
  });
}
