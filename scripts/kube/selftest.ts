// Sanity check of the test kube-apiserver: npx tsx scripts/kube/selftest.ts
// Starts it with all shared CRDs, checks the groups we rely on, applies a
// Cluster and shows how unknown fields and schema violations are rejected.
import assert from "node:assert/strict";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { installCrds, kubeRequest, startKubeApiserver } from "./apiserver.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const crdDir = process.env.CKP_CRD_DIR ?? path.resolve(repoRoot, "../shared/crds");

const expected: Array<[group: string, kind: string]> = [
  ["cluster.x-k8s.io", "Cluster"],
  ["cluster.x-k8s.io", "Machine"],
  ["infrastructure.cluster.x-k8s.io", "ByoHost"],
  ["infrastructure.cluster.x-k8s.io", "ByoCluster"],
  ["infrastructure.cluster.x-k8s.io", "ByoMachineTemplate"],
  ["controlplane.cluster.x-k8s.io", "KamajiControlPlane"],
  ["karpenter.sh", "NodePool"],
  ["karpenter.sh", "NodeClaim"],
  ["velero.io", "Backup"],
  ["velero.io", "Schedule"],
];

let t = Date.now();
const api = await startKubeApiserver();
console.log(`apiserver ready in ${Date.now() - t} ms: ${api.server}`);
try {
  t = Date.now();
  const installed = await installCrds(api, crdDir);
  console.log(`${installed.length} CRDs applied and Established in ${Date.now() - t} ms`);

  const version = await kubeRequest(api, "GET", "/version");
  console.log(`server version ${version.body.gitVersion}`);

  const list = await kubeRequest(api, "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
  assert.equal(list.status, 200);
  for (const [group, kind] of expected) {
    const crd = list.body.items.find((c: any) => c.spec.group === group && c.spec.names.kind === kind);
    assert.ok(crd, `missing CRD ${kind}.${group}`);
    const established = crd.status.conditions.some((c: any) => c.type === "Established" && c.status === "True");
    assert.ok(established, `${crd.metadata.name} not Established`);
  }
  console.log(`checked ${expected.length} CRDs across ${new Set(expected.map((e) => e[0])).size} groups`);

  // No controller-manager: namespaces have to be created explicitly.
  const ns = "ckp-selftest";
  const nsRes = await kubeRequest(api, "POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
  });
  assert.equal(nsRes.status, 201, JSON.stringify(nsRes.body));

  const cluster = {
    apiVersion: "cluster.x-k8s.io/v1beta1",
    kind: "Cluster",
    metadata: { name: "demo", namespace: ns },
    spec: {
      clusterNetwork: { pods: { cidrBlocks: ["10.244.0.0/16"] } },
      controlPlaneRef: { apiVersion: "controlplane.cluster.x-k8s.io/v1alpha1", kind: "KamajiControlPlane", name: "demo" },
      infrastructureRef: { apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1", kind: "ByoCluster", name: "demo" },
    },
  };
  const apply = (obj: object) =>
    kubeRequest(
      api,
      "PATCH",
      `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/clusters/demo?fieldManager=ckp-test&fieldValidation=Strict`,
      {
        body: obj,
        contentType: "application/apply-patch+yaml",
      },
    );

  const ok = await apply(cluster);
  assert.ok(ok.status === 200 || ok.status === 201, `apply Cluster: ${ok.status} ${JSON.stringify(ok.body)}`);
  assert.deepEqual(ok.body.spec.clusterNetwork.pods.cidrBlocks, ["10.244.0.0/16"]);
  console.log(`applied Cluster ${ns}/demo: ${ok.status}, managedFields manager=${ok.body.metadata.managedFields[0].manager}`);

  // An unknown field is rejected, never silently pruned, and the message names it.
  // The status code depends on the verb in v1.30: server-side apply fails while
  // building the typed patch and surfaces as a plain 500 (kubernetes/kubernetes
  // #122480, #139253), create/update with fieldValidation=Strict give 400.
  const bogus = { ...cluster, spec: { ...cluster.spec, bogusField: "x" } };
  const bad = await apply(bogus);
  console.log(`apply with unknown field: ${bad.status} ${bad.body.message}`);
  assert.equal(bad.status, 500);
  assert.match(bad.body.message, /\.spec\.bogusField: field not declared in schema/);

  const collection = `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/clusters?fieldValidation=Strict`;
  const meta = { name: "demo2", namespace: ns };
  const strict = await kubeRequest(api, "POST", collection, { body: { ...bogus, metadata: meta } });
  console.log(`create with unknown field: ${strict.status} ${strict.body.reason}: ${strict.body.message}`);
  assert.equal(strict.status, 400);
  assert.match(strict.body.message, /unknown field "spec\.bogusField"/);

  // Schema violations (wrong type, bounds, ...) are 422 Invalid.
  const wrongType = { ...cluster, metadata: meta, spec: { ...cluster.spec, paused: "yes" } };
  const invalid = await kubeRequest(api, "POST", collection, { body: wrongType });
  console.log(`create with wrong type: ${invalid.status} ${invalid.body.reason}: ${invalid.body.message}`);
  assert.equal(invalid.status, 422);
  assert.match(invalid.body.message, /spec\.paused/);

  console.log("selftest passed");
} finally {
  t = Date.now();
  await api.stop();
  console.log(`stopped in ${Date.now() - t} ms`);
}
