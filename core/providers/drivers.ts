import { openCredential } from "../credentials/credentials.js";
import type { Deps } from "../deps.js";
import { CcsVmDriver } from "../infrastructure/ccs-vm.js";
import type { InfrastructureDriver } from "../infrastructure/driver.js";
import { OrbiterBmsDriver } from "../infrastructure/orbiter-bms.js";
import type { ProviderCluster, ProviderScope } from "./model.js";
import { getProviderCluster } from "./provider-clusters.js";

type CcsImages = ConstructorParameters<typeof CcsVmDriver>[0]["images"];

/**
 * The infrastructure driver for a provider cluster: its type, its defaults,
 * and its credential's fields (`config`) and opened secrets.
 */
export function driverFor(
  pc: Pick<ProviderCluster, "type" | "defaults">,
  secrets: Record<string, string>,
  config: Record<string, string>,
  o: { timeoutMs?: number } = {},
): InfrastructureDriver {
  const timeout = o.timeoutMs ? { timeoutMs: o.timeoutMs } : {};
  if (pc.type === "orbiter-bms") {
    const d = pc.defaults as { serverPool: string; cloudInitTemplate: string };
    return new OrbiterBmsDriver({
      endpoint: config.endpoint as string,
      hardwareAccessSecret: secrets.hardwareAccessSecret as string,
      serverPool: d.serverPool,
      cloudInitTemplate: d.cloudInitTemplate,
      ...timeout,
    });
  }
  const d = pc.defaults as { images: CcsImages; flavor: string; network: string; securityGroups?: string[] };
  return new CcsVmDriver({
    authUrl: config.authUrl as string,
    applicationCredentialId: config.applicationCredentialId as string,
    applicationCredentialSecret: secrets.applicationCredentialSecret as string,
    region: config.region as string,
    images: d.images,
    flavor: d.flavor,
    network: d.network,
    securityGroups: d.securityGroups ?? [],
    ...timeout,
  });
}

/** The driver of a stored provider cluster, its credential opened (not found: 404). */
export async function openDriver(
  deps: Deps,
  s: ProviderScope,
  name: string,
  o: { timeoutMs?: number } = {},
): Promise<InfrastructureDriver> {
  const pc = await getProviderCluster(deps, s, name);
  const cred = await openCredential(deps, s.domain, pc.credential);
  return driverFor(pc, cred.secrets, cred.config, o);
}
