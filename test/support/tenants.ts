import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { type Api, adminApi } from "./api.js";

export interface Tenant {
  domain: string;
  project: string;
  /** project base path: /v1/domains/D/projects/P */
  base: string;
  admin: Api;
  /** project-admin token */
  projectAdmin: Api;
  psk: string;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A fresh domain and project with a project-admin token and the project's PSK (on the tier's control plane, or `o.admin`'s). */
export async function newTenant(o: { autoApproveHosts?: boolean; admin?: Api } = {}): Promise<Tenant> {
  const admin = o.admin ?? adminApi();
  const domain = uniqueName("dom");
  const project = uniqueName("prj");
  expect((await admin.post("/v1/domains", { name: domain })).status).toBe(201);
  const p = await admin.post(`/v1/domains/${domain}/projects`, {
    name: project,
    ...(o.autoApproveHosts ? { autoApproveHosts: true } : {}),
  });
  expect(p.status).toBe(201);
  const projectAdmin = admin.as(await tokenFor(admin, "project-admin", domain, project));
  const base = `/v1/domains/${domain}/projects/${project}`;
  const psk = (await projectAdmin.get(`${base}/host-psk`)).body.psk as string;
  return { domain, project, base, admin, projectAdmin, psk };
}

export async function tokenFor(creator: Api, role: string, domain?: string, project?: string): Promise<string> {
  const res = await creator.post("/v1/tokens", {
    name: `${role} for tests`,
    role,
    ...(domain ? { domain } : {}),
    ...(project ? { project } : {}),
  });
  expect(res.status, res.text).toBe(201);
  return res.body.token as string;
}
