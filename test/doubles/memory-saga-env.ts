import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { desiredAddons } from "../../core/addons/desired.js";
import { CAAPH_API_VERSION, HCP_NAME_LABEL } from "../../core/addons/render.js";
import type { WorkloadPort } from "../../core/addons/workload.js";
import type { BundleManifest } from "../../core/clusters/bundle-model.js";
import { clusterItem } from "../../core/clusters/items.js";
import type { Cluster, Operation, StepRecord } from "../../core/clusters/model.js";
import { OPERATION_STEPS, type StepName } from "../../core/clusters/operations.js";
import type { CapiPort, KubeObjectLike, ObjectRefLike, SagaEnv } from "../../core/clusters/ports.js";
import { renderFor } from "../../core/clusters/runtime.js";
import type { SagaRun } from "../../core/clusters/saga.js";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { PLACEHOLDER_BUNDLE } from "../../core/clusters/steps/common.js";
import type { Deps } from "../../core/deps.js";
import { withoutKeys } from "../../core/store/items.js";
import type { Envelope } from "../../events/envelope.js";

/**
 * The saga's surroundings in memory, for unit tests of its decisions:
 * a one-cluster table that answers the saga's reads and applies its
 * transactions (the generation/step guard included), and a management
 * cluster that only stores objects (no CAPI controller: a test writes the
 * status CAPI would report). Nothing else of DynamoDB is simulated; a step
 * that needs more fails loudly.
 */
export const TENANT = { domain: "acme", project: "edge" } as const;
export const NOW = new Date("2030-01-01T12:00:00.000Z");

export function cluster(o: Partial<Cluster> = {}): Cluster {
  return {
    id: "cl_01jabcdefghjkmnpqrstvwxyz0",
    name: "demo",
    ...TENANT,
    kubernetesVersion: "v1.31.2",
    cni: { name: "cilium", version: "v1.17.6" },
    providerCluster: "bms",
    hostGroup: "pool",
    workers: 2,
    machines: { os: "ubuntu-20.04", arch: "amd64" },
    network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
    extraArgs: {},
    labels: {},
    annotations: {},
    phase: "Provisioning",
    conditions: [],
    operation: "create",
    generation: 1,
    step: "resolve-provider",
    steps: [],
    resolved: { providerCluster: { name: "bms", type: "orbiter-bms" }, managementClusterId: "mc_1", managementCluster: "mc-eu-1" },
    provisioned: [],
    hostIds: [],
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    version: 1,
    ...o,
  };
}

type Item = Record<string, unknown>;

/** Applies `SET a = :x, b = b + :one, #n = :v REMOVE c` — the forms the saga writes. */
function applyUpdate(item: Item, expr: string, values: Item, names: Record<string, string>): Item {
  const out = { ...item };
  const [setPart, removePart] = expr.replace(/^SET /, "").split(" REMOVE ");
  for (const assignment of (setPart ?? "").split(", ")) {
    const [lhs, rhs] = assignment.split(" = ") as [string, string];
    const key = names[lhs] ?? lhs;
    const add = /^(\w+) \+ (:\w+)$/.exec(rhs);
    out[key] = add ? (out[add[1] as string] as number) + (values[add[2] as string] as number) : values[rhs];
    if (!add && !(rhs in values)) throw new Error(`no value for ${rhs}`);
  }
  for (const k of removePart?.split(", ") ?? []) delete out[k];
  return out;
}

/** `generation = :gen AND step = :step [AND phase <> :failed]` against the stored item. */
function holds(item: Item | undefined, cond: string | undefined, values: Item): boolean {
  if (!cond) return true;
  if (!item) return false;
  return cond.split(" AND ").every((c) => {
    const m = /^(\w+) (=|<>) (:\w+)$/.exec(c);
    if (!m) throw new Error(`condition not simulated: ${c}`);
    const equal = item[m[1] as string] === values[m[3] as string];
    return m[2] === "=" ? equal : !equal;
  });
}

export class MemoryClusterTable {
  item: Item | undefined;
  /** every event the saga recorded, in order */
  readonly events: Envelope[] = [];
  /** the number of transactions committed */
  commits = 0;
  /** BatchGetItem calls */
  batchGets = 0;
  /** GetItem reads */
  gets = 0;

  constructor(c: Cluster) {
    this.item = clusterItem(c);
  }

  get cluster(): Cluster | undefined {
    return this.item ? withoutKeys<Cluster>(this.item) : undefined;
  }

  /** Another worker moved the cluster on meanwhile. */
  change(o: Partial<Cluster>): void {
    this.item = { ...(this.item as Item), ...o };
  }

  async send(cmd: unknown): Promise<unknown> {
    if (cmd instanceof GetCommand) {
      this.gets++;
      const key = cmd.input.Key as Item;
      return this.item && this.item.pk === key.pk && this.item.sk === key.sk ? { Item: structuredClone(this.item) } : {};
    }
    if (cmd instanceof BatchGetCommand) {
      this.batchGets++;
      const out: Record<string, Item[]> = {};
      for (const [table, { Keys }] of Object.entries(cmd.input.RequestItems ?? {})) {
        const hit = (Keys ?? []).some((k) => this.item && this.item.pk === k.pk && this.item.sk === k.sk);
        out[table] = hit && this.item ? [structuredClone(this.item)] : [];
      }
      return { Responses: out };
    }
    if (cmd instanceof TransactWriteCommand) {
      const items = cmd.input.TransactItems ?? [];
      let next = this.item;
      const events: Envelope[] = [];
      const reasons = items.map((t) => {
        if (t.Put) {
          if (t.Put.Item?.event) events.push(t.Put.Item.event as Envelope);
          else throw new Error(`a put not simulated: ${JSON.stringify(t.Put.Item)}`);
          return { Code: "None" };
        }
        const op = t.Update ?? t.Delete;
        if (!op) throw new Error(`a transaction item not simulated: ${JSON.stringify(t)}`);
        const key = op.Key as Item;
        if (String(key.sk).startsWith("CLUSTERNAME#")) return { Code: "None" };
        const mine = next && next.pk === key.pk && next.sk === key.sk ? next : undefined;
        if (!holds(mine, op.ConditionExpression, op.ExpressionAttributeValues ?? {})) return { Code: "ConditionalCheckFailed" };
        if (t.Update)
          next = applyUpdate(
            mine as Item,
            t.Update.UpdateExpression as string,
            t.Update.ExpressionAttributeValues ?? {},
            t.Update.ExpressionAttributeNames ?? {},
          );
        else next = undefined;
        return { Code: "None" };
      });
      if (reasons.some((r) => r.Code !== "None"))
        throw new TransactionCanceledException({ message: "Transaction cancelled", $metadata: {}, CancellationReasons: reasons });
      this.item = structuredClone(next);
      this.events.push(...events);
      this.commits++;
      return {};
    }
    if (cmd instanceof QueryCommand) {
      // the table holds one cluster: a query by partition and sort-key prefix finds it or nothing
      const values = Object.values(cmd.input.ExpressionAttributeValues ?? {}).filter((v): v is string => typeof v === "string");
      const hit = this.item && values.includes(String(this.item.pk)) && values.some((v) => String(this.item?.sk).startsWith(v));
      return { Items: hit ? [structuredClone(this.item)] : [] };
    }
    throw new Error(`a command not simulated: ${(cmd as object).constructor.name}`);
  }
}

const refKey = (r: ObjectRefLike) => `${r.apiVersion}/${r.kind}/${r.namespace ?? ""}/${r.name}`;

/** A management cluster that stores what is applied and answers reads; nothing reconciles. */
export class MemoryCapi implements CapiPort {
  readonly objects = new Map<string, KubeObjectLike>();
  readonly applied: KubeObjectLike[] = [];

  render(c: Cluster, o: Parameters<CapiPort["render"]>[1]): KubeObjectLike[] {
    return renderFor(c, o);
  }

  async apply(_mc: string, objects: KubeObjectLike[]): Promise<void> {
    for (const o of objects) {
      this.applied.push(o);
      const ref = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace };
      const prev = this.objects.get(refKey(ref));
      this.objects.set(refKey(ref), { ...prev, ...o, metadata: { ...prev?.metadata, ...o.metadata } });
    }
  }

  async get(_mc: string, ref: ObjectRefLike): Promise<KubeObjectLike | undefined> {
    return this.objects.get(refKey(ref));
  }

  async delete(_mc: string, ref: ObjectRefLike): Promise<boolean> {
    return this.objects.delete(refKey(ref));
  }

  async list(_mc: string, apiVersion: string, kind: string): Promise<KubeObjectLike[]> {
    return [...this.objects.values()].filter((o) => o.apiVersion === apiVersion && o.kind === kind);
  }

  /** Puts the cluster's rendered object of a kind here, with the status CAPI would report. */
  report(c: Cluster, kind: string, status: Record<string, unknown>, o: { spec?: Record<string, unknown>; generation?: number } = {}) {
    const obj = this.render(c, { kubernetesVersion: c.kubernetesVersion, workers: c.workers, bundle: PLACEHOLDER_BUNDLE }).find(
      (x) => x.kind === kind,
    );
    if (!obj) throw new Error(`the render has no ${kind}`);
    const stored: KubeObjectLike = {
      ...obj,
      ...(o.spec ? { spec: o.spec } : {}),
      metadata: { ...obj.metadata, ...(o.generation ? { generation: o.generation } : {}) },
      status,
    };
    this.objects.set(refKey({ apiVersion: obj.apiVersion, kind, name: obj.metadata.name, namespace: obj.metadata.namespace }), stored);
    return stored;
  }
}

/** A saga environment over the two doubles; timers the saga schedules are collected. */
export function memorySagaEnv(table: MemoryClusterTable, capi: MemoryCapi, o: { now?: Date; workload?: WorkloadPort } = {}) {
  const now = o.now ?? NOW;
  const scheduled: Array<{ e: Envelope; delaySeconds: number }> = [];
  const unused = () => {
    throw new Error("not used by the steps under test");
  };
  const env: SagaEnv = {
    deps: { db: table as unknown as DynamoDBDocumentClient, table: "ckp", secrets: unused as never, clock: { now: () => now } } as Deps,
    bundles: unused as never,
    providers: unused as never,
    capi,
    workload: o.workload ?? (unused as never),
    imageRegistry: "registry.example/ckp",
    apiUrl: undefined,
    async schedule(e, delaySeconds) {
      scheduled.push({ e, delaySeconds });
    },
    // one step a message unless a test chains them
    timing: { firstPollSeconds: 5, maxPollSeconds: 60, timeoutSeconds: {}, defaultTimeoutSeconds: 600, chainSeconds: 0 },
  };
  return { env, scheduled };
}

/** The lifecycle message that runs a step. */
export function sagaMessage(c: Pick<Cluster, "id" | "generation">, step: string, poll?: number): Envelope<SagaRun> {
  return {
    specversion: "1.0",
    id: `evt_${step}_${poll ?? 0}`,
    source: "test",
    type: "ckp.cluster.step-due",
    time: NOW.toISOString(),
    subject: `clusters/${c.id}`,
    datacontenttype: "application/json",
    dataschemaversion: 1,
    ...TENANT,
    actor: { kind: "system", id: "test" },
    correlationid: "cor_1",
    data: { clusterId: c.id, generation: c.generation, step, ...(poll ? { poll } : {}) },
  };
}

/** When the running step of `recordsAt` started. */
export const T0 = "2030-01-01T11:59:00.000Z";

/** The step records of `op` with every step before `step` succeeded and `step` running since T0. */
export function recordsAt(op: Operation, step: StepName): StepRecord[] {
  const order = OPERATION_STEPS[op];
  const i = order.indexOf(step);
  return order.map((name, j): StepRecord => {
    if (j < i) return { name, state: "succeeded", startedAt: T0, endedAt: T0 };
    if (j === i) return { name, state: "running", startedAt: T0 };
    return { name, state: "pending" };
  });
}

/** A cluster in operation `op`, at `step`. */
export const atStep = (op: Operation, step: StepName, o: Partial<Cluster> = {}) =>
  cluster({ operation: op, step, steps: recordsAt(op, step), ...o });

/** The HelmReleaseProxy CAAPH makes for a cluster's CNI, at the catalog's chart version: deployed, or not yet. */
export function cniRelease(c: Cluster, deployed = true): KubeObjectLike {
  return addonRelease(c, c.cni.name, deployed);
}

/** The HelmReleaseProxies of every addon the cluster enables, deployed or not yet. */
export function addonReleases(c: Cluster, deployed = true): KubeObjectLike[] {
  return desiredAddons(c)
    .filter((a) => a.enabled)
    .map((a) => addonRelease(c, a.name, deployed));
}

/** A BYOH bundle store that answers every version with this manifest (apply-objects renders with it). */
export function memoryBundles(manifest: BundleManifest): SagaEnv["bundles"] {
  const body = JSON.stringify(manifest);
  return {
    bucket: "bundles",
    s3: { send: async () => ({ Body: { transformToString: async () => body } }) },
  } as unknown as SagaEnv["bundles"];
}

/** The HelmReleaseProxy CAAPH makes for one of a cluster's addons, at the catalog's chart version. */
export function addonRelease(c: Cluster, addon: string, deployed = true): KubeObjectLike {
  const a = desiredAddons(c).find((x) => x.name === addon);
  return {
    apiVersion: CAAPH_API_VERSION,
    kind: "HelmReleaseProxy",
    metadata: { name: `${addon}-x`, namespace: clusterNamespace(c.id), generation: 1, labels: { [HCP_NAME_LABEL]: addon } },
    spec: { version: a?.version?.chartVersion },
    status: deployed ? { status: "deployed", observedGeneration: 1 } : { observedGeneration: 1 },
  };
}

/** A workload cluster of two nodes whose Deployments and DaemonSets report every replica ready, or none. */
export function workloadWithPods(ready = true): WorkloadPort {
  const status = {
    ...{ replicas: 1, readyReplicas: ready ? 1 : 0, updatedReplicas: 1, availableReplicas: ready ? 1 : 0, observedGeneration: 1 },
    ...{ desiredNumberScheduled: 2, numberReady: ready ? 2 : 0, updatedNumberScheduled: 2, numberAvailable: ready ? 2 : 0 },
  };
  return {
    reader: async () => ({
      nodeCount: async () => 2,
      get: async (ref: { kind: string; name: string; namespace?: string }) =>
        ({ apiVersion: "apps/v1", kind: ref.kind, metadata: { ...ref, generation: 1 }, spec: { replicas: 1 }, status }) as never,
      list: async () => [],
      delete: async () => false,
      apply: async (o: never) => o,
    }),
  } as unknown as WorkloadPort;
}
