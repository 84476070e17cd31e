import { startKubeApiserver } from "../scripts/kube/apiserver.js";
import { KubeClient } from "../core/kube/client.js";
import { CapiControllers } from "../test/doubles/capi-controllers.js";
import { renderFor } from "../core/clusters/runtime.js";
const k = await startKubeApiserver({ crdDir: "/work/shared/crds" });
try {
  const c = new KubeClient({ server: k.server, caData: k.caData, token: k.token });
  const cl: any = { id: "cl_01m7z1ns7xpk9gyhvzbt8dtwqn", name: "a", domain: "d", project: "p", cni: { name: "cilium" }, network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" }, hostGroup: "g", extraArgs: {}, labels: {}, annotations: {} };
  const objs = renderFor(cl, { kubernetesVersion: "v1.31.2", workers: 2, bundle: { repository: "docker.io/x", ociReference: "docker.io/x/y:v1", digest: "sha256:" + "0".repeat(64) } as any });
  let t = Date.now();
  await c.applyAll(objs as any);
  console.log("apply", Date.now() - t);
  const d = new CapiControllers(k); d.start();
  t = Date.now();
  for (const o of [...objs].reverse()) { const t1 = Date.now(); await c.delete({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }); console.log("del", o.kind, Date.now() - t1); }
  t = Date.now();
  for (const o of objs) { const t1 = Date.now(); const g = await c.get({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }); console.log("get", o.kind, !!g, Date.now() - t1); }
  await d.stop();
} finally { await k.stop(); }
