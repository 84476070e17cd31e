import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import { CliError, EXIT } from "./errors.js";
import { type SsoSession, tokenSource } from "./sso.js";

/**
 * Contexts, like kubeconfig's: each names a server, a token and a default
 * domain and project. Kept in $CKP_CONFIG, else
 * $XDG_CONFIG_HOME/ckp/config.yaml (~/.config/ckp/config.yaml), mode 0600
 * in a 0700 directory, because it holds tokens.
 */
export interface Context {
  name: string;
  server: string;
  token: string;
  domain?: string;
  project?: string;
  /** a sign-in with the IdP (ckpctl login --sso): the token is refreshed from here */
  sso?: SsoSession;
}

export interface ConfigFile {
  currentContext?: string;
  contexts: Context[];
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CKP_CONFIG) return env.CKP_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "ckp", "config.yaml");
}

export function readConfig(path = configPath()): ConfigFile {
  if (!existsSync(path)) return { contexts: [] };
  let doc: unknown;
  try {
    doc = yaml.load(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CliError(`${path}: not valid YAML: ${(e as Error).message}`, EXIT.usage);
  }
  if (doc === undefined || doc === null) return { contexts: [] };
  const d = doc as Partial<ConfigFile>;
  if (typeof d !== "object" || (d.contexts !== undefined && !Array.isArray(d.contexts))) {
    throw new CliError(`${path}: expected currentContext and a list of contexts`, EXIT.usage);
  }
  const contexts = (d.contexts ?? []).filter((c): c is Context => typeof c?.name === "string" && typeof c?.server === "string");
  return { ...(typeof d.currentContext === "string" ? { currentContext: d.currentContext } : {}), contexts };
}

/** Written to a temporary file (0600) and renamed over the old one, so a crash never leaves half a file. */
export function writeConfig(cfg: ConfigFile, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, yaml.dump(cfg, { lineWidth: -1 }), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function upsertContext(cfg: ConfigFile, ctx: Context): ConfigFile {
  const contexts = cfg.contexts.filter((c) => c.name !== ctx.name);
  const at = cfg.contexts.findIndex((c) => c.name === ctx.name);
  contexts.splice(at < 0 ? contexts.length : at, 0, ctx);
  return { ...cfg, contexts };
}

/** A context name for a server URL: its host and port. */
export function contextNameFor(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    throw new CliError(`${server} is not a URL (e.g. https://ckp.example.com)`, EXIT.usage);
  }
}

/** The API's base URL without a trailing /v1 or slash: requests name their full /v1 path. */
export function normaliseServer(server: string): string {
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    throw new CliError(`${server} is not a URL (e.g. https://ckp.example.com)`, EXIT.usage);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new CliError(`${server}: the server must be http:// or https://`, EXIT.usage);
  return `${u.origin}${u.pathname.replace(/\/+$/, "").replace(/\/v1$/, "")}`;
}

export interface Globals {
  context?: string;
  domain?: string;
  project?: string;
  server?: string;
}

/** Where requests go and as whom: flags, then CKP_* variables, then the context. */
export interface Target {
  contextName: string | undefined;
  server: string;
  token: string;
  domain: string | undefined;
  project: string | undefined;
  /** for an IdP sign-in: the token, refreshed (and written back) when it is about to run out */
  fresh?: () => Promise<string>;
}

export function resolveTarget(g: Globals, env: NodeJS.ProcessEnv = process.env, cfg: ConfigFile = readConfig()): Target {
  const wanted = g.context ?? env.CKP_CONTEXT ?? cfg.currentContext;
  const ctx = wanted ? cfg.contexts.find((c) => c.name === wanted) : undefined;
  if (wanted && !ctx && (g.context || env.CKP_CONTEXT)) {
    throw new CliError(
      `no context named ${wanted} (known: ${cfg.contexts.map((c) => c.name).join(", ") || "none"}); ckpctl login <url> --context ${wanted}`,
      EXIT.usage,
    );
  }
  const server = g.server ?? env.CKP_SERVER ?? ctx?.server;
  const token = env.CKP_TOKEN ?? ctx?.token;
  if (!server || !token) {
    throw new CliError("not logged in: run ckpctl login <url> (or set CKP_SERVER and CKP_TOKEN)", EXIT.usage);
  }
  const sso = !env.CKP_TOKEN && ctx?.sso ? ctx : undefined;
  return {
    contextName: ctx?.name,
    server: normaliseServer(server),
    token,
    ...(sso ? { fresh: tokenSource(sso, (next) => writeConfig(upsertContext(readConfig(), next))) } : {}),
    domain: g.domain ?? env.CKP_DOMAIN ?? ctx?.domain,
    project: g.project ?? env.CKP_PROJECT ?? ctx?.project,
  };
}
