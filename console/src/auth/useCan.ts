import { useAuth } from "./AuthProvider";
import { can, type Level, type Scope } from "./permissions";

/** Whether the signed-in user may act at `level` on `scope` (hides and disables what the role does not allow). */
export function useCan(level: Level, scope: Scope): boolean {
  return can(useAuth().identity, level, scope);
}
