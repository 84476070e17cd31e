import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { z } from "zod";

/**
 * The agent's configuration file (`--config`, /etc/ckp/agent.yaml on a
 * machine a provider created: cloud-init writes it). Command-line flags
 * override what it says.
 *
 *   server: https://ckp.example.com      # where it registers (the PSK endpoint)
 *   domain: acme
 *   project: edge
 *   psk: "…"                              # or pskFile: /etc/ckp/psk
 *   machineId: 6f1c…                      # else /etc/machine-id
 *   hostname: edge-1-a1b2c3-0             # else the system's host name
 *   ca: |                                 # or caFile: — the CA of the server's HTTPS certificate,
 *     -----BEGIN CERTIFICATE-----         #   when it is not a public one
 *   stateDir: /var/lib/ckp-agent
 *   preflight:
 *     fix: true                            # load overlay/br_netfilter, set the sysctls, swapoff -a (as the install scripts do)
 */
export interface AgentConfig {
  server?: string;
  domain?: string;
  project?: string;
  psk?: string;
  pskFile?: string;
  machineId?: string;
  hostname?: string;
  /** PEM certificates to trust (besides the public roots) for the control plane's HTTPS */
  ca?: string;
  caFile?: string;
  stateDir?: string;
  preflight?: { fix?: boolean };
}

const label = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS label (lowercase letters, digits and '-')");

const schema = z
  .strictObject({
    server: z
      .string()
      .refine((s) => /^https?:\/\/[^/\s]+/.test(s) && URL.canParse(s), "must be an http:// or https:// URL")
      .optional(),
    domain: label.optional(),
    project: label.optional(),
    psk: z.string().trim().min(1, "must not be empty").optional(),
    pskFile: z.string().min(1).optional(),
    machineId: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "letters, digits, '.', '_', ':' and '-'")
      .optional(),
    hostname: z
      .string()
      .max(253)
      .regex(/^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/, "must be an RFC 1123 host name")
      .optional(),
    ca: z.string().refine(isPemCertificates, "must be PEM certificates (-----BEGIN CERTIFICATE-----)").optional(),
    caFile: z.string().min(1).optional(),
    stateDir: z.string().min(1).optional(),
    preflight: z.strictObject({ fix: z.boolean().optional() }).optional(),
  })
  .refine((c) => !(c.psk && c.pskFile), { message: "give psk or pskFile, not both", path: ["psk"] })
  .refine((c) => !(c.ca && c.caFile), { message: "give ca or caFile, not both", path: ["ca"] });

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function isPemCertificates(text: string): boolean {
  const blocks = text.match(PEM_BLOCK);
  if (!blocks) return false;
  try {
    for (const b of blocks) new X509Certificate(b);
    return true;
  } catch {
    return false;
  }
}

/** Parses and checks a configuration document; `source` names it in errors. */
export function parseAgentConfig(text: string, source: string): AgentConfig {
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: source });
  } catch (e) {
    throw new ConfigError(`${source} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === undefined || doc === null) throw new ConfigError(`${source} is empty`);
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new ConfigError(`${source} must be a YAML mapping of settings (server, domain, project, psk, …)`);
  const r = schema.safeParse(doc);
  if (!r.success) {
    const problems = r.error.issues.map((i) => {
      if (i.code === "unrecognized_keys")
        return i.path.length
          ? `unknown setting(s) ${i.keys.map((k) => [...i.path, k].join(".")).join(", ")}`
          : `unknown setting(s) ${i.keys.join(", ")} (known: ${Object.keys(schema.shape).join(", ")})`;
      const where = i.path.join(".");
      const got = i.code === "invalid_type" ? `must be a ${i.expected}` : i.message;
      return where ? `${where} ${got}` : got;
    });
    throw new ConfigError(`${source}: ${problems.join("; ")}`);
  }
  return r.data;
}

/** Reads the configuration file; a missing or unreadable file is a clear error. */
export function loadAgentConfig(path: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read the config file ${path}: ${code === "ENOENT" ? "it does not exist" : code === "EACCES" ? "permission denied" : (e as Error).message}`,
    );
  }
  return parseAgentConfig(text, path);
}

/** The extra CA certificates the config names (inline or from caFile), as PEM blocks. */
export function configCa(c: AgentConfig): string[] {
  let text = c.ca;
  if (c.caFile) {
    try {
      text = readFileSync(c.caFile, "utf8");
    } catch (e) {
      throw new ConfigError(`cannot read caFile ${c.caFile}: ${(e as Error).message}`);
    }
    if (!isPemCertificates(text)) throw new ConfigError(`caFile ${c.caFile} holds no PEM certificate`);
  }
  return text?.match(PEM_BLOCK) ?? [];
}

/** The PSK from the flag's file, else the config's psk or pskFile. */
export function configPsk(c: AgentConfig, pskFileFlag: string | undefined): string | undefined {
  const file = pskFileFlag ?? c.pskFile;
  if (!pskFileFlag && c.psk) return c.psk.trim();
  if (!file) return undefined;
  let psk: string;
  try {
    psk = readFileSync(file, "utf8").trim();
  } catch (e) {
    throw new ConfigError(`cannot read the PSK file ${file}: ${(e as Error).message}`);
  }
  if (!psk) throw new ConfigError(`the PSK file ${file} is empty`);
  return psk;
}
