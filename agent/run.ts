import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import WebSocket from "ws";
import { collectHealth } from "./facts.js";
import { mtlsAgent, problemDetail, request, tlsOptions } from "./http.js";
import type { Log } from "./log.js";
import { lastPackages } from "./packages/report.js";
import type { PreflightReport } from "./preflight.js";
import { preflight, sleep } from "./register.js";
import { State } from "./state.js";
import { installRelease, type Release, type UpgradeReport } from "./upgrade.js";
import { VERSION } from "./version.js";

export interface RunOptions {
  stateDir: string;
  intervalSeconds: number;
  /** overrides the WebSocket URL the control plane names */
  wsUrl?: string;
  upgrades: boolean;
  /** re-run the host preflight and report it with the health (false: the registration's stands) */
  preflight: false | { fix: boolean };
  /** after an upgrade: start the new build ("spawn"), or exit 75 for a supervisor to restart ("exit") */
  restart: "spawn" | "exit";
  /** extra CA certificates to trust for the control plane's HTTPS (from the config) */
  ca?: string[];
}

interface Ack {
  type: "ack";
  at: string;
  release?: Release;
}

const MAX_BACKOFF_MS = 30_000;
/** how often the preflight runs again: it forks four tools, too much for every heartbeat */
const PREFLIGHT_EVERY_MS = 5 * 60_000;

/**
 * The agent's main loop: a WebSocket to the control plane (opened with a
 * ticket fetched over mTLS) carrying a heartbeat with health facts every
 * interval; reconnects with exponential backoff and jitter, and reports
 * over HTTPS whenever the WebSocket is down. Acks name the release to run;
 * a newer one is installed and the agent restarts into it.
 */
export async function runAgent(o: RunOptions, log: Log): Promise<void> {
  const state = new State(o.stateDir);
  const id = state.identity();
  if (!id) throw new Error(`not registered (no certificate in ${o.stateDir}); run ckp-agent register first`);
  state.write(state.pidFile, `${process.pid}\n`, 0o644);
  const agent = mtlsAgent(state, o.ca);
  const upgradeFile = `${o.stateDir}/upgrade.json`;
  let lastUpgrade: UpgradeReport | undefined = existsSync(upgradeFile) ? (JSON.parse(state.read(upgradeFile)) as UpgradeReport) : undefined;
  const refused = new Set<string>();
  let upgrading = false;
  let stopping = false;
  let ws: WebSocket | undefined;
  let lastAck = Date.now();
  const intervalMs = o.intervalSeconds * 1000;
  log.info(`agent ${VERSION} running as host ${id.hostId} (${id.domain}/${id.project}) against ${id.agentApiUrl}`);

  let checked: { report: PreflightReport; at: number } | undefined;
  const currentPreflight = (): PreflightReport | undefined => {
    if (!o.preflight) return undefined;
    if (!checked || Date.now() - checked.at >= PREFLIGHT_EVERY_MS) {
      const report = preflight(o.preflight.fix, log);
      if (checked && JSON.stringify({ ...checked.report, at: "" }) !== JSON.stringify({ ...report, at: "" }))
        log.info("the host preflight changed; reporting it");
      checked = { report, at: Date.now() };
    }
    return checked.report;
  };

  const heartbeat = () => {
    const p = currentPreflight();
    const packages = lastPackages(state);
    return {
      version: VERSION,
      health: { ...collectHealth(), ...(p ? { preflight: p } : {}) },
      ...(lastUpgrade ? { upgrade: lastUpgrade } : {}),
      ...(packages ? { packages } : {}),
    };
  };

  const restart = (why: string) => {
    stopping = true;
    log.info(`restarting: ${why}`);
    ws?.terminate();
    agent.destroy();
    if (o.restart === "exit") process.exit(75);
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { detached: true, stdio: "inherit" });
    child.unref();
    process.exit(0);
  };

  const onAck = async (ack: Ack) => {
    lastAck = Date.now();
    const r = ack.release;
    if (!o.upgrades || !r || r.version === VERSION || upgrading || refused.has(`${r.version}#${r.sha256}`)) return;
    upgrading = true;
    log.info(`control plane names release ${r.version}; upgrading from ${VERSION}`);
    try {
      await installRelease(id, agent, r);
      lastUpgrade = { status: "succeeded", version: r.version, at: new Date().toISOString() };
      state.write(upgradeFile, JSON.stringify(lastUpgrade), 0o644);
      restart(`upgraded to ${r.version}`);
    } catch (e) {
      refused.add(`${r.version}#${r.sha256}`);
      lastUpgrade = { status: "failed", version: r.version, at: new Date().toISOString(), error: (e as Error).message.slice(0, 900) };
      state.write(upgradeFile, JSON.stringify(lastUpgrade), 0o644);
      log.warn(`upgrade to ${r.version} failed: ${(e as Error).message}`);
    } finally {
      upgrading = false;
    }
  };

  const httpsHeartbeat = async () => {
    const res = await request(`${id.agentApiUrl}/v1/agent/heartbeat`, { body: heartbeat(), agent });
    if (res.status !== 200) throw new Error(`heartbeat refused (${res.status}): ${problemDetail(res)}`);
    await onAck(res.json<Ack>());
  };

  const beat = async () => {
    if (ws && ws.readyState === WebSocket.OPEN) {
      if (Date.now() - lastAck > 3 * intervalMs + 5000) {
        log.warn("no answer on the WebSocket; reconnecting");
        ws.terminate();
      } else {
        ws.send(JSON.stringify({ type: "heartbeat", ...heartbeat() }));
        return;
      }
    }
    try {
      await httpsHeartbeat();
    } catch (e) {
      log.warn(`https heartbeat failed: ${(e as Error).message}`);
    }
  };

  const connectOnce = (url: string): Promise<void> =>
    new Promise((done) => {
      // API Gateway allows $connect up to 29 s
      const sock = new WebSocket(url, { ...tlsOptions(state, o.ca), handshakeTimeout: 30_000 });
      sock.on("open", () => {
        ws = sock;
        lastAck = Date.now();
        log.info("websocket connected");
        void beat();
      });
      sock.on("message", (data) => {
        let msg: Ack | { type: "error"; status: number; detail: string };
        try {
          msg = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (msg.type === "ack") void onAck(msg);
        else if (msg.type === "error") {
          log.warn(`control plane refused a report (${msg.status}): ${msg.detail}`);
          if (msg.status === 401 || msg.status === 404) sock.close();
        }
      });
      sock.on("unexpected-response", (_req, res) => {
        log.warn(`websocket refused: ${res.statusCode}`);
        sock.terminate();
      });
      sock.on("error", (e) => log.warn(`websocket error: ${e.message}`));
      sock.on("close", () => {
        if (ws === sock) ws = undefined;
        done();
      });
    });

  const wsLoop = async () => {
    let backoff = 1000;
    while (!stopping) {
      const opened = Date.now();
      try {
        const t = await request(`${id.agentApiUrl}/v1/agent/ws-ticket`, { method: "POST", agent });
        if (t.status !== 200) throw new Error(`no connect ticket (${t.status}): ${problemDetail(t)}`);
        const { ticket, url } = t.json<{ ticket: string; url: string }>();
        const target = new URL(o.wsUrl ?? url);
        target.searchParams.set("ticket", ticket);
        await connectOnce(target.toString());
        if (!stopping) log.warn("websocket closed; reporting over HTTPS until it is back");
      } catch (e) {
        log.warn(`websocket unavailable: ${(e as Error).message}; reporting over HTTPS`);
      }
      if (Date.now() - opened > 60_000) backoff = 1000; // it was up for a while: start over
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  };

  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      stopping = true;
      ws?.close();
      agent.destroy();
      process.exit(0);
    });
  }
  process.on("SIGHUP", () => restart("asked to (SIGHUP)"));

  void wsLoop();
  for (;;) {
    await sleep(intervalMs);
    if (stopping) return;
    await beat();
  }
}
