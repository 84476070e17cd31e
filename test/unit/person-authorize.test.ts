import { describe, expect, it } from "vitest";
import { authorize, canGrant } from "../../core/auth/authorize.js";
import type { Grant, Principal } from "../../core/auth/principal.js";
import type { Role } from "../../core/auth/roles.js";
import { personPrincipal } from "../../core/identity/authenticate.js";
import type { IdpVerifier } from "../../core/identity/model.js";
import type { DomainError } from "../../core/shared/errors.js";

/** A person's permissions are the union of their role bindings; what they cannot reach stays a 404. */
let n = 0;
const grant = (role: Role, domain?: string, project?: string): Grant => ({
  role,
  scope: { ...(domain ? { domain } : {}), ...(project ? { project } : {}) },
  binding: `rb_${n++}`,
});

const corp: IdpVerifier = {
  ref: "corp",
  issuer: "https://idp.example",
  audiences: ["ckp-console"],
  claims: { user: "email", groups: "groups", name: "name", email: "email" },
  clockSkewSeconds: 30,
};

const person = (...grants: Grant[]): Principal =>
  personPrincipal(
    {
      issuer: corp.issuer,
      subject: "00u1",
      expiresAt: new Date(),
      matches: [{ idp: corp, user: "alice@example.com", groups: ["ops"], name: "Alice", email: "alice@example.com" }],
    },
    grants,
  );

function outcome(fn: () => void): string {
  try {
    fn();
    return "allowed";
  } catch (e) {
    return (e as DomainError).kind;
  }
}

describe("a person with role bindings", () => {
  it("is named by IdP and user, and holds their strongest binding as role and scope", () => {
    const p = person(grant("viewer", "a"), grant("project-admin", "a", "x"));
    expect(p).toMatchObject({ id: "corp:alice@example.com", kind: "person", role: "project-admin", scope: { domain: "a", project: "x" } });
    expect(p.person).toMatchObject({ idp: "corp", subject: "00u1", user: "alice@example.com", groups: ["ops"] });
  });

  it("may do what any one binding allows: the union", () => {
    const p = person(grant("viewer", "a"), grant("project-admin", "a", "x"), grant("project-member", "b", "y"));
    expect(outcome(() => authorize(p, "admin", { domain: "a", project: "x" }))).toBe("allowed");
    expect(outcome(() => authorize(p, "read", { domain: "a", project: "z" }))).toBe("allowed");
    expect(outcome(() => authorize(p, "write", { domain: "b", project: "y" }))).toBe("allowed");
  });

  it("gets 403 where a binding reaches the tenancy but is too weak, 404 where none reaches it", () => {
    const p = person(grant("viewer", "a"), grant("project-member", "b", "y"));
    expect(outcome(() => authorize(p, "admin", { domain: "a", project: "z" }))).toBe("forbidden");
    expect(outcome(() => authorize(p, "admin", { domain: "a" }))).toBe("forbidden");
    expect(outcome(() => authorize(p, "read", { domain: "b", project: "other" }))).toBe("not-found");
    expect(outcome(() => authorize(p, "read", { domain: "c" }))).toBe("not-found");
    expect(outcome(() => authorize(p, "read", {}))).toBe("forbidden");
  });

  it("keeps the code a token with that role would get, with a detail about bindings", () => {
    try {
      authorize(person(grant("viewer", "a", "x")), "admin", { domain: "a", project: "x" });
      throw new Error("allowed");
    } catch (e) {
      const d = e as DomainError;
      expect(d.kind).toBe("forbidden");
      expect(d.message).toMatch(/none of your 1 role binding/);
      let tokenCode: string | undefined;
      try {
        authorize({ id: "t", kind: "token", role: "viewer", scope: { domain: "a", project: "x" } }, "admin", { domain: "a", project: "x" });
      } catch (t) {
        tokenCode = (t as DomainError).code;
      }
      expect(d.code).toBe(tokenCode);
    }
  });

  it("with no bindings reaches nothing: 404 in tenants, 403 at the platform", () => {
    const p = person();
    expect(p).toMatchObject({ role: "viewer", scope: {}, grants: [] });
    expect(outcome(() => authorize(p, "read", { domain: "a", project: "x" }))).toBe("not-found");
    expect(outcome(() => authorize(p, "read", {}))).toBe("forbidden");
    expect(canGrant(p, "viewer", { domain: "a" })).toBe(false);
  });

  it("a platform-admin binding is the platform admin", () => {
    const p = person(grant("viewer", "a"), grant("platform-admin"));
    expect(p.role).toBe("platform-admin");
    expect(outcome(() => authorize(p, "admin", {}))).toBe("allowed");
    expect(outcome(() => authorize(p, "admin", { domain: "zzz", project: "q" }))).toBe("allowed");
  });

  it("grants (tokens, bindings) no more than one binding holds", () => {
    const p = person(grant("domain-admin", "a"), grant("project-admin", "b", "y"));
    expect(canGrant(p, "project-admin", { domain: "a", project: "x" })).toBe(true);
    expect(canGrant(p, "project-member", { domain: "b", project: "y" })).toBe(true);
    expect(canGrant(p, "domain-admin", { domain: "b" })).toBe(false);
    expect(canGrant(p, "platform-admin", {})).toBe(false);
  });
});
