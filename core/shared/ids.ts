import { monotonicFactory } from "ulid";

const next = monotonicFactory();

/** Sortable, server-generated ids with a type prefix (e.g. `host_01J…`). */
export function newId(prefix: string): string {
  return `${prefix}_${next().toLowerCase()}`;
}

export const ID_PATTERN = /^[a-z]+_[0-9a-z]{26}$/;
