import { hostGroupMembersPk, hostRequestStatusPk, hostStatusPk, keys } from "../store/keys.js";
import type { Host, HostGroup, HostRequest } from "./model.js";

/** Table items for the host model, with the index attributes each list needs. */
export function hostRequestItem(r: HostRequest): Record<string, unknown> {
  return { ...keys.hostRequest(r, r.id), kind: "host-request", ...r, gsi1pk: hostRequestStatusPk(r, r.status), gsi1sk: r.id };
}

export function hostItem(h: Host): Record<string, unknown> {
  return {
    ...keys.host(h, h.id),
    kind: "host",
    ...h,
    gsi1pk: hostStatusPk(h, h.status),
    gsi1sk: h.id,
    ...(h.group ? { gsi2pk: hostGroupMembersPk(h, h.group), gsi2sk: h.id } : {}),
  };
}

export function hostGroupItem(g: HostGroup): Record<string, unknown> {
  return { ...keys.hostGroup(g, g.name), kind: "host-group", ...g };
}
