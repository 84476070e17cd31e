import { existsSync, readFileSync } from "node:fs";
import { inject } from "vitest";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import type { ProviderDoubles } from "../doubles/provider-doubles.js";

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
type Any = any;

const BYOHOSTS = "/apis/infrastructure.cluster.x-k8s.io/v1beta1/byohosts";

/**
 * What real CAPI, BYOH and the doubles hold for one cluster, in a few lines,
 * for a failed wait's message: its Machines, ByoMachines and ByoHosts with
 * the conditions that are not True, the workload cluster's Nodes, the
 * doubles' resets and errors, and the managers' last log lines naming the
 * cluster's namespace. A wait on real controllers that times out on a
 * loaded machine is otherwise a status and nothing to tell why.
 */
export async function capiState(
  kube: Api,
  c: { namespace: string; name: string; clusterId: string },
  doubles?: { providers: ProviderDoubles; errors?: () => string[] },
): Promise<string> {
  const lines: string[] = [];
  const list = async (path: string): Promise<Any[]> => {
    const res = await kubeRequest(kube, "GET", path);
    return res.status === 200 ? (res.body.items ?? []) : [];
  };
  const notTrue = (o: Any) =>
    ((o.status?.conditions ?? []) as Any[])
      .filter((x) => x.status !== "True")
      .map((x) => `${x.type}=${x.status}${x.reason ? `(${x.reason})` : ""}`)
      .join(" ");
  const deleting = (o: Any) => (o.metadata.deletionTimestamp ? ` deleting since ${o.metadata.deletionTimestamp}` : "");
  for (const m of await list(`/apis/cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/machines`))
    lines.push(
      `Machine ${m.metadata.name}: ${m.status?.phase} node=${m.status?.nodeRef?.name ?? "-"} providerID=${m.spec?.providerID ?? "-"}${deleting(m)} ${notTrue(m)}`,
    );
  for (const b of await list(`/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/${c.namespace}/byomachines`))
    lines.push(`ByoMachine ${b.metadata.name}: ready=${b.status?.ready ?? false}${deleting(b)} ${notTrue(b)}`);
  for (const h of (await list(BYOHOSTS)).filter(
    (h) => h.metadata.labels?.["ckp.io/cluster-id"] === c.clusterId || h.status?.machineRef?.namespace === c.namespace,
  )) {
    const l = h.metadata.labels ?? {};
    const a = Object.keys(h.metadata.annotations ?? {}).filter((k) => k.includes("cluster.x-k8s.io"));
    lines.push(
      `ByoHost ${h.metadata.name}: machineRef=${h.status?.machineRef?.name ?? "-"} cluster-name=${l["cluster.x-k8s.io/cluster-name"] ?? "-"} annotations=[${a.join(",")}] ${notTrue(h)}`,
    );
  }
  const workload = await doubles?.providers.workloads.apiserver(c);
  if (workload) {
    const nodes = await kubeRequest(workload, "GET", "/api/v1/nodes");
    for (const n of nodes.body?.items ?? [])
      lines.push(`Node ${n.metadata.name}: created ${n.metadata.creationTimestamp} providerID=${n.spec?.providerID ?? "-"} ${notTrue(n)}`);
  }
  if (doubles) {
    for (const r of doubles.providers.resets.filter((r) => r.namespace === c.namespace))
      lines.push(`reset: ByoHost ${r.byoHost} after ByoMachine ${r.machine}`);
    // a ClusterDoubles' errors() holds the providers' own
    for (const e of [...(doubles.errors?.() ?? doubles.providers.errors), ...doubles.providers.joinFailures]) lines.push(`double: ${e}`);
  }
  for (const [manager, file] of Object.entries(inject("capiLogs") ?? {})) {
    if (!existsSync(file)) continue;
    const mine = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes(c.namespace));
    for (const l of mine.slice(-25)) lines.push(`${manager}: ${l.slice(0, 400)}`);
  }
  return lines.join("\n");
}

/** Runs a wait; if it fails, its error carries `describe()`'s account of why. */
export async function explained<T>(
  wait: () => Promise<T>,
  describe: () => Promise<string>,
  what = "the cluster's CAPI objects",
): Promise<T> {
  try {
    return await wait();
  } catch (e) {
    const why = await describe().catch((d: unknown) => `(could not describe: ${String(d)})`);
    throw new Error(`${(e as Error).message}\n--- state of ${what} ---\n${why}`);
  }
}
