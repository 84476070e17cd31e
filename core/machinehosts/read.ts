import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.js";
import type { Host, HostRequest } from "../hosts/model.js";
import { withoutKeys } from "../store/items.js";
import { keys, type ProjectRef } from "../store/keys.js";
import { mhKeys } from "./items.js";
import type { HostProvision, ProvisionedMachineRecord } from "./model.js";
import type { MachineParts } from "./status.js";

type Key = { pk: string; sk: string };
const id = (k: Key) => `${k.pk}\n${k.sk}`;

const BATCH = 100;
const ATTEMPTS = 5;

/** Items by key, strongly consistent, in batches of 100; keys without an item are absent from the map. */
export async function batchGet(deps: Deps, wanted: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(wanted.map((k) => [id(k), k])).values()];
  for (let i = 0; i < unique.length; i += BATCH) {
    let pending: Key[] = unique.slice(i, i + BATCH);
    for (let attempt = 1; pending.length; attempt++) {
      const res = await deps.db.send(new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of res.Responses?.[deps.table] ?? []) out.set(id(item as Key), withoutKeys(item));
      pending = (res.UnprocessedKeys?.[deps.table]?.Keys ?? []) as Key[];
      if (pending.length && attempt >= ATTEMPTS) throw new Error(`DynamoDB left ${pending.length} read(s) unprocessed`);
      if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
  }
  return out;
}

/**
 * Everything stored about the machines `machineIds` of a project, read in
 * two rounds: their machine and provisioned-machine records, then the
 * requests, hosts and provisions those name.
 */
export async function readMachines(deps: Deps, t: ProjectRef, machineIds: string[]): Promise<MachineParts[]> {
  const first = await batchGet(
    deps,
    machineIds.flatMap((m) => [keys.machine(t, m), mhKeys.provisionedMachine(t, m)]),
  );
  const machine = (m: string) => first.get(id(keys.machine(t, m))) as { requestId?: string; hostId?: string } | undefined;
  const provisioned = (m: string) => first.get(id(mhKeys.provisionedMachine(t, m))) as ProvisionedMachineRecord | undefined;
  const second: Key[] = [];
  for (const m of machineIds) {
    const rec = machine(m);
    if (rec?.requestId) second.push(keys.hostRequest(t, rec.requestId));
    if (rec?.hostId) second.push(keys.host(t, rec.hostId));
    const pm = provisioned(m);
    if (pm) second.push(mhKeys.provision(t, pm.provisionId));
  }
  const more = second.length ? await batchGet(deps, second) : new Map<string, Record<string, unknown>>();
  return machineIds.map((m) => {
    const rec = machine(m);
    const pm = provisioned(m);
    const request = rec?.requestId ? (more.get(id(keys.hostRequest(t, rec.requestId))) as HostRequest | undefined) : undefined;
    const host = rec?.hostId ? (more.get(id(keys.host(t, rec.hostId))) as Host | undefined) : undefined;
    const provision = pm ? (more.get(id(mhKeys.provision(t, pm.provisionId))) as HostProvision | undefined) : undefined;
    return {
      t: { domain: t.domain, project: t.project },
      machineId: m,
      ...(request ? { request } : {}),
      ...(host ? { host } : {}),
      ...(pm ? { provisioned: pm } : {}),
      ...(provision ? { provision } : {}),
    };
  });
}
