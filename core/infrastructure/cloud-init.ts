import yaml from "js-yaml";
import type { AgentBootstrap } from "./driver.js";
import { InfrastructureError } from "./errors.js";

/**
 * Cloud-init user data for a new machine. A provider cluster's template may
 * use these variables as `{{ name }}`; the rendered document must be
 * cloud-config YAML. The agent configuration file (`/etc/ckp/agent.yaml`)
 * carries what the agent needs to register: the API URL, tenant and PSK.
 */
export const TEMPLATE_VARIABLES = ["hostname", "agent_config", "api_url", "domain", "project", "psk", "cluster_id", "cluster_name"] as const;
export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

export const AGENT_CONFIG_PATH = "/etc/ckp/agent.yaml";

/** Used when the provider cluster has no template of its own (CCS VM). */
export const DEFAULT_CLOUD_INIT = `#cloud-config
hostname: {{ hostname }}
write_files:
  - path: ${AGENT_CONFIG_PATH}
    permissions: "0600"
    content: {{ agent_config }}
runcmd:
  - [systemctl, enable, --now, ckp-agent]
`;

export interface AgentConfig {
  server: string;
  domain: string;
  project: string;
  psk: string;
}

export function renderCloudInit(template: string, v: { hostname: string; clusterId: string; clusterName: string; agent: AgentBootstrap }): string {
  const agentConfig: AgentConfig = { server: v.agent.apiUrl, domain: v.agent.domain, project: v.agent.project, psk: v.agent.psk };
  const values: TemplateVariables = {
    hostname: v.hostname,
    // a JSON string is a valid YAML scalar, so the file content survives any indentation
    agent_config: JSON.stringify(yaml.dump(agentConfig)),
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
  try {
    const doc = yaml.load(out, { schema: yaml.CORE_SCHEMA });
    if (typeof doc !== "object" || doc === null) throw new Error("not a YAML mapping");
  } catch (e) {
    throw new InfrastructureError("CloudInitTemplateInvalid", `the rendered cloud-init is not valid cloud-config YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!out.startsWith("#cloud-config")) {
    throw new InfrastructureError("CloudInitTemplateInvalid", "the cloud-init template must start with #cloud-config");
  }
  return out;
}
