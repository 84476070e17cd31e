import { createHmac, randomBytes } from "node:crypto";
import yaml from "js-yaml";
import { AGENT_CONFIG_PATH, type AgentConfig } from "../../core/infrastructure/cloud-init.js";

/**
 * Test double of the CKP host agent on a machine an infrastructure provider
 * just booted: cloud-init wrote the agent's configuration from the user
 * data; the agent registers with the control plane using the project PSK
 * (POST /v1/agent/register, seed §12.1). The provider simulators call this
 * when a server becomes active.
 */
export function agentConfigFromUserData(userDataBase64: string): AgentConfig | undefined {
  const text = Buffer.from(userDataBase64, "base64").toString("utf8");
  const doc = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as { write_files?: Array<{ path?: string; content?: string }> } | undefined;
  const file = doc?.write_files?.find((f) => f.path === AGENT_CONFIG_PATH);
  if (!file?.content) return undefined;
  return yaml.load(file.content, { schema: yaml.CORE_SCHEMA }) as AgentConfig;
}

export interface BootedMachine {
  machineId: string;
  hostname: string;
  facts: Record<string, unknown>;
}

/**
 * Registers the machine. Like a real agent it keeps trying while the control
 * plane does not answer (up to `giveUpAfterMs`), until `stop` is aborted.
 */
export async function registerBootedMachine(
  cfg: AgentConfig,
  m: BootedMachine,
  o: { stop?: AbortSignal; giveUpAfterMs?: number; log?: (msg: string) => void } = {},
): Promise<number> {
  const until = Date.now() + (o.giveUpAfterMs ?? 15 * 60_000);
  for (let attempt = 0; Date.now() < until && !o.stop?.aborted; attempt++) {
    const timestamp = Math.floor(Date.now() / 1000);
    const nonce = randomBytes(16).toString("hex");
    const proof = createHmac("sha256", cfg.psk)
      .update([cfg.domain, cfg.project, m.machineId, String(timestamp), nonce].join("\n"))
      .digest("base64");
    try {
      const res = await fetch(`${cfg.server.replace(/\/+$/, "")}/v1/agent/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ domain: cfg.domain, project: cfg.project, machineId: m.machineId, hostname: m.hostname, facts: m.facts, timestamp, nonce, proof }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.text();
      if (res.status < 500) return res.status;
    } catch (e) {
      o.log?.(`agent on ${m.hostname}: registration failed: ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(2000, 200 * (attempt + 1))));
  }
  return 0;
}

export function osFacts(os: string): { id: string; version: string } {
  const [id, version] = os.split("-") as [string, string];
  return { id, version };
}
