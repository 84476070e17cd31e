import { queryClient } from "../api/client";

/** After a change, every open view reads again (they are few and small; nothing shows a stale state). */
export function refreshAll(): Promise<void> {
  return queryClient.invalidateQueries();
}
