import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname as osHostname } from "node:os";
import { registrationProof } from "../core/tenancy/psk.js";
import { collectFacts, machineId as systemMachineId } from "./facts.js";
import { problemDetail, request } from "./http.js";
import { ensureKey, makeCsr } from "./keys.js";
import type { Log } from "./log.js";
import { type PreflightReport, runPreflight } from "./preflight.js";
import { type Identity, State } from "./state.js";

export interface RegisterOptions {
  server: string;
  domain: string;
  project: string;
  psk: string;
  stateDir: string;
  /** extra CA certificates to trust for the server's HTTPS */
  ca?: string[];
  machineId?: string;
  hostname?: string;
  factsFile?: string;
  /** fix what the preflight finds that the installation scripts would (config preflight.fix) */
  preflightFix?: boolean;
  pollSeconds: number;
  timeoutSeconds: number;
}

/**
 * Registers the host: a key pair and CSR, the PSK proof, then polling (by
 * registering again with fresh nonces) until the request is approved and
 * the answer carries the certificate. An agent that already holds a
 * certificate does nothing: no second request, no second host.
 */
export async function registerHost(o: RegisterOptions, log: Log): Promise<Identity> {
  const state = new State(o.stateDir);
  const existing = state.identity();
  if (existing) {
    log.info(`already registered as host ${existing.hostId} (${existing.domain}/${existing.project}); nothing to do`);
    return existing;
  }
  const psk = o.psk.trim();
  if (!psk) throw new Error("the PSK is empty");
  const machineId = o.machineId ?? systemMachineId();
  if (!machineId) throw new Error("no machine id (/etc/machine-id); pass --machine-id or set machineId in the config");
  const hostname = o.hostname ?? osHostname().split(".")[0] ?? "host";
  const given = o.factsFile ? (JSON.parse(readFileSync(o.factsFile, "utf8")) as Record<string, unknown>) : {};
  const facts = { ...collectFacts(), ...("preflight" in given ? {} : { preflight: preflight(o.preflightFix === true, log) }), ...given };
  const key = ensureKey(state);
  const csr = makeCsr(key, hostname);
  const server = o.server.replace(/\/+$/, "");
  const started = Date.now();
  const progress = log.progress();
  try {
    for (;;) {
      const timestamp = Math.floor(Date.now() / 1000);
      const nonce = randomBytes(16).toString("hex");
      const t = { domain: o.domain, project: o.project, machineId, timestamp, nonce };
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(`${server}/v1/agent/register`, {
          body: { ...t, hostname, facts, csr, proof: registrationProof(psk, t) },
          ...(o.ca?.length ? { ca: o.ca } : {}),
        });
      } catch (e) {
        // the control plane is unreachable or slow: try again, it is not a refusal
        progress.update(`registration attempt failed (${(e as Error).message}); retrying`);
        await sleep(Math.max(o.pollSeconds, 2) * 1000);
        continue;
      }
      const waited = Math.round((Date.now() - started) / 1000);
      if (res.status >= 500) {
        progress.update(`the control plane answered ${res.status}; retrying`);
        await sleep(Math.max(o.pollSeconds, 2) * 1000);
        continue;
      }
      if (res.status === 429) {
        const after = Number(res.headers["retry-after"] ?? 30);
        progress.update(`throttled after failed attempts; retrying in ${after}s`);
        await sleep(after * 1000);
        continue;
      }
      if (res.status !== 202) throw new Error(`registration refused (${res.status}): ${problemDetail(res)}`);
      const a = res.json<{
        requestId: string;
        status: string;
        hostId?: string;
        certificate?: string;
        certificateSerial?: string;
        caCertificate?: string;
        agentApiUrl?: string;
      }>();
      if (a.status === "rejected") throw new Error(`request ${a.requestId} was rejected`);
      if (a.status === "approved" && a.certificate && a.caCertificate && a.hostId) {
        progress.done(`approved: host ${a.hostId}, certificate ${a.certificateSerial}`);
        const identity: Identity = {
          server,
          agentApiUrl: (a.agentApiUrl ?? server).replace(/\/+$/, ""),
          domain: o.domain,
          project: o.project,
          machineId,
          hostname,
          requestId: a.requestId,
          hostId: a.hostId,
          certificateSerial: a.certificateSerial ?? "",
        };
        state.write(state.caFile, a.caCertificate);
        state.write(state.certFile, a.certificate);
        state.write(state.identityFile, `${JSON.stringify(identity, null, 2)}\n`);
        return identity;
      }
      if (a.status === "approved")
        throw new Error(`request ${a.requestId} was approved but no certificate came back (was it made without a CSR?)`);
      if (o.timeoutSeconds > 0 && waited >= o.timeoutSeconds)
        throw new Error(`request ${a.requestId} was not approved within ${o.timeoutSeconds}s`);
      progress.update(`request ${a.requestId} is waiting for approval (${waited}s)`);
      await sleep(o.pollSeconds * 1000);
    }
  } finally {
    progress.stop();
  }
}

/** The preflight sent with the facts; what it fixed is logged as well as reported. */
export function preflight(fix: boolean, log: Log): PreflightReport {
  const r = runPreflight({ fix });
  for (const f of r.fixed) log.info(`preflight fixed: ${f}`);
  for (const f of r.fixErrors ?? []) log.warn(`preflight could not fix: ${f}`);
  return r;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
