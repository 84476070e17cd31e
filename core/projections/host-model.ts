import type { Envelope } from "../../events/envelope.js";
import { hostGroupItem, hostItem, hostRequestItem } from "../hosts/items.js";
import type { Host, HostGroup, HostRequest } from "../hosts/model.js";
import { keys, type ProjectRef } from "../store/keys.js";

/**
 * The host model's read side (host requests, hosts, host groups and the
 * machine records that link them) as a deterministic function of events at
 * their current schema version (events/upcast.ts). Items come out exactly as
 * the commands store them, index attributes included.
 *
 * Events carry the entities after each change, so applying an event is
 * "take the snapshot unless the item already holds a newer version". A
 * group's hostCount is the one derived value: membership events move it,
 * and only when they also moved the host (so an event applied twice, or a
 * stale one, does not count twice). Unknown types and extra fields pass
 * through untouched.
 */
export type Item = Record<string, unknown>;
export interface ItemKey {
  pk: string;
  sk: string;
}
export type Write = { put: Item } | { delete: ItemKey };

/** Reads the current item for a key from the state being projected into. */
export type Lookup = (key: ItemKey) => Item | undefined;

export const PROJECTED_TYPES = new Set([
  "ckp.hostrequest.created",
  "ckp.hostrequest.approved",
  "ckp.hostrequest.rejected",
  "ckp.hostrequest.deleted",
  "ckp.host.provisioned",
  "ckp.host.provisioning-failed",
  "ckp.host.labels-changed",
  "ckp.host.deleted",
  "ckp.hostgroup.created",
  "ckp.hostgroup.updated",
  "ckp.hostgroup.deleted",
  "ckp.hostgroup.host-added",
  "ckp.hostgroup.host-removed",
]);

type Data = Record<string, unknown>;

function tenant(e: Envelope): ProjectRef | undefined {
  return e.domain && e.project ? { domain: e.domain, project: e.project } : undefined;
}

/** The items `project(e, …)` may read: load these before applying `e`. */
export function keysRead(e: Envelope): ItemKey[] {
  const t = tenant(e);
  if (!t || !PROJECTED_TYPES.has(e.type)) return [];
  const d = e.data as Data;
  const out: ItemKey[] = [];
  if (typeof d.requestId === "string") out.push(keys.hostRequest(t, d.requestId));
  if (typeof d.hostId === "string") out.push(keys.host(t, d.hostId));
  if (typeof d.machineId === "string") out.push(keys.machine(t, d.machineId));
  const group = typeof d.group === "string" ? d.group : typeof d.name === "string" ? d.name : undefined;
  if (group) out.push(keys.hostGroup(t, group));
  return out;
}

const newer = (snapshot: { version: number }, current: Item | undefined, strictly = false) =>
  !current || (strictly ? snapshot.version > (current.version as number) : snapshot.version >= (current.version as number));

/** The writes event `e` makes to the read model, given the current items. */
export function project(e: Envelope, get: Lookup): Write[] {
  const t = tenant(e);
  if (!t || !PROJECTED_TYPES.has(e.type)) return [];
  const d = e.data as Data;
  const out: Write[] = [];
  const putRequest = (r: HostRequest): boolean => {
    if (!newer(r, get(keys.hostRequest(t, r.id)))) return false;
    out.push({ put: hostRequestItem(r) });
    return true;
  };
  const putHost = (h: Host, strictly = false): boolean => {
    if (!newer(h, get(keys.host(t, h.id)), strictly)) return false;
    out.push({ put: hostItem(h) });
    return true;
  };
  const moveCount = (group: string, by: number, at?: string) => {
    const g = get(keys.hostGroup(t, group));
    if (!g) return;
    const updatedAt = at && at > (g.updatedAt as string) ? at : (g.updatedAt as string);
    out.push({ put: { ...g, hostCount: (g.hostCount as number) + by, updatedAt } });
  };
  const linkMachine = (r: HostRequest) => {
    const current = get(keys.machine(t, r.machineId));
    out.push({
      put: {
        ...keys.machine(t, r.machineId),
        kind: "machine",
        machineId: r.machineId,
        requestId: r.id,
        ...(r.hostId ? { hostId: r.hostId } : current?.requestId === r.id && current.hostId ? { hostId: current.hostId } : {}),
      },
    });
  };

  switch (e.type) {
    case "ckp.hostrequest.created": {
      const r = d.request as HostRequest;
      if (putRequest(r)) linkMachine(r);
      break;
    }
    case "ckp.hostrequest.approved": {
      const r = d.request as HostRequest;
      if (putRequest(r)) linkMachine(r);
      putHost(d.host as Host);
      break;
    }
    case "ckp.hostrequest.rejected":
      putRequest(d.request as HostRequest);
      break;
    case "ckp.hostrequest.deleted": {
      if (typeof d.requestId === "string") {
        const requestKey = keys.hostRequest(t, d.requestId);
        if (get(requestKey)) out.push({ delete: requestKey });
      }
      // the event says whether the machine record went with it
      const machineKey = keys.machine(t, d.machineId as string);
      if (d.machineFreed === true && get(machineKey)) out.push({ delete: machineKey });
      break;
    }
    case "ckp.host.provisioned":
    case "ckp.host.provisioning-failed":
    case "ckp.host.labels-changed":
      putHost(d.host as Host);
      break;
    case "ckp.hostgroup.host-added":
      if (putHost(d.host as Host, true)) moveCount(d.group as string, 1, e.time);
      break;
    case "ckp.hostgroup.host-removed":
      if (putHost(d.host as Host, true)) moveCount(d.group as string, -1, e.time);
      break;
    case "ckp.host.deleted": {
      const hostKey = keys.host(t, d.hostId as string);
      const host = get(hostKey);
      if (!host) break;
      out.push({ delete: hostKey });
      const machineKey = keys.machine(t, d.machineId as string);
      if (get(machineKey)?.hostId === d.hostId) out.push({ delete: machineKey });
      // the request the host was approved from goes with it
      if (typeof host.requestId === "string") out.push({ delete: keys.hostRequest(t, host.requestId) });
      if (typeof host.group === "string") moveCount(host.group, -1);
      break;
    }
    case "ckp.hostgroup.created":
    case "ckp.hostgroup.updated": {
      const def = d.group as Omit<HostGroup, "hostCount">;
      const current = get(keys.hostGroup(t, def.name));
      if (newer(def, current)) out.push({ put: hostGroupItem({ ...def, hostCount: (current?.hostCount as number | undefined) ?? 0 }) });
      break;
    }
    case "ckp.hostgroup.deleted": {
      const key = keys.hostGroup(t, d.name as string);
      if (get(key)) out.push({ delete: key });
      break;
    }
  }
  return out;
}

export function itemKey(k: ItemKey): string {
  return `${k.pk}\u0000${k.sk}`;
}

/**
 * An in-memory read model: applies events in order and keeps the resulting
 * items. `load` seeds it with items read from a table.
 */
export class ReadModel {
  readonly items = new Map<string, Item>();
  /** keys whose current item (or absence) is known */
  private readonly known = new Set<string>();
  /** keys written since the last `takeChanges()` */
  private readonly dirty = new Map<string, ItemKey>();

  get(k: ItemKey): Item | undefined {
    return this.items.get(itemKey(k));
  }

  /** Whether the item for `k` (or its absence) is known, i.e. need not be read. */
  knows(k: ItemKey): boolean {
    return this.known.has(itemKey(k));
  }

  load(k: ItemKey, item: Item | undefined): void {
    this.known.add(itemKey(k));
    if (item) this.items.set(itemKey(k), item);
  }

  apply(e: Envelope): Write[] {
    const writes = project(e, (k) => this.get(k));
    for (const w of writes) {
      const k = "put" in w ? { pk: w.put.pk as string, sk: w.put.sk as string } : w.delete;
      if ("put" in w) this.items.set(itemKey(k), w.put);
      else this.items.delete(itemKey(k));
      this.known.add(itemKey(k));
      this.dirty.set(itemKey(k), k);
    }
    return writes;
  }

  /** The final state of every key written since the last call: an item to put, or a key to delete. */
  takeChanges(): Write[] {
    const out: Write[] = [];
    for (const [id, k] of this.dirty) {
      const item = this.items.get(id);
      out.push(item ? { put: item } : { delete: k });
    }
    this.dirty.clear();
    return out;
  }

  /** Forget cached items (after they are written), keeping memory bounded on long replays. */
  forget(): void {
    this.items.clear();
    this.known.clear();
    this.dirty.clear();
  }
}
