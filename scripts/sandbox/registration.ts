import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { s3Client } from "../../core/aws/s3.js";
import { buildAgent } from "../build-agent.js";
import type { KubeApiserver } from "../kube/apiserver.js";
import type { AdminApi } from "./admin-api.js";
import { SIMULATION_LABEL, simulationDescription } from "./markers.js";

/** The agent build the sandbox publishes; every simulated machine installs it with the real install script. */
export const SANDBOX_AGENT_VERSION = "0.0.0-sandbox";

export interface PublishedAgent {
  version: string;
  sha256: string;
}

/**
 * Builds the single-file agent (npm run build:agent) and names it the
 * release, as a platform admin would: the file into the artifacts bucket,
 * then PUT /v1/agent/release. A release with the same digest is left alone.
 */
export async function publishAgentRelease(api: AdminApi, o: { artifactsBucket: string; workDir: string }): Promise<PublishedAgent> {
  const built = await buildAgent({ version: SANDBOX_AGENT_VERSION, outfile: join(o.workDir, "agent", "ckp-agent") });
  const body = readFileSync(built.outfile);
  const sha256 = createHash("sha256").update(body).digest("hex");
  const current = await api.call<{ sha256?: string }>("GET", "/v1/agent/release");
  if (current.status === 200 && current.body.sha256 === sha256) return { version: built.version, sha256 };
  const key = `agent/ckp-agent-${built.version}-${sha256.slice(0, 12)}`;
  await s3Client().send(new PutObjectCommand({ Bucket: o.artifactsBucket, Key: key, Body: body }));
  await api.must("PUT", "/v1/agent/release", {
    version: built.version,
    sha256,
    artifactKey: key,
    notes: "the sandbox's build of this checkout's agent",
  });
  return { version: built.version, sha256 };
}

/**
 * A BYOH bundle manifest per Kubernetes version of the matrix for the OS
 * the simulated machines run (Ubuntu 20.04, amd64), unless one is published
 * already. Their registry says they are simulated: nothing pulls them.
 */
export async function publishBundles(api: AdminApi): Promise<number> {
  const versions = (await api.must<{ items: Array<{ version: string }> }>("GET", "/v1/kubernetes-versions")).items.map((v) => v.version);
  const have = new Set(
    (await api.must<{ items: Array<{ kubernetesVersion: string; os: string }> }>("GET", "/v1/byoh-bundles")).items.map(
      (b) => `${b.kubernetesVersion}/${b.os}`,
    ),
  );
  const missing = versions.filter((v) => !have.has(`${v}/ubuntu-20.04`));
  await Promise.all(
    missing.map((v) => {
      const ref = `simulated.invalid/byoh-bundles/byoh-bundle-ubuntu_20.04_x86-64_k8s:${v}`;
      return api.must("PUT", `/v1/byoh-bundles/${v}/ubuntu-20.04`, {
        repository: "simulated.invalid/byoh-bundles",
        ociReference: ref,
        digest: `sha256:${createHash("sha256").update(ref).digest("hex")}`,
        architectures: ["amd64"],
        packages: { kubeadm: `${v.slice(1)}-sandbox`, kubelet: `${v.slice(1)}-sandbox`, kubectl: `${v.slice(1)}-sandbox` },
      });
    }),
  );
  return missing.length;
}

export const SANDBOX_MANAGEMENT_CLUSTER = "sandbox";

/**
 * Registers the sandbox's kube-apiserver as the management cluster
 * `sandbox`, labelled a simulation; a registration left by an earlier run
 * (the stack kept its tables) gets the new apiserver's credentials.
 */
export async function registerManagementCluster(api: AdminApi, kube: KubeApiserver, controllers: string): Promise<{ id: string }> {
  const kubeconfig = readFileSync(kube.kubeconfigPath, "utf8");
  const labels = { [SIMULATION_LABEL]: "true", region: "sandbox" };
  const description = simulationDescription(`a local kube-apiserver with the CAPI CRDs; ${controllers}`);
  const existing = (await api.all<{ id: string; name: string }>("/v1/management-clusters")).find(
    (m) => m.name === SANDBOX_MANAGEMENT_CLUSTER,
  );
  if (existing) {
    await api.must("PATCH", `/v1/management-clusters/${existing.id}`, { kubeconfig, labels, description, schedulable: true });
    return { id: existing.id };
  }
  return api.must<{ id: string }>("POST", "/v1/management-clusters", { name: SANDBOX_MANAGEMENT_CLUSTER, kubeconfig, labels, description });
}
