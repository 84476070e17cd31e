import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Seconds each slow test file took in a cold CI run (.ci/run on 2 AMD EPYC
 * cores, 2026-12-07), the files under 5 s left out. A hint for the order only:
 * a file missing here, or taking longer now, changes nothing but how well the
 * two workers of a tier are balanced.
 */
const CI_SECONDS: Readonly<Record<string, number>> = {
  "test/kube/cluster-lifecycle.test.ts": 305,
  "test/kube/soak.test.ts": 246,
  "test/kube/addons.test.ts": 233,
  "test/kube/cluster-failures.test.ts": 209,
  "test/kube/host-provisioner.test.ts": 190,
  "test/kube/backup-locations.test.ts": 182,
  "test/kube/worker-pool-lifecycle.test.ts": 158,
  "test/kube/status-sync.test.ts": 141,
  "test/kube/cluster-resume.test.ts": 129,
  "test/kube/etcd-encryption.test.ts": 125,
  "test/kube/remote-cluster-lifecycle.test.ts": 123,
  "test/kube/capi-controllers.test.ts": 113,
  "test/kube/saga-management-errors.test.ts": 102,
  "test/kube/autoscaling.test.ts": 99,
  "test/kube/tunnel.test.ts": 71,
  "test/kube/worker-pools.test.ts": 47,
  "test/kube/ckpctl-imported.test.ts": 37,
  "test/kube/management-clusters.test.ts": 35,
  "test/kube/render.test.ts": 25,
  "test/kube/node-pools.test.ts": 24,
  "test/kube/assigned-hosts.test.ts": 23,
  "test/kube/saga-retry-bound.test.ts": 22,
  "test/kube/imported-velero.test.ts": 20,
  "test/kube/secrets.test.ts": 19,
  "test/kube/provider-clusters.test.ts": 15,
  "test/kube/imported-clusters.test.ts": 14,
  "test/kube/machinehost-provision.test.ts": 12,
  "test/kube/byoh-hosts.test.ts": 9,
  "test/kube/workload-clusters.test.ts": 7,
  "test/kube/cluster-bundles.test.ts": 6,
  "test/kube/placement.test.ts": 5,
  "test/integration/openapi-fuzz.test.ts": 134,
  "test/integration/events.test.ts": 64,
  "test/integration/retry-backoff.test.ts": 34,
  "test/integration/oidc.test.ts": 30,
  "test/integration/dev-sandbox.test.ts": 20,
  "test/integration/dev-command.test.ts": 17,
  "test/integration/ckpctl-sso.test.ts": 17,
  "test/integration/ckpctl-node-pools.test.ts": 17,
  "test/integration/host-requests.test.ts": 14,
  "test/integration/replay.test.ts": 12,
  "test/integration/package-integrity.test.ts": 11,
  "test/integration/machinehost-grpc.test.ts": 11,
  "test/integration/agent-bootstrap.test.ts": 10,
  "test/integration/status-sync-watch.test.ts": 9,
  "test/integration/hosts.test.ts": 9,
  "test/integration/registration-hardening.test.ts": 6,
  "test/integration/pki.test.ts": 6,
  "test/integration/infrastructure-drivers.test.ts": 6,
  "test/integration/free-hosts.test.ts": 6,
  "test/integration/cluster-templates.test.ts": 6,
  "test/integration/backup-locations.test.ts": 5,
  "test/e2e/cluster-lifecycle-remote.test.ts": 253,
  "test/e2e/cluster-lifecycle-direct.test.ts": 237,
  "test/e2e/ckpctl.test.ts": 217,
  "test/e2e/agent.test.ts": 70,
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
