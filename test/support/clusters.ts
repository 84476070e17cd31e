import { createHash } from "node:crypto";
import { expect } from "vitest";
import { register, registration } from "./agent.js";
import { type Api, eventually } from "./api.js";
import type { Tenant } from "./tenants.js";

/** HTTP helpers for cluster scenarios: bundles, hosts, providers, waiting on a cluster. */

export const UBUNTU_2004 = { os: { id: "ubuntu", version: "20.04" }, arch: "amd64", cpus: 4, memoryBytes: 8 * 1024 ** 3 };

export const BMS_TEMPLATE = `#cloud-config
hostname: {{ hostname }}
write_files:
  - path: /etc/ckp/agent.yaml
    permissions: "0600"
    content: {{ agent_config }}
runcmd:
  - [systemctl, enable, --now, ckp-agent]
`;

/** Publishes a BYOH bundle manifest for each version on each OS (platform-admin). */
export async function publishBundles(admin: Api, versions: string[], oses: string[] = ["ubuntu-20.04"]): Promise<void> {
  for (const v of versions) {
    for (const os of oses) {
      const image = `byoh-bundle-${os.replace("-", "_")}_x86-64_k8s`;
      const res = await admin.put(`/v1/byoh-bundles/${v}/${os}`, {
        repository: "docker.io/coredgeio",
        ociReference: `docker.io/coredgeio/${image}:${v}`,
        digest: `sha256:${createHash("sha256").update(`${image}:${v}`).digest("hex")}`,
        packages: { kubeadm: `${v.slice(1)}-ckp`, kubelet: `${v.slice(1)}-ckp`, kubectl: `${v.slice(1)}-ckp`, containerd: "1.7.13" },
      });
      expect(res.status, res.text).toBe(200);
    }
  }
}

/** Publishes one BYOH bundle manifest for `version` and `os`, built for `architectures`. */
export async function publishBundle(admin: Api, version: string, os: string, architectures: string[] = ["amd64"]): Promise<void> {
  const image = `byoh-bundle-${os.replace("-", "_")}_k8s`;
  const res = await admin.put(`/v1/byoh-bundles/${version}/${os}`, {
    repository: "docker.io/coredgeio",
    ociReference: `docker.io/coredgeio/${image}:${version}`,
    digest: `sha256:${createHash("sha256").update(`${image}:${version}:${architectures.join()}`).digest("hex")}`,
    architectures,
    packages: { kubeadm: `${version.slice(1)}-ckp` },
  });
  expect(res.status, res.text).toBe(200);
}

/** Registers `n` machines through the agent endpoint, approves them in bulk and waits until they are create-completed. */
export async function registerHosts(t: Tenant, n: number, facts: Record<string, unknown> = UBUNTU_2004): Promise<string[]> {
  const requestIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await register(t.projectAdmin, registration(t, t.psk, { facts }));
    expect(res.status, res.text).toBe(202);
    requestIds.push(res.body.requestId);
  }
  const approved = await t.projectAdmin.post(`${t.base}/host-requests/bulk-approve`, { ids: requestIds });
  expect(approved.status, approved.text).toBe(200);
  const hostIds: string[] = [];
  for (const id of requestIds) {
    const r = await t.projectAdmin.get(`${t.base}/host-requests/${id}`);
    hostIds.push(r.body.hostId);
  }
  await eventually(
    async () => {
      const all = await Promise.all(hostIds.map((id) => t.projectAdmin.get(`${t.base}/hosts/${id}`)));
      return all.every((h) => h.body.status === "create-completed") ? true : undefined;
    },
    180_000,
    "hosts provisioned",
  );
  return hostIds;
}

export async function groupHosts(t: Tenant, group: string, hostIds: string[]): Promise<void> {
  const g = await t.projectAdmin.post(`${t.base}/host-groups`, { name: group });
  if (g.status !== 409) expect(g.status, g.text).toBe(201);
  if (hostIds.length === 0) return;
  const add = await t.projectAdmin.post(`${t.base}/host-groups/${group}/hosts/bulk-add`, { ids: hostIds });
  expect(add.status, add.text).toBe(200);
  expect(
    add.body.results.every((r: { outcome: string }) => r.outcome === "added"),
    add.text,
  ).toBe(true);
}

/** Polls the cluster's status until `check` accepts it. */
export async function waitForStatus(
  api: Api,
  path: string,
  check: (s: any) => boolean,
  timeoutMs = 600_000,
  what = "cluster status",
): Promise<any> {
  let last: any;
  try {
    return await eventually(
      async () => {
        const res = await api.get(`${path}/status`);
        last = res.body;
        return check(res.body) ? res.body : undefined;
      },
      timeoutMs,
      what,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last status: ${JSON.stringify(last, null, 1)}`);
  }
}

export const isPhase = (phase: string) => (s: { phase: string }) => s.phase === phase;

/** Waits until the cluster is gone (404). */
export async function waitForGone(api: Api, path: string, timeoutMs = 600_000): Promise<void> {
  let last: any;
  try {
    await eventually(
      async () => {
        const res = await api.get(path);
        if (res.status === 404) return true;
        last = (await api.get(`${path}/status`)).body;
        return undefined;
      },
      timeoutMs,
      `${path} deleted`,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last status: ${JSON.stringify(last, null, 1)}`);
  }
}
