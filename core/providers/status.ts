import { openCredential } from "../credentials/credentials.js";
import type { OpenedCredential } from "../credentials/model.js";
import type { Deps } from "../deps.js";
import type { ProviderCheck } from "../infrastructure/driver.js";
import { healthOf } from "../management/health.js";
import type { ManagementCluster, ManagementClusterHealth } from "../management/model.js";
import { rankCandidates } from "../management/placement.js";
import { allManagementClusters } from "../management/registry.js";
import { DomainError } from "../shared/errors.js";
import { matchesSelector } from "../shared/selector.js";
import { getDomain } from "../tenancy/domains.js";
import { CREDENTIAL_TYPE, type ProviderCluster, type ProviderStatus } from "./model.js";
import { listProviderClusters } from "./provider-clusters.js";

const MAX_CHECKED = 100;
/** Each provider API request of a check; the check as a whole gets a little more. */
export const PROVIDER_CHECK_TIMEOUT_MS = 3_000;
const PROVIDER_CHECK_DEADLINE_MS = 2 * PROVIDER_CHECK_TIMEOUT_MS;

/**
 * Product §13 "provider validation": whether the domain has a provider cluster
 * configured, and whether each can be used right now — its credential
 * exists, the provider API accepts it and has what the defaults name, and
 * its management cluster (or, for a placement rule, at least one candidate)
 * is reachable with the providers installed. Management clusters are probed
 * once each and providers checked once per provider cluster, all in
 * parallel with short timeouts; a failure of one never fails the answer.
 */
export async function providerStatus(deps: Deps, domain: string): Promise<ProviderStatus> {
  await getDomain(deps, domain);
  const page = await listProviderClusters(deps, { domain }, { limit: MAX_CHECKED });
  const pcs = page.items;
  const checkedAt = deps.clock.now().toISOString();
  if (pcs.length === 0) return { domain, configured: false, status: "not-configured", checkedAt, providerClusters: [], truncated: false };

  const all = await allManagementClusters(deps);
  const targets = new Map<string, ManagementCluster[]>();
  for (const pc of pcs) targets.set(key(pc), targetsOf(pc, all));
  const distinct = new Map<string, ManagementCluster>();
  for (const list of targets.values()) for (const m of list) distinct.set(m.id, m);

  const credentialNames = [...new Set(pcs.map((p) => p.credential))];
  const credentials = new Map(await Promise.all(credentialNames.map(async (c) => [c, await credentialFor(deps, domain, c)] as const)));
  const [health, checks] = await Promise.all([
    Promise.all([...distinct.values()].map(async (m) => [m.id, await safeHealth(deps, m)] as const)).then((e) => new Map(e)),
    Promise.all(pcs.map((pc) => checkProvider(pc, credentials.get(pc.credential)))),
  ]);

  const providerClusters = pcs.map((pc, i) => {
    const mcs = (targets.get(key(pc)) ?? []).map((m) => {
      const h = health.get(m.id);
      return {
        id: m.id,
        name: m.name,
        reachable: h?.reachable ?? false,
        ready: h?.ready ?? false,
        ...(h?.message ? { message: h.message } : {}),
      };
    });
    const present = credentials.get(pc.credential)?.present ?? false;
    const provider = checks[i] as ProviderCheck;
    const problems: string[] = [];
    if (!present) problems.push(`credential ${pc.credential} does not exist`);
    else if (!provider.reachable || !provider.authenticated) problems.push(provider.message);
    else problems.push(...provider.problems);
    if (mcs.length === 0)
      problems.push(
        pc.placement ? "no schedulable management cluster matches the placement rule" : "the management cluster does not exist",
      );
    else if (!mcs.some((m) => m.ready))
      problems.push(
        mcs.some((m) => m.reachable) ? "no management cluster has the required providers installed" : "no management cluster is reachable",
      );
    return {
      name: pc.name,
      scope: pc.scope,
      ...(pc.project ? { project: pc.project } : {}),
      type: pc.type,
      ready: problems.length === 0,
      credential: { name: pc.credential, present },
      provider: { reachable: provider.reachable, authenticated: provider.authenticated, message: provider.message },
      managementClusters: mcs,
      problems,
    };
  });
  const allReady = providerClusters.every((p) => p.ready);
  return {
    domain,
    configured: true,
    status: allReady ? "ready" : "degraded",
    checkedAt,
    providerClusters,
    truncated: page.nextCursor !== null,
  };
}

/** A management cluster's health; whatever goes wrong reading it is reported on it, not thrown. */
async function safeHealth(deps: Deps, m: ManagementCluster): Promise<Pick<ManagementClusterHealth, "reachable" | "ready" | "message">> {
  try {
    return await healthOf(deps, m);
  } catch (e) {
    return {
      reachable: false,
      ready: false,
      message: `management cluster ${m.name} could not be checked: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

type CredentialState = { present: false } | { present: true; opened: OpenedCredential } | { present: true; error: string };

async function credentialFor(deps: Deps, domain: string, name: string): Promise<CredentialState> {
  try {
    return { present: true, opened: await openCredential(deps, domain, name) };
  } catch (e) {
    if (e instanceof DomainError && e.kind === "not-found") return { present: false };
    return { present: true, error: `not checked: credential ${name} could not be opened (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** Asks the provider API whether it accepts the credential and has what the defaults name; bounded in time, never throws. */
async function checkProvider(pc: ProviderCluster, state: CredentialState | undefined): Promise<ProviderCheck> {
  const notChecked = (message: string): ProviderCheck => ({ reachable: false, authenticated: false, problems: [], message });
  if (!state?.present) return notChecked(`not checked: credential ${pc.credential} does not exist`);
  if ("error" in state) return notChecked(state.error);
  const cred = state.opened;
  if (cred.type !== CREDENTIAL_TYPE[pc.type]) {
    return notChecked(`not checked: credential ${pc.credential} is of type ${cred.type}, not ${CREDENTIAL_TYPE[pc.type]}`);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProviderCheck>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          reachable: false,
          authenticated: false,
          problems: [],
          message: `the ${pc.type} provider did not finish its check within ${PROVIDER_CHECK_DEADLINE_MS / 1000}s`,
        }),
      PROVIDER_CHECK_DEADLINE_MS,
    );
  });
  let result: ProviderCheck;
  try {
    // The drivers (and the cloud-init templating they carry) load on first use: the API cold start does not pay for them.
    const { driverFor } = await import("./drivers.js");
    const driver = driverFor(pc, cred.secrets, cred.config, { timeoutMs: PROVIDER_CHECK_TIMEOUT_MS });
    result = await Promise.race([driver.check(), deadline]);
  } catch (e) {
    result = notChecked(`the ${pc.type} provider could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
  }
  // Provider messages are shown to anyone who may read the domain: never let one echo a secret back.
  const scrub = (text: string) => Object.values(cred.secrets).reduce((t, v) => (v ? t.split(v).join("[secret]") : t), text);
  return { ...result, message: scrub(result.message), problems: result.problems.map(scrub) };
}

function key(pc: ProviderCluster): string {
  return `${pc.project ?? ""}#${pc.name}`;
}

function targetsOf(pc: ProviderCluster, all: ManagementCluster[]): ManagementCluster[] {
  if (pc.managementCluster) return all.filter((m) => m.id === pc.managementCluster?.id);
  // A placement rule: the candidates placement would choose from (at most a few, best first).
  return rankCandidates(
    all.filter((m) => matchesSelector(m.labels, pc.placement)),
    pc.placement,
  ).slice(0, 5);
}
