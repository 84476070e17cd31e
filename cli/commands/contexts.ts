import { readFileSync } from "node:fs";
import { password, select } from "@inquirer/prompts";
import { ApiError, apiClient, ok } from "../api/client.js";
import {
  type ConfigFile,
  type Context,
  configPath,
  contextNameFor,
  normaliseServer,
  readConfig,
  upsertContext,
  writeConfig,
} from "../config.js";
import { CliError, EXIT } from "../errors.js";
import { table, toJson, toYaml } from "../format.js";
import { authProviders, chooseProvider, deviceLogin, type SsoSession, whoami } from "../sso.js";

/** login and config: contexts in the user's config file. */
const out = (t: string) => process.stdout.write(t);

async function readToken(o: { tokenStdin?: boolean }): Promise<string> {
  if (process.env.CKP_TOKEN && !o.tokenStdin) return process.env.CKP_TOKEN;
  if (o.tokenStdin || !process.stdin.isTTY) {
    const t = readFileSync(0, "utf8").trim();
    if (!t) throw new CliError("no token on stdin", EXIT.usage);
    return t;
  }
  return (await password({ message: "Token", mask: "*", validate: (v) => (v.trim() ? true : "a token is required") })).trim();
}

/**
 * With the IdP (--sso): the device flow, as the control plane's public
 * client; the person confirms the code in any browser, here or elsewhere.
 */
async function ssoLogin(server: string, o: { domain?: string; idp?: string }): Promise<{ token: string; sso: SsoSession; who: string }> {
  const p = chooseProvider(await authProviders(server, o.domain), o.idp);
  const { token, sso } = await deviceLogin(p, (d) => {
    process.stderr.write(
      `To sign in with ${p.displayName ?? p.identityProvider}, open ${d.verificationUri} and enter the code ${d.userCode}\n` +
        (d.verificationUriComplete ? `(or open ${d.verificationUriComplete})\n` : "") +
        `waiting for you to confirm it (the code is valid for ${Math.round(d.expiresIn / 60)} min)…\n`,
    );
  });
  const me = await whoami(server, token);
  return { token, sso, who: `${me.name ? `${me.name} ` : ""}(${me.id}${me.role ? `, ${me.role}` : ", no role bound yet"})` };
}

export async function login(
  url: string,
  o: {
    context?: string;
    domain?: string;
    project?: string;
    tokenStdin?: boolean;
    insecureSkipCheck?: boolean;
    sso?: boolean;
    idp?: string;
  },
): Promise<void> {
  const server = normaliseServer(url);
  if (o.sso || o.idp) {
    const { token, sso, who } = await ssoLogin(server, o);
    const name = storeContext(server, token, o, sso);
    out(`logged in to ${server} as ${who}, context ${name}\n`);
    process.stderr.write(`token and refresh token stored in ${configPath()} (0600); refreshed before they run out\n`);
    return;
  }
  const token = await readToken(o);
  if (!o.insecureSkipCheck) {
    // any authenticated read proves the token: the compatibility matrix is open to every role
    try {
      await ok(apiClient({ server, token }).GET("/v1/kubernetes-versions"), server);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw new CliError(`${server} refused the token: ${e.message}`, EXIT.auth);
      throw e;
    }
  }
  const name = storeContext(server, token, o);
  const ctx = readConfig().contexts.find((c) => c.name === name) as Context;
  out(
    `logged in to ${server} as context ${name}${ctx.domain ? ` (domain ${ctx.domain}${ctx.project ? `, project ${ctx.project}` : ""})` : ""}\n`,
  );
  process.stderr.write(`token stored in ${configPath()} (0600)\n`);
}

/** Writes the context (made current) and answers its name; its domain and project are kept unless given. */
function storeContext(server: string, token: string, o: { context?: string; domain?: string; project?: string }, sso?: SsoSession): string {
  const name = o.context ?? contextNameFor(server);
  const cfg = readConfig();
  const prev = cfg.contexts.find((c) => c.name === name);
  const ctx: Context = {
    name,
    server,
    token,
    ...((o.domain ?? prev?.domain) ? { domain: o.domain ?? prev?.domain } : {}),
    ...((o.project ?? prev?.project) ? { project: o.project ?? prev?.project } : {}),
    ...(sso ? { sso } : {}),
  };
  writeConfig({ ...upsertContext(cfg, ctx), currentContext: name });
  return name;
}

export function logout(name: string | undefined): void {
  const cfg = readConfig();
  const target = name ?? cfg.currentContext;
  if (!target || !cfg.contexts.some((c) => c.name === target)) throw new CliError(`no context ${target ?? ""} to log out of`, EXIT.usage);
  const next: ConfigFile = { contexts: cfg.contexts.filter((c) => c.name !== target) };
  if (cfg.currentContext && cfg.currentContext !== target) next.currentContext = cfg.currentContext;
  writeConfig(next);
  out(`context ${target} removed\n`);
}

const redact = (cfg: ConfigFile) => ({
  ...cfg,
  contexts: cfg.contexts.map((c) => ({
    ...c,
    token: c.token ? `${c.token.slice(0, 8)}…(redacted)` : "",
    ...(c.sso?.refreshToken ? { sso: { ...c.sso, refreshToken: "(redacted)" } } : {}),
  })),
});

export async function config(action: string, args: string[], o: { output?: string; domain?: string; project?: string; server?: string }) {
  const cfg = readConfig();
  switch (action) {
    case "view":
      out(o.output === "json" ? toJson(redact(cfg)) : toYaml(redact(cfg)));
      return;
    case "get-contexts":
      out(
        table(
          ["CURRENT", "NAME", "SERVER", "DOMAIN", "PROJECT"],
          cfg.contexts.map((c) => [c.name === cfg.currentContext ? "*" : "", c.name, c.server, c.domain ?? "", c.project ?? ""]),
        ),
      );
      return;
    case "current-context":
      if (!cfg.currentContext) throw new CliError("no current context (ckpctl login <url>)", EXIT.usage);
      out(`${cfg.currentContext}\n`);
      return;
    case "use-context": {
      let name = args[0];
      if (!name && process.stdin.isTTY && cfg.contexts.length) {
        name = await select({ message: "Context", choices: cfg.contexts.map((c) => ({ name: `${c.name}  ${c.server}`, value: c.name })) });
      }
      if (!name) throw new CliError("config use-context NAME", EXIT.usage);
      if (!cfg.contexts.some((c) => c.name === name)) throw new CliError(`no context named ${name}`, EXIT.usage);
      writeConfig({ ...cfg, currentContext: name });
      out(`switched to context ${name}\n`);
      return;
    }
    case "set-context": {
      const name = args[0] ?? cfg.currentContext;
      const c = cfg.contexts.find((x) => x.name === name);
      if (!name || !c) throw new CliError(`no context ${name ?? ""} (ckpctl login <url> --context NAME creates one)`, EXIT.usage);
      const next: Context = { ...c };
      if (o.domain !== undefined) next.domain = o.domain || undefined;
      if (o.project !== undefined) next.project = o.project || undefined;
      if (o.server !== undefined) next.server = normaliseServer(o.server);
      for (const k of ["domain", "project"] as const) if (!next[k]) delete next[k];
      writeConfig(upsertContext(cfg, next));
      out(`context ${name}: server ${next.server}, domain ${next.domain ?? "-"}, project ${next.project ?? "-"}\n`);
      return;
    }
    case "delete-context":
      logout(args[0]);
      return;
    default:
      throw new CliError(
        `config ${action}: use view, get-contexts, current-context, use-context, set-context or delete-context`,
        EXIT.usage,
      );
  }
}
