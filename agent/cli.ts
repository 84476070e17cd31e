import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type AgentConfig, configCa, configPsk, loadAgentConfig } from "./config.js";
import { mtlsAgent } from "./http.js";
import { consoleLog } from "./log.js";
import { registerHost } from "./register.js";
import { runAgent } from "./run.js";
import { State } from "./state.js";
import { fetchRelease, installRelease } from "./upgrade.js";
import { VERSION } from "./version.js";

const USAGE = `ckp-agent ${VERSION} — the CKP host agent

  ckp-agent register [--config FILE] [--server URL --domain D --project P --psk-file FILE]
                     [--state-dir DIR] [--machine-id ID] [--hostname NAME] [--facts-file FILE]
                     [--poll SECONDS] [--timeout SECONDS]
      Make a key pair and CSR, register with the project's PSK, wait for approval,
      and store the host certificate (0600) in the state directory.

  ckp-agent run [--config FILE] [--state-dir DIR] [--interval SECONDS] [--ws-url URL] [--no-upgrade]
                [--restart spawn|exit]
      Report health over the WebSocket (HTTPS when it is down) and follow the release
      the control plane names.

  ckp-agent upgrade [--config FILE] [--state-dir DIR]
      Install the release the control plane names now, and restart a running agent.

  ckp-agent version

--config FILE: a YAML file with server, domain, project, psk (or pskFile), machineId,
hostname, ca (or caFile) and stateDir (what cloud-init writes to /etc/ckp/agent.yaml);
flags override it.
State directory: --state-dir, or stateDir in the config, or CKP_AGENT_STATE_DIR, or /var/lib/ckp-agent.
`;

const log = consoleLog();

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      server: { type: "string" },
      domain: { type: "string" },
      project: { type: "string" },
      config: { type: "string" },
      "psk-file": { type: "string" },
      "state-dir": { type: "string" },
      "machine-id": { type: "string" },
      hostname: { type: "string" },
      "facts-file": { type: "string" },
      poll: { type: "string" },
      timeout: { type: "string" },
      interval: { type: "string" },
      "ws-url": { type: "string" },
      "no-upgrade": { type: "boolean" },
      restart: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const cfg: AgentConfig = values.config ? loadAgentConfig(values.config) : {};
  const stateDir = values["state-dir"] ?? cfg.stateDir ?? process.env.CKP_AGENT_STATE_DIR ?? "/var/lib/ckp-agent";
  const ca = configCa(cfg);
  const seconds = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of seconds`);
    return n;
  };
  if (values.help || !command || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "version":
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case "register": {
      const server = values.server ?? cfg.server;
      const domain = values.domain ?? cfg.domain;
      const project = values.project ?? cfg.project;
      const psk = configPsk(cfg, values["psk-file"]);
      const need = (v: string | undefined, flag: string, key: string) => {
        if (!v) throw new Error(`register needs --${flag}${values.config ? ` (or ${key} in ${values.config})` : " (or --config FILE)"}`);
        return v;
      };
      const machineId = values["machine-id"] ?? cfg.machineId;
      const hostname = values.hostname ?? cfg.hostname;
      const id = await registerHost(
        {
          server: need(server, "server", "server"),
          domain: need(domain, "domain", "domain"),
          project: need(project, "project", "project"),
          psk: need(psk, "psk-file", "psk or pskFile"),
          stateDir,
          ...(ca.length ? { ca } : {}),
          ...(machineId ? { machineId } : {}),
          ...(hostname ? { hostname } : {}),
          ...(values["facts-file"] ? { factsFile: values["facts-file"] } : {}),
          pollSeconds: seconds(values.poll, 5, "poll"),
          timeoutSeconds: seconds(values.timeout, 0, "timeout"),
        },
        log,
      );
      process.stdout.write(`${JSON.stringify({ hostId: id.hostId, requestId: id.requestId, certificateSerial: id.certificateSerial })}\n`);
      return 0;
    }
    case "run": {
      const restart = values.restart ?? "spawn";
      if (restart !== "spawn" && restart !== "exit") throw new Error("--restart is spawn or exit");
      await runAgent(
        {
          stateDir,
          intervalSeconds: seconds(values.interval, 30, "interval") || 30,
          ...(values["ws-url"] ? { wsUrl: values["ws-url"] } : {}),
          upgrades: !values["no-upgrade"],
          restart,
          ...(ca.length ? { ca } : {}),
        },
        log,
      );
      return 0;
    }
    case "upgrade": {
      const state = new State(stateDir);
      const id = state.identity();
      if (!id) throw new Error(`not registered (no certificate in ${stateDir})`);
      const agent = mtlsAgent(state, ca);
      try {
        const r = await fetchRelease(id, agent);
        if (!r) throw new Error("the control plane names no release");
        if (r.version === VERSION) {
          log.info(`already at ${VERSION}`);
          return 0;
        }
        await installRelease(id, agent, r);
        log.info(`installed ${r.version}`);
        const pid = existsSync(state.pidFile) ? Number(readFileSync(state.pidFile, "utf8").trim()) : NaN;
        if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
          process.kill(pid, "SIGHUP");
          log.info(`asked the running agent (pid ${pid}) to restart`);
        }
        return 0;
      } finally {
        agent.destroy();
      }
    }
    default:
      process.stderr.write(`unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== "run") process.exit(code);
  },
  (e: unknown) => {
    log.warn((e as Error).message);
    process.exit(1);
  },
);
