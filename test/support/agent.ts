import { createHmac, randomBytes } from "node:crypto";
import type { Api, ApiResponse } from "./api.js";
import type { Tenant } from "./tenants.js";

export const UBUNTU_FACTS = { os: { id: "ubuntu", version: "22.04" }, arch: "amd64", cpus: 4, memoryBytes: 8 * 1024 ** 3 };

export interface RegistrationBody {
  domain: string;
  project: string;
  machineId: string;
  hostname: string;
  facts: Record<string, unknown>;
  timestamp: number;
  nonce: string;
  proof: string;
}

/** A registration body with a valid proof, as a host agent would send it. */
export function registration(
  t: Pick<Tenant, "domain" | "project">,
  psk: string,
  o: { machineId?: string; hostname?: string; facts?: Record<string, unknown>; timestamp?: number; nonce?: string } = {},
): RegistrationBody {
  const machineId = o.machineId ?? `m-${randomBytes(6).toString("hex")}`;
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = o.nonce ?? randomBytes(16).toString("hex");
  const proof = createHmac("sha256", psk)
    .update([t.domain, t.project, machineId, String(timestamp), nonce].join("\n"))
    .digest("base64");
  return {
    domain: t.domain,
    project: t.project,
    machineId,
    hostname: o.hostname ?? `node-${machineId.slice(-6)}`,
    facts: o.facts ?? UBUNTU_FACTS,
    timestamp,
    nonce,
    proof,
  };
}

export function register(api: Api, body: unknown): Promise<ApiResponse> {
  return api.as(undefined).post("/v1/agent/register", body);
}

/** Registers a host and approves it; returns the host id. */
export async function approvedHost(
  t: Tenant,
  o: Parameters<typeof registration>[2] = {},
): Promise<{ hostId: string; requestId: string; machineId: string }> {
  const body = registration(t, t.psk, o);
  const reg = await register(t.projectAdmin, body);
  if (reg.status !== 202) throw new Error(`registration failed: ${reg.text}`);
  const ok = await t.projectAdmin.post(`${t.base}/host-requests/${reg.body.requestId}/approve`);
  if (ok.status !== 200) throw new Error(`approval failed: ${ok.text}`);
  return { hostId: ok.body.hostId, requestId: reg.body.requestId, machineId: body.machineId };
}
