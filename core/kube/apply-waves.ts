/**
 * The order in which a set of objects can be applied at once: each wave's
 * objects depend on nothing in a later wave, so a wave goes in one batch of
 * concurrent requests. An object in a Namespace needs it, a custom resource
 * its CRD; a ServiceAccount's token Secret needs the ServiceAccount (the
 * token controller deletes a token Secret whose account it cannot find); a
 * Pod template the Secrets and ConfigMaps it names (it starts without them,
 * and waits). The rest — Cluster API's objects refer to each other by name,
 * and their controllers wait for what is not there yet — go together.
 */
const WAVE_OF_KIND: Readonly<Record<string, number>> = {
  Namespace: 0,
  CustomResourceDefinition: 0,
  ServiceAccount: 1,
  Secret: 2,
  ConfigMap: 2,
};
const LAST_WAVE = 3;

/** The objects' indexes, wave by wave, each wave in the given order; empty waves left out. */
export function applyWaves(objs: ReadonlyArray<{ kind: string }>): number[][] {
  const waves: number[][] = Array.from({ length: LAST_WAVE + 1 }, () => []);
  objs.forEach((o, i) => {
    waves[WAVE_OF_KIND[o.kind] ?? LAST_WAVE]?.push(i);
  });
  return waves.filter((w) => w.length > 0);
}
