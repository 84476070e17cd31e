import { type FormEvent, useId, useState } from "react";
import { api, fieldProblem, itemsOf, type Schemas } from "../api/client";
import { useCan } from "../auth";
import { StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { DNS_LABEL_PATTERN, Field } from "../ui/form";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { ReasonHint } from "../ui/reason";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";

type Status = Schemas["ClusterStatus"];
type Pool = Schemas["NodePool"];

const base = "/v1/domains/{domain}/projects/{project}/clusters/{id}" as const;
/** Karpenter needs machines made on demand (docs/autoscaling.md): the provider cluster type it runs on. */
export const AUTOSCALING_PROVIDER = "ccs-vm";

const POOL_TONES: Record<string, string> = { Ready: "ok", Pending: "wait", NotReady: "wait", Rejected: "bad", Unknown: "muted" };
const CLAIM_TONES: Record<string, string> = {
  Initialized: "ok",
  Registered: "busy",
  Launched: "busy",
  Pending: "wait",
  LaunchFailed: "bad",
  Terminating: "muted",
};

const names = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Why Karpenter cannot run on this cluster, or undefined when it can. */
export function autoscalingUnsupported(c: Schemas["Cluster"]): string | undefined {
  const type = c.resolved?.providerCluster.type;
  if (type === AUTOSCALING_PROVIDER) return undefined;
  return `Karpenter autoscaling is supported only for CCS VM provider clusters: ${c.providerCluster} is ${type ?? "not resolved yet"}.`;
}

/**
 * Karpenter on the cluster's page (docs/autoscaling.md): whether it runs and
 * between which worker counts, how many workers it added, and its node
 * pools with what Karpenter reports of each, live. Members switch it on and
 * off and change the bounds (PATCH …/addons/karpenter, CCS VM clusters
 * only); project admins create and delete node pools.
 */
export function ClusterAutoscaling({ c, s }: { c: Schemas["Cluster"]; s: Status }) {
  const t = useTenant();
  const write = useCan("write", t);
  const admin = useCan("admin", t);
  const path = { ...t.path, id: c.id };
  const karpenter = c.addons?.karpenter;
  const enabled = Boolean(karpenter?.enabled);
  const auto = s.workers.autoscaling;
  const pools = api.useQuery("get", `${base}/node-pools`, { params: { path, query: { limit: 200 } } }, { refetchInterval: 3000 });
  const poolList = itemsOf(pools.data);
  const unsupported = autoscalingUnsupported(c);
  return (
    <section className="card autoscaling" aria-labelledby="autoscaling-title">
      <h2 id="autoscaling-title">Autoscaling</h2>
      <dl className="facts">
        <dt>Karpenter</dt>
        <dd>
          <StatusBadge value={enabled ? "Ready" : "off"} label={enabled ? "on" : "off"} tone={enabled ? "ok" : "muted"} />{" "}
          {enabled ? `between ${auto?.minWorkers ?? 1} and ${auto?.maxWorkers ?? 10} workers` : "the worker count changes only when scaled"}
        </dd>
        <dt>Autoscaled workers</dt>
        <dd>
          {s.workers.autoscaled ?? 0} of the {s.workers.assigned} assigned workers were added because Karpenter asked
        </dd>
        {auto?.machineCapacity && (
          <>
            <dt>Per machine</dt>
            <dd>
              {auto.machineCapacity.flavor}: {auto.machineCapacity.cpu} CPU, {Math.round(auto.machineCapacity.memoryMb / 1024)} GiB
            </dd>
          </>
        )}
      </dl>
      {write && <KarpenterForm c={c} s={s} unsupported={unsupported} />}
      {!write && unsupported && <p className="muted small">{unsupported}</p>}
      {(enabled || poolList.length > 0) && (
        <>
          <ProblemAlert error={pools.error} />
          <NodePools pools={poolList} path={path} admin={admin} loaded={pools.isSuccess} />
          {admin && enabled && <CreateNodePool path={path} />}
        </>
      )}
    </section>
  );
}

function KarpenterForm({ c, s, unsupported }: { c: Schemas["Cluster"]; s: Status; unsupported: string | undefined }) {
  const t = useTenant();
  const path = { ...t.path, id: c.id };
  const values = (c.addons?.karpenter?.values ?? {}) as { minWorkers?: number; maxWorkers?: number; logLevel?: "error" | "debug" | "info" };
  const enabled = Boolean(c.addons?.karpenter?.enabled);
  const [min, setMin] = useState(String(values.minWorkers ?? 1));
  const [max, setMax] = useState(String(values.maxWorkers ?? 10));
  const change = api.useMutation("patch", `${base}/addons/karpenter`, { onSuccess: () => refreshAll() });
  const reasonId = useId();
  const busy = s.phase !== "Ready" && !(s.phase === "Failed" && s.operation === "addons");
  const off = Boolean(unsupported) && !enabled;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({
      params: { path },
      body: { enabled: true, values: { minWorkers: Number(min), maxWorkers: Number(max), logLevel: values.logLevel ?? "info" } },
    });
  };
  return (
    <form aria-labelledby="karpenter-form-title" onSubmit={submit}>
      <h3 id="karpenter-form-title">{enabled ? "Karpenter's bounds" : "Turn Karpenter on"}</h3>
      {off && (
        <p className="muted" id={reasonId}>
          {unsupported}
        </p>
      )}
      {busy && !off && <p className="muted small">Possible once the running operation ends ({s.phase}).</p>}
      <fieldset className="bounds" disabled={off || busy} aria-describedby={off ? reasonId : undefined}>
        <Field label="Minimum workers" error={fieldProblem(change.error, "values.minWorkers")}>
          {(p) => <input {...p} type="number" min={0} max={500} required value={min} onChange={(e) => setMin(e.target.value)} />}
        </Field>
        <Field label="Maximum workers" error={fieldProblem(change.error, "values.maxWorkers")}>
          {(p) => <input {...p} type="number" min={1} max={500} required value={max} onChange={(e) => setMax(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className={enabled ? undefined : "primary"} disabled={change.isPending}>
            {enabled ? "Save bounds" : "Enable autoscaling"}
          </button>
          {enabled && (
            <button
              type="button"
              className="danger"
              disabled={change.isPending}
              onClick={() => change.mutate({ params: { path }, body: { enabled: false } })}
            >
              Disable autoscaling
            </button>
          )}
        </div>
      </fieldset>
      <ProblemAlert error={change.error} />
    </form>
  );
}

function NodePools({
  pools,
  path,
  admin,
  loaded,
}: {
  pools: Pool[];
  path: { domain: string; project: string; id: string };
  admin: boolean;
  loaded: boolean;
}) {
  const [deleting, setDeleting] = useState<string>();
  const del = api.useMutation("delete", `${base}/node-pools/{name}`, {
    onSuccess: () => {
      setDeleting(undefined);
      void refreshAll();
    },
  });
  return (
    <div className="table-wrap">
      <table>
        <caption>Node pools</caption>
        <thead>
          <tr>
            <th scope="col">Pool</th>
            <th scope="col">State</th>
            <th scope="col">Nodes</th>
            <th scope="col">CPU used / limit</th>
            <th scope="col">Limit reached</th>
            <th scope="col">NodeClaims</th>
            {admin && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {pools.map((p) => (
            <tr key={p.name}>
              <td>
                <strong>{p.name}</strong>
                <div className="muted small">
                  {(p.requirements.architectures ?? ["any arch"]).join(", ")} · {(p.requirements.flavors ?? ["any flavor"]).join(", ")}
                </div>
                <div className="muted small">
                  {p.disruption.consolidationPolicy} after {p.disruption.consolidateAfter}
                </div>
              </td>
              <td>
                <StatusBadge value={p.status.state} tone={POOL_TONES[p.status.state] ?? "muted"} />
                {p.status.message && p.status.state !== "Ready" && <div className="muted small">{p.status.message}</div>}
                {(p.status.conditions ?? [])
                  .filter((x) => x.status !== "True" && x.reason)
                  .map((x) => (
                    <div key={x.type} className="small">
                      {x.type}: <ReasonHint reason={x.reason ?? ""} message={x.message} />
                    </div>
                  ))}
              </td>
              <td>{p.status.nodes ?? 0}</td>
              <td>
                {p.status.resources?.cpu ?? "0"} / {p.limits.cpu}
                {p.limits.memory && (
                  <div className="muted small">
                    memory {p.status.resources?.memory ?? "0"} / {p.limits.memory}
                  </div>
                )}
              </td>
              <td>{p.status.limitReached ? <StatusBadge value="reached" tone="bad" /> : "no"}</td>
              <td>
                {(p.status.nodeClaims ?? []).length === 0
                  ? "—"
                  : (p.status.nodeClaims ?? []).map((n) => (
                      <div key={n.name} className="small">
                        <StatusBadge value={n.phase} tone={CLAIM_TONES[n.phase] ?? "muted"} /> {n.nodeName ?? n.name}
                        {n.instanceType && <span className="muted"> ({n.instanceType})</span>}
                        {n.createdAt && (
                          <span className="muted">
                            {" "}
                            · <When at={n.createdAt} />
                          </span>
                        )}
                      </div>
                    ))}
              </td>
              {admin && (
                <td>
                  <button type="button" className="danger" onClick={() => setDeleting(p.name)}>
                    Delete<span className="visually-hidden"> node pool {p.name}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
          {loaded && pools.length === 0 && (
            <tr>
              <td colSpan={admin ? 7 : 6} className="empty">
                No node pool yet: Karpenter adds no node until a pool allows it.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Dialog open={!!deleting} title={`Delete node pool ${deleting ?? ""}?`} onClose={() => setDeleting(undefined)}>
        <p>Karpenter drains and removes the pool's nodes.</p>
        <ProblemAlert error={del.error} />
        <div className="actions">
          <button type="button" onClick={() => setDeleting(undefined)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            disabled={del.isPending}
            onClick={() => deleting && del.mutate({ params: { path: { ...path, name: deleting } } })}
          >
            Delete node pool
          </button>
        </div>
      </Dialog>
    </div>
  );
}

interface PoolForm {
  name: string;
  arch: "" | "amd64" | "arm64";
  flavors: string;
  cpu: string;
  memory: string;
  consolidation: "WhenEmpty" | "WhenEmptyOrUnderutilized";
  consolidateAfter: string;
}

const EMPTY: PoolForm = {
  name: "",
  arch: "",
  flavors: "",
  cpu: "16",
  memory: "",
  consolidation: "WhenEmptyOrUnderutilized",
  consolidateAfter: "5m",
};

function CreateNodePool({ path }: { path: { domain: string; project: string; id: string } }) {
  const [f, setF] = useState<PoolForm>(EMPTY);
  const create = api.useMutation("post", `${base}/node-pools`, { onSuccess: () => refreshAll() });
  const set =
    <K extends keyof PoolForm>(k: K) =>
    (e: { target: { value: string } }) =>
      setF((x) => ({ ...x, [k]: e.target.value as PoolForm[K] }));
  const err = (p: string) => fieldProblem(create.error, p);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const flavors = names(f.flavors);
    create.mutate(
      {
        params: { path },
        body: {
          name: f.name,
          requirements: { ...(f.arch ? { architectures: [f.arch] } : {}), ...(flavors.length ? { flavors } : {}) },
          limits: { cpu: f.cpu, ...(f.memory ? { memory: f.memory } : {}) },
          disruption: { consolidationPolicy: f.consolidation, consolidateAfter: f.consolidateAfter },
        },
      },
      { onSuccess: () => setF(EMPTY) },
    );
  };
  return (
    <form aria-labelledby="create-pool-title" onSubmit={submit} className="pool-form">
      <h3 id="create-pool-title">Create a node pool</h3>
      <Field label="Pool name" hint="a DNS label" error={err("name")}>
        {(p) => <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={f.name} onChange={set("name")} />}
      </Field>
      <Field label="Architecture" error={err("requirements.architectures")}>
        {(p) => (
          <select {...p} value={f.arch} onChange={set("arch")}>
            <option value="">any</option>
            <option value="amd64">amd64</option>
            <option value="arm64">arm64</option>
          </select>
        )}
      </Field>
      <Field label="Flavors (optional)" hint="comma-separated, e.g. m1.large, m1.xlarge; empty: any" error={err("requirements.flavors")}>
        {(p) => <input {...p} value={f.flavors} onChange={set("flavors")} />}
      </Field>
      <Field label="CPU limit" hint="the most CPU the pool's nodes may have together: 16, 8000m" error={err("limits.cpu")}>
        {(p) => <input {...p} required value={f.cpu} onChange={set("cpu")} />}
      </Field>
      <Field label="Memory limit (optional)" hint="e.g. 64Gi" error={err("limits.memory")}>
        {(p) => <input {...p} value={f.memory} onChange={set("memory")} />}
      </Field>
      <Field label="Consolidation" hint="which nodes Karpenter may take away again" error={err("disruption.consolidationPolicy")}>
        {(p) => (
          <select {...p} value={f.consolidation} onChange={set("consolidation")}>
            <option value="WhenEmptyOrUnderutilized">empty or underused nodes</option>
            <option value="WhenEmpty">only empty nodes</option>
          </select>
        )}
      </Field>
      <Field label="Consolidate after" hint="30s, 5m, 1h30m or Never" error={err("disruption.consolidateAfter")}>
        {(p) => <input {...p} required value={f.consolidateAfter} onChange={set("consolidateAfter")} />}
      </Field>
      <ProblemAlert error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create node pool
        </button>
      </div>
    </form>
  );
}
