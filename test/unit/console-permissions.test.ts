import { describe, expect, it } from "vitest";
import { can, type Identity } from "../../console/src/auth/permissions.js";
import { authorize, type Level } from "../../core/auth/authorize.js";
import type { Principal } from "../../core/auth/principal.js";
import { type Role, roles } from "../../core/auth/roles.js";

/**
 * The console shows and enables an action when `can()` says so; the server
 * allows it when `authorize()` does. They must agree for every role, token
 * scope, target and level, or a user sees buttons that fail (or misses ones
 * that work).
 */
const tokenScopes: Array<{ domain?: string; project?: string }> = [{}, { domain: "acme" }, { domain: "acme", project: "edge" }];
const targets: Array<{ domain?: string; project?: string }> = [
  { domain: "acme" },
  { domain: "acme", project: "edge" },
  { domain: "acme", project: "core" },
  { domain: "other" },
  { domain: "other", project: "edge" },
];
const levels: Level[] = ["read", "write", "admin"];

function serverAllows(p: Principal, level: Level, target: { domain?: string; project?: string }): boolean {
  try {
    authorize(p, level, target);
    return true;
  } catch {
    return false;
  }
}

describe("the console's permissions match the server's", () => {
  it("for every role, token scope, target and level", () => {
    let checked = 0;
    for (const role of roles as readonly Role[]) {
      for (const scope of tokenScopes) {
        const principal: Principal = { id: "tok_x", kind: role === "platform-admin" ? "admin" : "token", role, scope };
        const identity: Identity = { kind: principal.kind as "token" | "admin", id: "tok_x", role, scope, ...scope };
        for (const target of targets) {
          for (const level of levels) {
            expect(can(identity, level, target), `${role} bound to ${JSON.stringify(scope)}: ${level} on ${JSON.stringify(target)}`).toBe(
              serverAllows(principal, level, target),
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(roles.length * tokenScopes.length * targets.length * levels.length);
  });

  it("for a person, the union of any two role bindings", () => {
    const grants = (roles as readonly Role[]).flatMap((role) =>
      tokenScopes
        .filter((scope) => (role === "platform-admin" ? !scope.domain : Boolean(scope.domain)))
        .map((scope, i) => ({ binding: `rb_${role}_${i}`, role, scope })),
    );
    let checked = 0;
    for (const a of grants)
      for (const b of grants) {
        if (a === b) continue;
        const strongest = a;
        const principal: Principal = { id: "corp:carol", kind: "person", role: strongest.role, scope: strongest.scope, grants: [a, b] };
        const identity: Identity = {
          kind: "person",
          id: "corp:carol",
          role: strongest.role,
          scope: strongest.scope,
          ...strongest.scope,
          grants: [a, b].map((g) => ({ binding: g.binding, role: g.role, ...g.scope })),
        };
        for (const target of targets)
          for (const level of levels) {
            expect(can(identity, level, target), `${a.binding} + ${b.binding}: ${level} on ${JSON.stringify(target)}`).toBe(
              serverAllows(principal, level, target),
            );
            checked++;
          }
      }
    expect(checked).toBeGreaterThan(300);
  });

  it("shows nothing to nobody", () => {
    expect(can(undefined, "read", { domain: "acme" })).toBe(false);
  });
});
