import yaml from "js-yaml";
import { AGENT_CONFIG_PATH, AGENT_INSTALL_MARKER, agentInstallScript } from "./agent-install.js";
import type { AgentBootstrap } from "./driver.js";
import { InfrastructureError } from "./errors.js";

export { AGENT_CONFIG_PATH } from "./agent-install.js";

/**
 * Cloud-init user data for a new machine. A provider cluster's template may
 * use these variables as `{{ name }}`; the rendered document must be
 * cloud-config YAML.
 *
 * - `agent_config`: the agent's configuration file (`/etc/ckp/agent.yaml`:
 *   API URL, tenant, PSK, the machine id the control plane chose, hostname,
 *   and the API's CA when it has a private one), as a YAML scalar for a
 *   `write_files` entry's `content`.
 * - `agent_install`: the script that downloads, verifies, installs and starts
 *   the agent (core/infrastructure/agent-install.ts), as a YAML scalar for a
 *   `runcmd` entry (or a script file's `content`).
 *
 * A template that does not write the agent config or run the install script
 * gets them added (a `write_files` entry, a last `runcmd` entry), so
 * templates written before `agent_install` existed still bootstrap machines.
 */
export const TEMPLATE_VARIABLES = [
  "hostname",
  "machine_id",
  "agent_config",
  "agent_install",
  "agent_url",
  "agent_sha256",
  "agent_version",
  "api_url",
  "domain",
  "project",
  "psk",
  "cluster_id",
  "cluster_name",
] as const;
export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

/** Used when the provider cluster has no template of its own (CCS VM). */
export const DEFAULT_CLOUD_INIT = `#cloud-config
hostname: {{ hostname }}
write_files:
  - path: ${AGENT_CONFIG_PATH}
    permissions: "0600"
    content: {{ agent_config }}
runcmd:
  - {{ agent_install }}
`;

/** What cloud-init writes to /etc/ckp/agent.yaml; agent/config.ts reads it. */
export interface AgentConfig {
  server: string;
  domain: string;
  project: string;
  psk: string;
  machineId: string;
  hostname: string;
  /** PEM: the CA of the API's HTTPS certificate, when it is not a public one */
  ca?: string;
}

export interface CloudInitInput {
  hostname: string;
  /** the identity the control plane chose for the machine */
  machineId: string;
  clusterId: string;
  clusterName: string;
  agent: AgentBootstrap;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function renderCloudInit(template: string, v: CloudInitInput): string {
  checkApiUrl(v.agent.apiUrl);
  const ca = v.agent.caCertificate?.replace(/\r\n/g, "\n").trim();
  const agentConfig: AgentConfig = {
    server: v.agent.apiUrl,
    domain: v.agent.domain,
    project: v.agent.project,
    psk: v.agent.psk,
    machineId: v.machineId,
    hostname: v.hostname,
    ...(ca ? { ca: `${ca}\n` } : {}),
  };
  const configText = yaml.dump(agentConfig, { lineWidth: -1 });
  const script = agentInstallScript({
    machineName: v.hostname,
    build: v.agent.build,
    ...(ca ? { caCertificate: ca } : {}),
  });
  const values: TemplateVariables = {
    hostname: v.hostname,
    machine_id: v.machineId,
    // a JSON string is a valid YAML scalar, so the content survives any indentation
    agent_config: JSON.stringify(configText),
    agent_install: JSON.stringify(script),
    agent_url: v.agent.build.url,
    agent_sha256: v.agent.build.sha256,
    agent_version: v.agent.build.version,
    api_url: v.agent.apiUrl,
    domain: v.agent.domain,
    project: v.agent.project,
    psk: v.agent.psk,
    cluster_id: v.clusterId,
    cluster_name: v.clusterName,
  };
  const unknown = new Set<string>();
  const out = template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) {
      unknown.add(name);
      return "";
    }
    return values[name as keyof TemplateVariables];
  });
  if (unknown.size) {
    throw new InfrastructureError(
      "CloudInitTemplateInvalid",
      `the provider cluster's cloud-init template uses unknown variable(s) ${[...unknown].join(", ")}; known: ${TEMPLATE_VARIABLES.join(", ")}`,
    );
  }
  let doc: Record<string, unknown>;
  try {
    const loaded = yaml.load(out, { schema: yaml.CORE_SCHEMA });
    if (typeof loaded !== "object" || loaded === null || Array.isArray(loaded)) throw new Error("not a YAML mapping");
    doc = loaded as Record<string, unknown>;
  } catch (e) {
    throw new InfrastructureError(
      "CloudInitTemplateInvalid",
      `the rendered cloud-init is not valid cloud-config YAML: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  if (!out.startsWith("#cloud-config")) {
    throw new InfrastructureError("CloudInitTemplateInvalid", "the cloud-init template must start with #cloud-config");
  }
  return withAgentBootstrap(out, doc, configText, script);
}

/** Plain HTTP would send the PSK and the agent build in the clear: only for a control plane on loopback (development). */
function checkApiUrl(apiUrl: string): void {
  let u: URL;
  try {
    u = new URL(apiUrl);
  } catch {
    throw new InfrastructureError("AgentBootstrapInvalid", `the API URL machines register with (${apiUrl}) is not a URL`);
  }
  if (u.protocol === "https:" || (u.protocol === "http:" && LOOPBACK.has(u.hostname))) return;
  throw new InfrastructureError(
    "AgentBootstrapInvalid",
    `the API URL machines register with must be https:// (plain http only on loopback), not ${apiUrl} (CKP_API_URL)`,
  );
}

function listOf(doc: Record<string, unknown>, key: string): unknown[] {
  const v = doc[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InfrastructureError("CloudInitTemplateInvalid", `the rendered cloud-init's ${key} is not a list`);
  return v;
}

const hasMarker = (v: unknown) => typeof v === "string" && v.includes(AGENT_INSTALL_MARKER);

/** Adds the agent config file and the install script when the template has not placed them itself. */
function withAgentBootstrap(out: string, doc: Record<string, unknown>, configText: string, script: string): string {
  const files = listOf(doc, "write_files");
  const runcmd = listOf(doc, "runcmd");
  const writesConfig = files.some((f) => typeof f === "object" && f !== null && (f as { path?: unknown }).path === AGENT_CONFIG_PATH);
  const installs =
    runcmd.some(hasMarker) || files.some((f) => typeof f === "object" && f !== null && hasMarker((f as { content?: unknown }).content));
  if (writesConfig && installs) return out;
  const next = { ...doc };
  if (!writesConfig) next.write_files = [...files, { path: AGENT_CONFIG_PATH, permissions: "0600", content: configText }];
  if (!installs) next.runcmd = [...runcmd, script];
  return `#cloud-config\n${yaml.dump(next, { schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true })}`;
}
