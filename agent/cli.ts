import { existsSync, readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { applyConvention, conventionForSubcommands, runProgram } from "../cli/convention.js";
import { type AgentConfig, configCa, configPsk, loadAgentConfig } from "./config.js";
import { mtlsAgent } from "./http.js";
import { consoleLog } from "./log.js";
import { reportPackages } from "./packages/report.js";
import { registerHost } from "./register.js";
import { runAgent } from "./run.js";
import { State } from "./state.js";
import { fetchRelease, installRelease } from "./upgrade.js";
import { VERSION } from "./version.js";

/**
 * The host agent's command line, on the project's CLI convention
 * (cli/convention.ts): `--help`, `help <command>` and `--version` exit 0,
 * usage mistakes exit 2, failures print one line and exit 1.
 */
const log = consoleLog();

interface Common {
  config?: string;
  stateDir?: string;
}

function settings(o: Common): { cfg: AgentConfig; stateDir: string; ca: string[] } {
  const cfg: AgentConfig = o.config ? loadAgentConfig(o.config) : {};
  const stateDir = o.stateDir ?? cfg.stateDir ?? process.env.CKP_AGENT_STATE_DIR ?? "/var/lib/ckp-agent";
  return { cfg, stateDir, ca: configCa(cfg) };
}

const seconds = (v: string | undefined, fallback: number, name: string) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of seconds`);
  return n;
};

const configOption = () =>
  new Option(
    "--config <file>",
    "a YAML file with server, domain, project, psk (or pskFile), machineId, hostname, ca (or caFile) and stateDir; flags override it",
  );
const stateDirOption = () =>
  new Option("--state-dir <dir>", "where the key and certificates live (else stateDir, CKP_AGENT_STATE_DIR, /var/lib/ckp-agent)");

function program(): Command {
  const p = applyConvention(new Command(), {
    name: "ckp-agent",
    version: VERSION,
    description: "The CKP host agent: registers the host with its project's PSK, then reports over mutual TLS and follows upgrades.",
  });

  p.command("register")
    .description("make a key pair and CSR, register with the project's PSK, wait for approval, and store the host certificate (0600)")
    .addOption(configOption())
    .option("--server <url>", "the control plane's API URL")
    .option("--domain <domain>")
    .option("--project <project>")
    .option("--psk-file <file>", "a file holding the project's host PSK")
    .addOption(stateDirOption())
    .option("--machine-id <id>", "else machineId in the config, else /etc/machine-id")
    .option("--hostname <name>", "else the system's host name")
    .option(
      "--facts-file <file>",
      "report these facts (JSON) instead of the host's (with a preflight member: instead of running the preflight)",
    )
    .option("--poll <seconds>", "how often to ask whether the request was approved", "5")
    .option("--timeout <seconds>", "give up after this long (0: never)", "0")
    .action(async (o: Common & Record<string, string | undefined>) => {
      const { cfg, stateDir, ca } = settings(o);
      const psk = configPsk(cfg, o.pskFile);
      const need = (v: string | undefined, flag: string, key: string) => {
        if (!v) throw new Error(`register needs --${flag}${o.config ? ` (or ${key} in ${o.config})` : " (or --config FILE)"}`);
        return v;
      };
      const machineId = o.machineId ?? cfg.machineId;
      const hostname = o.hostname ?? cfg.hostname;
      const id = await registerHost(
        {
          server: need(o.server ?? cfg.server, "server", "server"),
          domain: need(o.domain ?? cfg.domain, "domain", "domain"),
          project: need(o.project ?? cfg.project, "project", "project"),
          psk: need(psk, "psk-file", "psk or pskFile"),
          stateDir,
          ...(ca.length ? { ca } : {}),
          ...(machineId ? { machineId } : {}),
          ...(hostname ? { hostname } : {}),
          ...(o.factsFile ? { factsFile: o.factsFile } : {}),
          preflightFix: cfg.preflight?.fix === true,
          pollSeconds: seconds(o.poll, 5, "poll"),
          timeoutSeconds: seconds(o.timeout, 0, "timeout"),
        },
        log,
      );
      process.stdout.write(`${JSON.stringify({ hostId: id.hostId, requestId: id.requestId, certificateSerial: id.certificateSerial })}\n`);
    });

  p.command("run")
    .description("report health over the WebSocket (HTTPS when it is down) and follow the release the control plane names")
    .addOption(configOption())
    .addOption(stateDirOption())
    .option("--interval <seconds>", "seconds between heartbeats", "30")
    .option("--ws-url <url>", "the WebSocket URL (else the one the control plane names)")
    .option("--no-upgrade", "do not install the releases the control plane names")
    .option("--no-preflight", "do not re-run the host preflight (the control plane keeps judging the one sent at registration)")
    .addOption(
      new Option("--restart <how>", "after an upgrade: start the new build (spawn) or exit 75 for a supervisor (exit)")
        .choices(["spawn", "exit"])
        .default("spawn"),
    )
    .action(async (o: Common & { interval?: string; wsUrl?: string; upgrade: boolean; preflight: boolean; restart: "spawn" | "exit" }) => {
      const { cfg, stateDir, ca } = settings(o);
      await runAgent(
        {
          stateDir,
          intervalSeconds: seconds(o.interval, 30, "interval") || 30,
          ...(o.wsUrl ? { wsUrl: o.wsUrl } : {}),
          upgrades: o.upgrade,
          preflight: o.preflight ? { fix: cfg.preflight?.fix === true } : false,
          restart: o.restart,
          ...(ca.length ? { ca } : {}),
        },
        log,
      );
    });

  p.command("upgrade")
    .description("install the release the control plane names now, and restart a running agent")
    .addOption(configOption())
    .addOption(stateDirOption())
    .action(async (o: Common) => {
      const { stateDir, ca } = settings(o);
      const state = new State(stateDir);
      const id = state.identity();
      if (!id) throw new Error(`not registered (no certificate in ${stateDir})`);
      const agent = mtlsAgent(state, ca);
      try {
        const r = await fetchRelease(id, agent);
        if (!r) throw new Error("the control plane names no release");
        if (r.version === VERSION) {
          log.info(`already at ${VERSION}`);
          return;
        }
        await installRelease(id, agent, r);
        log.info(`installed ${r.version}`);
        const pid = existsSync(state.pidFile) ? Number(readFileSync(state.pidFile, "utf8").trim()) : NaN;
        if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
          process.kill(pid, "SIGHUP");
          log.info(`asked the running agent (pid ${pid}) to restart`);
        }
      } finally {
        agent.destroy();
      }
    });

  p.command("install-bundle")
    .description(
      "verify a pulled BYOH bundle's packages (OpenPGP signature by a trusted key, Maintainer Coredge.io), install them with dpkg, report on the host",
    )
    .addOption(configOption())
    .addOption(stateDirOption())
    .requiredOption("--dir <dir>", "the directory the bundle was pulled to (imgpkg pull): <package>.deb with <package>.deb.asc")
    .requiredOption("--kubernetes-version <version>", "the bundle's Kubernetes version, e.g. v1.31.2")
    .action(async (o: Common & { dir: string; kubernetesVersion: string }) => {
      const { stateDir, ca } = settings(o);
      const state = new State(stateDir);
      const id = state.identity();
      if (!id) throw new Error(`not registered (no certificate in ${stateDir})`);
      const agent = mtlsAgent(state, ca);
      // OpenPGP.js loads only for this command, not for every start of the agent
      const { fetchBundle, installBundle } = await import("./packages/install.js");
      try {
        const bundle = await fetchBundle(id, agent, o.kubernetesVersion);
        const report = await installBundle(o.dir, bundle);
        await reportPackages(state, id, agent, report);
        if (report.status === "refused" && report.refusal) {
          const r = report.refusal;
          throw new Error(
            `refused ${r.package}: ${r.check} check failed${r.key ? ` (key ${r.key})` : ""}: ${r.reason}; nothing was installed`,
          );
        }
        if (report.status === "failed") throw new Error(`installation failed: ${report.error}`);
        log.info(`installed ${report.packages?.join(", ")} from ${report.bundle}`);
      } finally {
        agent.destroy();
      }
    });

  p.command("version")
    .description("print the version compiled into the build")
    .action(() => {
      process.stdout.write(`${VERSION}\n`);
    });

  conventionForSubcommands(p);
  return p;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const argv = process.argv.slice(2);
runProgram(program(), argv, (e) => {
  log.warn((e as Error).message);
  return 1;
}).then((code) => {
  // `run` keeps the process alive through its sockets and timers
  if (code !== 0 || argv[0] !== "run") process.exit(code);
});
