import { ensureConsoleBuilt } from "./console.js";
import { startControlPlane } from "./control-plane.js";

/**
 * `npm run dev`: the control plane on this machine, its console at `/`, and
 * (with --sandbox, which `npm run dev` passes) the sandbox: a simulated data
 * centre so a cluster can be created and reach Ready here (docs/sandbox.md).
 *
 * Flags: --sandbox (unless CKP_SANDBOX=0), --build-console (build the console
 * when its build is missing or older than its sources), --no-relay,
 * --no-workers (used by tests that simulate a crash between the state write
 * and the relay). Honours PORT, CKP_ADMIN_TOKEN and CKP_STAGE; for host
 * agents CKP_MTLS_PORT (3443), CKP_AGENT_WS=off (no WebSocket),
 * CKP_AGENT_SWEEP_INTERVAL_MS and CKP_AGENT_HEARTBEAT_TIMEOUT_SECONDS; for the
 * machine reconciler CKP_MACHINE_RECONCILE_INTERVAL_MS (60 s); for the gRPC
 * MachineHost service CKP_GRPC_PORT (50051; docs/grpc.md); for the
 * sandbox CKP_SANDBOX_HOSTS_PER_PROJECT (3), CKP_SANDBOX_SERVERS (32),
 * CKP_SANDBOX_CONTROLLERS (simulated), CKP_SANDBOX_CONTROLLER_DELAY_MS (1500)
 * and CKP_SANDBOX_IDP (1: the sandbox's identity provider; 0 for none).
 */
const args = new Set(process.argv.slice(2));
const sandboxWanted = args.has("--sandbox") && process.env.CKP_SANDBOX !== "0";
const say = (line: string) => console.log(line);

if (args.has("--build-console")) {
  await ensureConsoleBuilt(say).catch((e: unknown) => say(`the console could not be built: ${(e as Error).message}`));
}
if (sandboxWanted) {
  // the sandbox's clusters wait on a local apiserver: re-check every 2 s rather than backing off to 30 s
  process.env.CKP_SAGA_MAX_POLL_SECONDS ??= "2";
  // a line per request (the console polls) would bury the banner: warnings and errors only, unless asked
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
}

const cp = await startControlPlane({
  port: Number(process.env.PORT ?? 3000),
  stage: process.env.CKP_STAGE ?? "local",
  ...(process.env.CKP_ADMIN_TOKEN ? { adminToken: process.env.CKP_ADMIN_TOKEN } : {}),
  relay: !args.has("--no-relay"),
  workers: !args.has("--no-workers"),
  // PORT=0 (any free port) implies the same for the mTLS listener unless it is named
  mtlsPort: Number(process.env.CKP_MTLS_PORT ?? (process.env.PORT === "0" ? 0 : 3443)),
  agentWebSocket: process.env.CKP_AGENT_WS !== "off",
  ...(process.env.CKP_AGENT_SWEEP_INTERVAL_MS ? { agentSweepIntervalMs: Number(process.env.CKP_AGENT_SWEEP_INTERVAL_MS) } : {}),
  grpcPort: Number(process.env.CKP_GRPC_PORT ?? (process.env.PORT === "0" ? 0 : 50051)),
  ...(process.env.CKP_MACHINE_RECONCILE_INTERVAL_MS
    ? { machineReconcileIntervalMs: Number(process.env.CKP_MACHINE_RECONCILE_INTERVAL_MS) }
    : {}),
  ...(process.env.CKP_SAGA_RESUME_INTERVAL_MS ? { sagaResumeIntervalMs: Number(process.env.CKP_SAGA_RESUME_INTERVAL_MS) } : {}),
});

// The fragment never reaches a server; the console reads it once and drops it from the address bar.
const signIn = cp.adminTokenGenerated ? `${cp.url}/#token=${cp.adminToken}` : `${cp.url}/  (sign in with CKP_ADMIN_TOKEN)`;
console.log(`
CKP control plane is up (stage ${cp.stage})
  Console  ${signIn}
  API      ${cp.url}/v1
  OpenAPI  ${cp.url}/v1/openapi.json
  Docs     ${cp.url}/v1/docs
  gRPC     ${cp.grpcUrl.replace(/^http:\/\//, "")} (h2c, reflection on: grpcurl -plaintext ${cp.grpcUrl.replace(/^http:\/\//, "")} list)
  Agents   ${cp.mtlsUrl}/v1 (mutual TLS; CA bundle: ${cp.url}/v1/ca)${cp.wsUrl ? `, WebSocket ${cp.wsUrl}` : ""}
  Admin    ${cp.adminTokenGenerated ? `${cp.adminToken}   (generated; set CKP_ADMIN_TOKEN to choose one)` : "token from CKP_ADMIN_TOKEN"}
  Logs     ${process.env.POWERTOOLS_LOG_LEVEL} and above (POWERTOOLS_LOG_LEVEL=INFO logs every request)
  export AWS_ENDPOINT_URL=${process.env.AWS_ENDPOINT_URL} AWS_ENDPOINT_URL_DYNAMODB=${process.env.AWS_ENDPOINT_URL_DYNAMODB}
Ctrl-C stops everything this command started.
`);

// Machine-readable lines for test harnesses that start this command: "ready" once the control plane
// serves, then (with --sandbox) "sandbox" once the sandbox is up or has failed to start.
const machineReadable = (line: Record<string, unknown>) => {
  if (process.env.CKP_READY_JSON === "1") console.log(JSON.stringify(line));
};
machineReadable({ event: "ready", url: cp.url, mtlsUrl: cp.mtlsUrl, wsUrl: cp.wsUrl, grpcUrl: cp.grpcUrl, stage: cp.stage, env: cp.env });

let stopping = false;
let sandbox: { stop(): Promise<void> } | undefined;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    await sandbox?.stop().catch((e: unknown) => console.error("sandbox stop failed", e));
    await cp.stop().catch((e: unknown) => console.error("stop failed", e));
    process.exit(0);
  });
}

if (sandboxWanted) {
  const { Sandbox, SandboxUnavailable } = await import("../sandbox/sandbox.js");
  const { sandboxBanner } = await import("../sandbox/banner.js");
  const s = new Sandbox({
    apiUrl: cp.url,
    adminToken: cp.adminToken,
    stateDir: cp.stateDir,
    resources: cp.env,
    ...numberFromEnv("CKP_SANDBOX_HOSTS_PER_PROJECT", "hostsPerProject"),
    ...numberFromEnv("CKP_SANDBOX_SERVERS", "servers"),
    ...numberFromEnv("CKP_SANDBOX_CONTROLLER_DELAY_MS", "controllerDelayMs"),
    ...(process.env.CKP_SANDBOX_CONTROLLERS ? { controllers: process.env.CKP_SANDBOX_CONTROLLERS } : {}),
    identityProvider: process.env.CKP_SANDBOX_IDP !== "0",
    log: say,
  });
  sandbox = s;
  say("Starting the sandbox (simulated data centre; CKP_SANDBOX=0 to skip) …");
  try {
    const summary = await s.start();
    say(sandboxBanner(summary, signIn));
    machineReadable({ event: "sandbox", sandbox: summary });
  } catch (e) {
    const sandboxError = (e as Error).message;
    sandbox = undefined;
    await s.stop();
    if (!stopping) {
      say(
        e instanceof SandboxUnavailable
          ? `\nNo sandbox: ${sandboxError}\nThe control plane runs without it.\n`
          : `\nThe sandbox failed to start: ${(e as Error).stack ?? sandboxError}\nThe control plane runs without it.\n`,
      );
      machineReadable({ event: "sandbox", error: sandboxError });
    }
  }
}

function numberFromEnv<K extends string>(name: string, key: K): Partial<Record<K, number>> {
  const v = process.env[name];
  if (v === undefined || v === "") return {};
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v} is not a number ≥ 0`);
  return { [key]: n } as Partial<Record<K, number>>;
}
