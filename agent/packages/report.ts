import { existsSync } from "node:fs";
import type { Agent as HttpsAgent } from "node:https";
import { collectHealth } from "../facts.js";
import { problemDetail, request } from "../http.js";
import type { Identity, State } from "../state.js";
import { VERSION } from "../version.js";
import type { PackagesReport } from "./install.js";

/**
 * The last package installation is kept in the state directory: `run`
 * sends it with every heartbeat (the host's `agent.packages` would lose it
 * otherwise), and `install-bundle` reports it at once.
 */
export function lastPackages(state: State): PackagesReport | undefined {
  if (!existsSync(state.packagesFile)) return undefined;
  try {
    return JSON.parse(state.read(state.packagesFile)) as PackagesReport;
  } catch {
    return undefined;
  }
}

export async function reportPackages(state: State, id: Identity, agent: HttpsAgent, report: PackagesReport): Promise<void> {
  state.write(state.packagesFile, JSON.stringify(report), 0o644);
  const res = await request(`${id.agentApiUrl}/v1/agent/heartbeat`, {
    body: { version: VERSION, health: collectHealth(), packages: report },
    agent,
  });
  if (res.status !== 200) throw new Error(`could not report the installation (${res.status}): ${problemDetail(res)}`);
}
