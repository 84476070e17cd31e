import { describe, expect, it } from "vitest";
import { authorize, canGrant } from "../../core/auth/authorize.js";
import type { Principal } from "../../core/auth/principal.js";
import { scopeFitsRole } from "../../core/auth/roles.js";
import type { DomainError } from "../../core/shared/errors.js";

const p = (role: Principal["role"], domain?: string, project?: string): Principal => ({
  id: "t",
  kind: "token",
  role,
  scope: { ...(domain ? { domain } : {}), ...(project ? { project } : {}) },
});

function kindOf(fn: () => void): string {
  try {
    fn();
    return "allowed";
  } catch (e) {
    return (e as DomainError).kind;
  }
}

describe("authorize", () => {
  it("lets a platform admin do anything", () => {
    expect(kindOf(() => authorize(p("platform-admin"), "admin", {}))).toBe("allowed");
    expect(kindOf(() => authorize(p("platform-admin"), "admin", { domain: "a", project: "b" }))).toBe("allowed");
  });

  it("answers 404 for another tenant's resources, never 403", () => {
    expect(kindOf(() => authorize(p("domain-admin", "a"), "read", { domain: "b" }))).toBe("not-found");
    expect(kindOf(() => authorize(p("project-admin", "a", "x"), "read", { domain: "a", project: "y" }))).toBe("not-found");
    expect(kindOf(() => authorize(p("viewer", "a", "x"), "read", { domain: "b", project: "x" }))).toBe("not-found");
  });

  it("answers 403 inside the tenancy when the role is too weak", () => {
    expect(kindOf(() => authorize(p("viewer", "a", "x"), "admin", { domain: "a", project: "x" }))).toBe("forbidden");
    expect(kindOf(() => authorize(p("project-member", "a", "x"), "admin", { domain: "a", project: "x" }))).toBe("forbidden");
    expect(kindOf(() => authorize(p("project-member", "a", "x"), "write", { domain: "a", project: "x" }))).toBe("allowed");
    expect(kindOf(() => authorize(p("project-admin", "a", "x"), "admin", { domain: "a" }))).toBe("forbidden");
    expect(kindOf(() => authorize(p("domain-admin", "a"), "admin", {}))).toBe("forbidden");
  });

  it("lets domain-scoped principals into the domain's projects", () => {
    expect(kindOf(() => authorize(p("domain-admin", "a"), "admin", { domain: "a", project: "x" }))).toBe("allowed");
    expect(kindOf(() => authorize(p("viewer", "a"), "read", { domain: "a", project: "x" }))).toBe("allowed");
    expect(kindOf(() => authorize(p("viewer", "a"), "admin", { domain: "a", project: "x" }))).toBe("forbidden");
  });

  it("denies hosts everything a token can do", () => {
    const host: Principal = { id: "h", kind: "host", role: "platform-admin", scope: {} };
    expect(kindOf(() => authorize(host, "read", { domain: "a" }))).toBe("not-found");
  });
});

describe("token grants", () => {
  it("never escalates", () => {
    expect(canGrant(p("project-admin", "a", "x"), "domain-admin", { domain: "a" })).toBe(false);
    expect(canGrant(p("project-admin", "a", "x"), "project-member", { domain: "a", project: "x" })).toBe(true);
    expect(canGrant(p("project-admin", "a", "x"), "project-member", { domain: "a", project: "y" })).toBe(false);
    expect(canGrant(p("domain-admin", "a"), "project-admin", { domain: "a", project: "y" })).toBe(true);
    expect(canGrant(p("domain-admin", "a"), "platform-admin", {})).toBe(false);
    expect(canGrant(p("viewer", "a"), "viewer", { domain: "a" })).toBe(false);
  });

  it("binds each role to its scope shape", () => {
    expect(scopeFitsRole("platform-admin", { domain: "a" })).not.toBeNull();
    expect(scopeFitsRole("domain-admin", { domain: "a" })).toBeNull();
    expect(scopeFitsRole("project-admin", { domain: "a" })).not.toBeNull();
    expect(scopeFitsRole("viewer", { domain: "a", project: "x" })).toBeNull();
  });
});
