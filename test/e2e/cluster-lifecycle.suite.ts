import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterNamespace } from "../../core/clusters/spec.js";
import { type ManagementCluster, startManagementCluster } from "../../scripts/capi/run.js";
import { kubeRequest } from "../../scripts/kube/apiserver.js";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";
import { OpenStackSimulator } from "../doubles/openstack-simulator.js";
import { OrbiterBmsSimulator } from "../doubles/orbiter-bms-simulator.js";
import { type ClusterDoubles, clusterDoubles, TEST_CEPH, TEST_CEPH_KEY } from "../support/addons.js";
import { register, registration } from "../support/agent.js";
import { publishTestAgentRelease } from "../support/agent-release.js";
import { Api, type ApiResponse, eventually } from "../support/api.js";
import { explained } from "../support/capi-state.js";
import { type InstalledAgent, installClusterAgent } from "../support/cluster-agent.js";
import { BMS_TEMPLATE, isPhase, UBUNTU_2004, waitForGone, waitForStatus } from "../support/clusters.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { veleroState } from "../support/velero-state.js";

/**
 * Item 8 of the cluster lifecycle issue, through the HTTP API only: from an
 * empty project to a Ready cluster, scaled, upgraded one minor, deleted —
 * once on a direct management cluster (a kubeconfig) and once on a remote
 * one, whose apiserver the control plane reaches only through a real
 * ckp-cluster-agent process (issue 16).
 * Around the control plane: a management cluster of its own (kube-apiserver
 * with the CAPI CRDs, and Cluster API's own core, kubeadm bootstrap and BYOH
 * managers, with its MachineHealthCheck controller, all real), the doubles of
 * what cannot run here (Kamaji's tenant control planes, BYOH's host agents),
 * and the Orbiter BMS API (simulator) the credential points at; and since a
 * cluster is Ready only once its addons are healthy, a real apiserver for its
 * workload cluster with the Helm add-on provider and the kubelets (test
 * doubles).
 */
const crdDir = process.env.CKP_CRD_DIR ?? resolve(import.meta.dirname, "../../../shared/crds");

/** The suite, once per kind of management cluster: each in a test file of its own, so the two run side by side. */
export function clusterLifecycle(connectivity: "direct" | "remote"): void {
  describe(`cluster lifecycle, end to end over HTTP (${connectivity} management cluster)`, () => {
    let stack: Awaited<ReturnType<typeof ensureLocalStack>>;
    let agent: InstalledAgent | undefined;
    let mgmt: ManagementCluster;
    let server: DevServer;
    let doubles: ClusterDoubles;
    const bms = new OrbiterBmsSimulator({ secret: "hw-secret", pools: { rack1: { servers: 2 } } });
    const os = new OpenStackSimulator({
      applicationCredential: { id: "ac", secret: "ac-secret" },
      region: "RegionOne",
      networks: [{ name: "nodes-net", subnets: [{ cidr: "192.168.70.0/24" }] }],
      images: [{ name: "ckp-ubuntu-2004", architecture: "x86_64", osDistro: "ubuntu", osVersion: "20.04" }],
      flavors: [{ name: "m1.large", vcpus: 4, ramMb: 8192 }],
    });

    beforeAll(async () => {
      stack = await ensureLocalStack();
      process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
      process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
      mgmt = await startManagementCluster({ crdDir });
      // the machine reconciler also follows Karpenter's worker count: every 5 s rather than every minute
      server = await startDevServer({ env: { CKP_SAGA_MAX_POLL_SECONDS: "2", CKP_MACHINE_RECONCILE_INTERVAL_MS: "5000" } });
      await bms.start();
      await os.start();
      // the tenant control planes and hosts take a moment per change, so progress is visible in the status
      doubles = clusterDoubles(mgmt.api, { delayMs: 1500 });
      doubles.start();
    }, 240_000);

    afterAll(async () => {
      await agent?.stopAll();
      await doubles?.stop();
      await bms.stop();
      await os.stop();
      await server?.stop();
      await mgmt?.stop();
      await stack?.stop();
    });

    it("creates, watches, scales, upgrades and deletes a cluster", async () => {
      const admin = new Api(server.url, server.adminToken);
      const domain = "acme";
      const project = "edge";
      const base = `/v1/domains/${domain}/projects/${project}`;

      // an empty project, and a project-admin
      expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
      expect((await admin.post(`/v1/domains/${domain}/projects`, { name: project })).status).toBe(201);
      const token = await admin.post("/v1/tokens", { name: "edge admin", role: "project-admin", domain, project });
      const pa = admin.as(token.body.token);
      expect((await pa.get(`${base}/clusters`)).body.items).toEqual([]);

      // a credential, a management cluster and a provider cluster
      const cred = await admin.post(`/v1/domains/${domain}/credentials`, {
        type: "orbiter-bms",
        name: "orbiter",
        endpoint: bms.http.url,
        hardwareAccessSecret: "hw-secret",
      });
      expect(cred.status, cred.text).toBe(201);
      const mc = await admin.post("/v1/management-clusters", {
        name: "mc-1",
        labels: { region: "local" },
        ...(connectivity === "direct" ? { kubeconfig: readFileSync(mgmt.api.kubeconfigPath, "utf8") } : { connectivity }),
      });
      expect(mc.status, mc.text).toBe(201);
      if (connectivity === "remote") {
        // what a platform admin does with the answer: kubectl apply -f the manifest in the cluster
        agent = await installClusterAgent(mgmt.api, mc.body.agent.manifest, { name: "e2e" });
        await agent.process.waitForLine(/tunnel connected/, 120_000);
      }
      const pc = await admin.post(`${base}/provider-clusters`, {
        type: "orbiter-bms",
        name: "bms",
        credential: "orbiter",
        placement: { matchLabels: { region: "local" } },
        defaults: { serverPool: "rack1", cloudInitTemplate: BMS_TEMPLATE },
      });
      expect(pc.status, pc.text).toBe(201);
      // the Ceph cluster the domain's clusters keep their volumes on (the CKP storage plugin's storage profile)
      const profile = await admin.put(`/v1/domains/${domain}/storage-profiles/ceph`, {
        ...TEST_CEPH,
        userKey: TEST_CEPH_KEY,
        default: true,
      });
      expect(profile.status, profile.text).toBe(201);
      // where the project's clusters back up (LocalStack's S3): the project's default backup location
      const s3 = new S3Client({
        endpoint: stack.endpoints.aws,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      const bucket = `e2e-${connectivity}-${Date.now()}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const bsl = await pa.post(`${base}/backup-locations`, {
        name: "main",
        bucket,
        prefix: "edge",
        endpoint: stack.endpoints.aws,
        s3ForcePathStyle: true,
        credentials: { accessKeyId: "AKIAE2EBACKUP", secretAccessKey: "e2e-backup-secret" },
        default: true,
      });
      expect(bsl.status, bsl.text).toBe(201);

      // the compatibility matrix, and the bundles for the versions used
      const versions = (await pa.get("/v1/kubernetes-versions")).body.items;
      expect(versions.map((v: { version: string }) => v.version)).toContain("v1.31.2");
      expect(versions.find((v: { version: string }) => v.version === "v1.31.2").upgradeTargets).toEqual(["v1.32.11"]);
      for (const v of ["v1.31.2", "v1.32.11"]) {
        const b = await admin.put(`/v1/byoh-bundles/${v}/ubuntu-20.04`, {
          repository: "docker.io/coredgeio",
          ociReference: `docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:${v}`,
          digest: `sha256:${(v === "v1.31.2" ? "a" : "b").repeat(64)}`,
          packages: { kubeadm: `${v.slice(1)}-ckp`, kubelet: `${v.slice(1)}-ckp`, kubectl: `${v.slice(1)}-ckp` },
        });
        expect(b.status, b.text).toBe(200);
      }

      // four hosts register through the agent endpoint, are approved in bulk and grouped
      const psk = (await pa.get(`${base}/host-psk`)).body.psk;
      const requestIds: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await register(pa, registration({ domain, project }, psk, { hostname: `node-${i}`, facts: UBUNTU_2004 }));
        expect(r.status, r.text).toBe(202);
        requestIds.push(r.body.requestId);
      }
      const approved = await pa.post(`${base}/host-requests/bulk-approve`, { ids: requestIds });
      expect(approved.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(["approved", "approved", "approved", "approved"]);
      const hostIds = await eventually(
        async () => {
          const hosts = (await pa.get(`${base}/hosts?status=create-completed`)).body.items;
          return hosts.length === 4 ? hosts.map((h: { id: string }) => h.id) : undefined;
        },
        180_000,
        "hosts provisioned",
      );
      expect((await pa.post(`${base}/host-groups`, { name: "workers" })).status).toBe(201);
      expect((await pa.post(`${base}/host-groups/workers/hosts/bulk-add`, { ids: hostIds })).status).toBe(200);

      // requests the control plane refuses, with the reason
      const cluster = {
        name: "edge-1",
        kubernetesVersion: "v1.31.2",
        providerCluster: "bms",
        hostGroup: "workers",
        workers: 2,
        controlPlaneEndpoint: { host: "192.168.10.100", port: 6443 },
        network: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12", nodeCidr: "192.168.10.0/24" },
        extraArgs: { kubelet: { "max-pods": "150" }, apiServer: { "audit-log-maxage": "30" } },
        labels: { env: "test" },
        annotations: { "example.com/owner": "platform team" },
        addons: { velero: { enabled: true } },
      };
      const badVersion = await pa.post(`${base}/clusters`, { ...cluster, kubernetesVersion: "v1.28.0" });
      expect(badVersion.status).toBe(422);
      expect(badVersion.body.supportedVersions).toContain("v1.35.1");
      const overlap = await pa.post(`${base}/clusters`, { ...cluster, network: { ...cluster.network, serviceCidr: "10.244.0.0/20" } });
      expect(overlap.status).toBe(422);
      expect(overlap.body.detail).toContain("overlaps the pod network 10.244.0.0/16");

      // create, and watch every step go by until Ready. On the direct management cluster the cluster comes from a
      // cluster template (docs/templates.md) that encodes the same spec, and later moves to a newer version of it
      let created: ApiResponse;
      if (connectivity === "direct") {
        const { name: _name, kubernetesVersion: _kv, ...rest } = cluster;
        const published = await admin.post(`/v1/domains/${domain}/cluster-templates`, {
          name: "edge",
          version: "1.0.0",
          parameters: [
            { name: "kubernetesVersion", type: "string", allowed: ["v1.31.2", "v1.32.11"], default: "v1.31.2" },
            { name: "workers", type: "integer", minimum: 1, maximum: 4, default: 2 },
          ],
          spec: { ...rest, kubernetesVersion: "{{ kubernetesVersion }}", workers: "{{ workers }}" },
          offeredTo: { projects: [project] },
        });
        expect(published.status, published.text).toBe(201);
        created = await pa.post(`${base}/clusters`, { name: "edge-1", template: "edge", parameters: {} });
        expect(created.body.template).toEqual({ name: "edge", version: "1.0.0", parameters: { kubernetesVersion: "v1.31.2", workers: 2 } });
      } else {
        created = await pa.post(`${base}/clusters`, cluster);
      }
      expect(created.status, created.text).toBe(201);
      expect(created.body.cni).toEqual({
        name: "cilium",
        version: versions.find((v: { version: string }) => v.version === "v1.31.2").cni.cilium,
        values: { hubble: { enabled: false }, operator: { replicas: 1 } },
      });
      expect(created.body.addons).toMatchObject({ storage: { enabled: true, profile: "ceph" }, velero: { enabled: true } });
      const path = `${base}/clusters/${created.body.id}`;
      const seen = new Set<string>();
      const ready = await waitForStatus(pa, path, (s) => {
        if (s.currentStep) seen.add(s.currentStep);
        return s.phase === "Ready";
      });
      expect(seen.has("wait-control-plane") || seen.has("wait-workers")).toBe(true);
      expect(ready.steps.map((s: { name: string; state: string }) => `${s.name}:${s.state}`)).toEqual([
        "resolve-provider:succeeded",
        "provision-machines:skipped",
        "wait-registration:skipped",
        "wait-approval:skipped",
        "assign-hosts:succeeded",
        "issue-certificates:succeeded",
        "apply-objects:succeeded",
        "wait-control-plane:succeeded",
        "install-cni:succeeded",
        "wait-workers:succeeded",
        "install-addons:succeeded",
        "wait-addons:succeeded",
      ]);
      for (const s of ready.steps) expect(Date.parse(s.endedAt)).toBeGreaterThanOrEqual(Date.parse(s.startedAt));
      expect(ready).toMatchObject({ workers: { desired: 2, assigned: 2, ready: 2 }, controlPlane: { ready: true, version: "v1.31.2" } });
      // Ready only once the addons are healthy in the workload cluster
      expect(ready.conditions.find((c: { type: string }) => c.type === "AddonsHealthy")).toMatchObject({ status: "True" });
      expect(ready.addons).toMatchObject({ healthy: true });
      const addons = (await pa.get(`${base}/clusters/${created.body.id}/addons`)).body.items;
      expect(addons.map((a: { name: string; state: string }) => `${a.name}:${a.state}`)).toEqual([
        "cilium:Healthy",
        "ceph-rbd-csi:Healthy",
        "velero:Healthy",
        "karpenter:Disabled",
      ]);
      // a backup, taken by the cluster's Velero into the project's location, and there in the bucket
      const backup = await pa.post(`${path}/backups`, { name: "first", ttl: "24h" });
      expect(backup.status, backup.text).toBe(202);
      let last: unknown;
      const taken = await explained(
        () =>
          eventually(
            async () => {
              const b = (await pa.get(`${path}/backups/first`)).body;
              last = b.status;
              return b.status?.phase === "Completed" ? b : undefined;
            },
            120_000,
            "backup first Completed",
          ),
        async () =>
          `the API's status: ${JSON.stringify(last)}\n${await veleroState(
            await doubles.workloads.apiserver({ namespace: clusterNamespace(created.body.id), name: "edge-1" }),
            doubles.addons.velero,
            doubles.errors(),
          )}`,
        "Velero's objects",
      );
      expect(taken).toMatchObject({ location: "main", status: { errors: 0 } });
      const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "edge/backups/first/" }))).Contents ?? []).map(
        (o) => o.Key,
      );
      expect(keys).toContain("edge/backups/first/velero-backup.json");
      await waitForStatus(pa, path, (s) => s.machineHealth?.expectedMachines === 2 && s.machineHealth.currentHealthy === 2);
      expect((await admin.get(`/v1/management-clusters/${mc.body.id}`)).body.clusterCount).toBe(1);

      // scale: more than the group has free is refused with the count; one more is done
      const tooMany = await pa.post(`${path}/scale`, { workers: 10 });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body).toMatchObject({ freeHosts: 2, neededHosts: 8 });
      expect(tooMany.body.detail).toContain("has 2 free host(s)");
      // upgrade: one minor at a time (refused otherwise)
      const skip = await pa.post(`${path}/upgrade`, { kubernetesVersion: "v1.33.7" });
      expect(skip.status).toBe(422);
      expect(skip.body.allowedTargets).toEqual(["v1.32.11"]);
      const down = await pa.post(`${path}/upgrade`, { kubernetesVersion: "v1.30.6" });
      expect(down.status).toBe(422);
      if (connectivity === "direct") {
        // a newer template version, and the move to it: the difference first, then the upgrade and the scale it
        // needs, one after the other
        const v2 = await admin.post(`/v1/domains/${domain}/cluster-templates`, {
          name: "edge",
          version: "1.1.0",
          parameters: [
            { name: "kubernetesVersion", type: "string", allowed: ["v1.31.2", "v1.32.11"], default: "v1.32.11" },
            { name: "workers", type: "integer", minimum: 1, maximum: 4, default: 3 },
          ],
          spec: {
            ...(await admin.get(`/v1/domains/${domain}/cluster-templates/edge/versions/1.0.0`)).body.spec,
            labels: { env: "test", release: "1.1" },
          },
        });
        expect(v2.status, v2.text).toBe(201);
        expect((await pa.get(`${base}/clusters?template=edge&templateVersion=1.0.0`)).body.items.map((c: { id: string }) => c.id)).toEqual([
          created.body.id,
        ]);
        const move = { version: "1.1.0", parameters: { kubernetesVersion: "v1.32.11", workers: 3 } };
        const plan = await pa.post(`${path}/template-move?dryRun=true`, move);
        expect(plan.status, plan.text).toBe(200);
        expect(plan.body.changes.map((c: { field: string; by: string }) => `${c.field}:${c.by}`)).toEqual([
          "kubernetesVersion:upgrade",
          "workers:scale",
          "labels:update",
        ]);
        expect(plan.body.operations).toEqual([
          { op: "upgrade", kubernetesVersion: "v1.32.11" },
          { op: "scale", workers: 3 },
        ]);
        const moving = await pa.post(`${path}/template-move`, move);
        expect(moving.status, moving.text).toBe(202);
        const operations: string[] = [];
        const moved = await waitForStatus(pa, path, (s) => {
          if (operations.at(-1) !== s.operation) operations.push(s.operation);
          return s.phase === "Ready" && s.templateMove?.state === "Succeeded";
        });
        expect(operations.slice(-2)).toEqual(["upgrade", "scale"]);
        expect(moved).toMatchObject({
          kubernetesVersion: "v1.32.11",
          template: { name: "edge", version: "1.1.0" },
          templateMove: { from: "1.0.0", to: "1.1.0", pending: [] },
          controlPlane: { version: "v1.32.11" },
          workers: { desired: 3, assigned: 3, ready: 3, updated: 3 },
        });
        // the new node runs the CNI and the storage node plugin before the cluster is Ready again
        expect(moved.steps.at(-1)).toMatchObject({ name: "wait-addons", state: "succeeded" });
        expect((await pa.get(path)).body.labels).toEqual({ env: "test", release: "1.1" });
      } else {
        expect((await pa.post(`${path}/scale`, { workers: 3 })).status).toBe(202);
        const scaled = await waitForStatus(pa, path, isPhase("Ready"));
        expect(scaled).toMatchObject({ operation: "scale", workers: { desired: 3, assigned: 3, ready: 3 } });
        // the new node runs the CNI and the storage node plugin before the cluster is Ready again
        expect(scaled.steps.at(-1)).toMatchObject({ name: "wait-addons", state: "succeeded" });

        expect((await pa.post(`${path}/upgrade`, { kubernetesVersion: "v1.32.11" })).status).toBe(202);
        const phases = new Set<string>();
        const upgraded = await waitForStatus(pa, path, (s) => {
          if (s.phase === "Upgrading" && s.currentStep) phases.add(`${s.currentStep}@${s.controlPlane.version}`);
          return s.phase === "Ready";
        });
        expect([...phases].some((p) => p.startsWith("wait-control-plane@v1.31.2") || p.startsWith("upgrade-control-plane"))).toBe(true);
        expect(upgraded).toMatchObject({
          operation: "upgrade",
          kubernetesVersion: "v1.32.11",
          controlPlane: { version: "v1.32.11" },
          workers: { ready: 3, updated: 3 },
        });
        // the storage plugin follows the new minor; Cilium stays at its version
        expect(upgraded.steps.find((s: { name: string }) => s.name === "upgrade-addons").message).toBe("ceph-rbd-csi v3.12.3 → v3.14.1");
      }
      const after = (await pa.get(path)).body;
      expect(after.cni.version).toBe(versions.find((v: { version: string }) => v.version === "v1.32.11").cni.cilium);

      // delete: hosts back to the group, placement released, nothing left
      expect((await pa.delete(path)).status).toBe(202);
      await waitForGone(pa, path);
      expect((await pa.get(`${base}/clusters`)).body.items).toEqual([]);
      const hosts = (await pa.get(`${base}/hosts?group=workers`)).body.items;
      expect(hosts).toHaveLength(4);
      expect(hosts.every((h: { clusterId?: string }) => h.clusterId === undefined)).toBe(true);
      expect((await admin.get(`/v1/management-clusters/${mc.body.id}`)).body.clusterCount).toBe(0);
      expect((await admin.get(`${base}/provider-clusters/bms`)).body.clusterCount).toBe(0);
      expect(bms.allocations.size).toBe(0);
      expect(doubles.errors()).toEqual([]);
      // no host was asked to join with a kubelet newer than its control plane
      expect(doubles.providers.joinFailures).toEqual([]);
    }, 2_400_000);

    // issue 17: Karpenter on a CCS VM cluster adds a machine for a pod no node takes, through the real agent
    it.runIf(connectivity === "direct")(
      "autoscales a CCS VM cluster: a node pool, a pending pod, one more VM whose real agent joins, and back",
      async () => {
        const admin = new Api(server.url, server.adminToken);
        const domain = "auto";
        const base = `/v1/domains/${domain}/projects/web`;
        expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
        expect((await admin.post(`/v1/domains/${domain}/projects`, { name: "web", autoApproveHosts: true })).status).toBe(201);
        const pa = admin.as(
          (await admin.post("/v1/tokens", { name: "web admin", role: "project-admin", domain, project: "web" })).body.token,
        );
        await publishTestAgentRelease(admin, server.env);
        const b = await admin.put("/v1/byoh-bundles/v1.31.2/ubuntu-20.04", {
          repository: "docker.io/coredgeio",
          ociReference: "docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:v1.31.2",
          digest: `sha256:${"a".repeat(64)}`,
          packages: { kubeadm: "1.31.2-ckp", kubelet: "1.31.2-ckp", kubectl: "1.31.2-ckp" },
        });
        expect(b.status, b.text).toBe(200);
        expect(
          (
            await admin.post(`/v1/domains/${domain}/credentials`, {
              type: "ccs-openstack",
              name: "ccs",
              authUrl: os.authUrl,
              applicationCredentialId: "ac",
              applicationCredentialSecret: "ac-secret",
              region: "RegionOne",
            })
          ).status,
        ).toBe(201);
        const mc = await admin.post("/v1/management-clusters", {
          name: "mc-auto",
          kubeconfig: readFileSync(mgmt.api.kubeconfigPath, "utf8"),
        });
        expect(mc.status, mc.text).toBe(201);
        const pc = await admin.post(`/v1/domains/${domain}/provider-clusters`, {
          type: "ccs-vm",
          name: "ccs",
          credential: "ccs",
          managementCluster: "mc-auto",
          defaults: { images: [{ os: "ubuntu-20.04", arch: "amd64", image: "ckp-ubuntu-2004" }], flavor: "m1.large", network: "nodes-net" },
        });
        expect(pc.status, pc.text).toBe(201);
        expect((await pa.post(`${base}/host-groups`, { name: "vms" })).status).toBe(201);

        const created = await pa.post(`${base}/clusters`, {
          name: "web-1",
          kubernetesVersion: "v1.31.2",
          providerCluster: "ccs",
          hostGroup: "vms",
          workers: 1,
          addons: { storage: { enabled: false }, karpenter: { enabled: true, values: { minWorkers: 1, maxWorkers: 2 } } },
        });
        expect(created.status, created.text).toBe(201);
        const path = `${base}/clusters/${created.body.id}`;
        await waitForStatus(pa, path, isPhase("Ready"));
        const pool = await pa.post(`${path}/node-pools`, {
          name: "general",
          limits: { cpu: "8" },
          disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "10s" },
        });
        expect(pool.status, pool.text).toBe(201);

        // a pod no node takes: Karpenter asks for one more worker, the control plane makes the VM
        const workload = await doubles.workloads.waitFor({ namespace: clusterNamespace(created.body.id), name: "web-1" });
        await eventually(
          async () => ((await kubeRequest(workload, "GET", "/apis/karpenter.sh/v1/nodepools/general")).status === 200 ? true : undefined),
          120_000,
          "the node pool in the workload cluster",
        );
        const pod = await kubeRequest(workload, "POST", "/api/v1/namespaces/default/pods", {
          body: {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "web" },
            spec: { containers: [{ name: "web", image: "registry.invalid/web:1" }] },
          },
        });
        expect(pod.status).toBe(201);
        const grown = await eventually(
          async () => {
            await new Promise((r) => setTimeout(r, 2_000));
            const s = (await pa.get(`${path}/status`)).body;
            return s.phase === "Ready" && s.workers.autoscaled === 1 && s.workers.ready === 2 ? s : undefined;
          },
          900_000,
          "Karpenter's worker to join",
        );
        expect(grown.operation).toBe("autoscale");
        expect(os.servers.size).toBe(2);
        const np = (await pa.get(`${path}/node-pools/general`)).body;
        expect(np.status.nodeClaims).toHaveLength(1);
        expect(np.status.nodeClaims[0].nodeName).toBe(
          (await kubeRequest(workload, "GET", "/api/v1/namespaces/default/pods/web")).body.spec.nodeName,
        );

        // the pod goes: the empty node is consolidated and its VM released
        await kubeRequest(workload, "DELETE", "/api/v1/namespaces/default/pods/web?gracePeriodSeconds=0");
        await eventually(
          async () => {
            await new Promise((r) => setTimeout(r, 2_000));
            const s = (await pa.get(`${path}/status`)).body;
            return s.phase === "Ready" && s.workers.desired === 1 && s.workers.autoscaled === 0 ? s : undefined;
          },
          600_000,
          "the autoscaled worker to be released",
        );
        expect(os.servers.size).toBe(1);
        expect((await pa.delete(path)).status).toBe(202);
        await waitForGone(pa, path);
        expect(os.servers.size).toBe(0);
        expect(doubles.errors()).toEqual([]);
      },
      1_800_000,
    );
  });
}
