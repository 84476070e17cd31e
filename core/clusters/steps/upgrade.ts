import type { StepName } from "../operations.js";
import { bundleFor, done, managementCluster, renderFor, type StepDef, StepFailure } from "./common.js";

/** The steps only an upgrade runs: the control plane is asked for the new version first, the workers after. */
export const UPGRADE_STEPS = {
  "upgrade-control-plane": {
    condition: "ControlPlaneUpgraded",
    async run(s) {
      const target = s.c.target?.kubernetesVersion;
      if (!target) throw new StepFailure("NoTarget", "the upgrade has no target version");
      const bundle = await bundleFor(s, target);
      const kcp = renderFor(s, bundle, target).filter((o) => o.kind === "KamajiControlPlane");
      await s.env.capi.apply(managementCluster(s.c), kcp);
      return done(`the control plane was asked to run ${target}`);
    },
  },

  "upgrade-workers": {
    condition: "WorkersUpgraded",
    async run(s) {
      const target = s.c.target?.kubernetesVersion as string;
      const bundle = await bundleFor(s, target);
      await s.env.capi.apply(managementCluster(s.c), renderFor(s, bundle, target));
      return done(`workers were asked to roll to ${target} with bundle ${bundle.ociReference}@${bundle.digest}`);
    },
  },
} satisfies Partial<Record<StepName, StepDef>>;
