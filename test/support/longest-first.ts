import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Seconds each slow test file took in a cold CI run (.ci/run on 2 AMD EPYC
 * cores, 2026-12-07), the files under 5 s left out. A hint for the order only:
 * a file missing here, or taking longer now, changes nothing but how well the
 * two workers of a tier are balanced.
 */
const CI_SECONDS: Readonly<Record<string, number>> = {
  "test/kube/cluster-failures.test.ts": 240,
  "test/kube/addons.test.ts": 250,
  "test/kube/cluster-lifecycle.test.ts": 355,
  "test/kube/soak.test.ts": 234,
  "test/kube/backup-locations.test.ts": 200,
  "test/kube/host-provisioner.test.ts": 199,
  "test/kube/cluster-resume.test.ts": 128,
  "test/kube/etcd-encryption.test.ts": 127,
  "test/kube/autoscaling.test.ts": 116,
  "test/kube/worker-pool-lifecycle.test.ts": 114,
  "test/kube/status-sync.test.ts": 113,
  "test/kube/remote-cluster-lifecycle.test.ts": 113,
  "test/kube/capi-controllers.test.ts": 107,
  "test/kube/saga-management-errors.test.ts": 95,
  "test/kube/imported-clusters.test.ts": 76,
  "test/kube/tunnel.test.ts": 70,
  "test/kube/ckpctl-imported.test.ts": 39,
  "test/kube/provider-clusters.test.ts": 34,
  "test/kube/management-clusters.test.ts": 34,
  "test/kube/assigned-hosts.test.ts": 31,
  "test/kube/render.test.ts": 29,
  "test/kube/worker-pools.test.ts": 26,
  "test/kube/saga-retry-bound.test.ts": 25,
  "test/kube/node-pools.test.ts": 21,
  "test/kube/imported-velero.test.ts": 17,
  "test/kube/secrets.test.ts": 15,
  "test/kube/workload-clusters.test.ts": 10,
  "test/kube/byoh-hosts.test.ts": 10,
  "test/kube/machinehost-provision.test.ts": 8,
  "test/integration/openapi-fuzz.test.ts": 140,
  "test/integration/events.test.ts": 74,
  "test/integration/oidc.test.ts": 43,
  "test/integration/retry-backoff.test.ts": 35,
  "test/integration/dev-sandbox.test.ts": 29,
  "test/integration/dev-command.test.ts": 29,
  "test/integration/machinehost-grpc.test.ts": 26,
  "test/integration/ckpctl-sso.test.ts": 26,
  "test/integration/replay.test.ts": 20,
  "test/integration/package-integrity.test.ts": 17,
  "test/integration/host-requests.test.ts": 16,
  "test/integration/ckpctl-node-pools.test.ts": 15,
  "test/integration/cluster-templates.test.ts": 14,
  "test/integration/backup-locations.test.ts": 10,
  "test/integration/status-sync-watch.test.ts": 9,
  "test/integration/pki.test.ts": 9,
  "test/integration/infrastructure-drivers.test.ts": 9,
  "test/integration/agent-bootstrap.test.ts": 8,
  "test/integration/registration-hardening.test.ts": 7,
  "test/integration/hosts.test.ts": 7,
  "test/integration/host-groups.test.ts": 6,
  "test/e2e/cluster-lifecycle-direct.test.ts": 313,
  "test/e2e/cluster-lifecycle-remote.test.ts": 197,
  "test/e2e/ckpctl.test.ts": 186,
  "test/e2e/agent.test.ts": 79,
};

/**
 * Within a tier, the longest files first, so its two workers end together: a
 * fresh clone has no record of earlier runs, and vitest then starts the
 * largest files first — in the kube tier that left the 4-minute soak for the
 * end, about 2 minutes of one worker alone. A file's time is vitest's own
 * record of its last run where there is one, else CI_SECONDS; the tiers keep
 * vitest's order.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const root = this.ctx.config.root;
    const ms = (f: TestSpecification) => {
      const path = relative(root, f.moduleId);
      return this.ctx.cache.getFileTestResults(`${f.project.name}:${path}`)?.duration ?? (CI_SECONDS[path] ?? 0) * 1000;
    };
    const weighed = ordered.map((f, i) => ({ f, i, ms: ms(f) }));
    return weighed.sort((a, b) => (a.f.project.name === b.f.project.name ? b.ms - a.ms || a.i - b.i : a.i - b.i)).map((x) => x.f);
  }
}
