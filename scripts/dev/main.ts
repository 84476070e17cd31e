import { startControlPlane } from "./control-plane.js";

/**
 * `npm run dev`: the control plane on this machine. Flags: --no-relay,
 * --no-workers (used by tests that simulate a crash between the state write
 * and the relay). Honours PORT, CKP_ADMIN_TOKEN and CKP_STAGE; for host
 * agents CKP_MTLS_PORT (3443), CKP_AGENT_WS=off (no WebSocket),
 * CKP_AGENT_SWEEP_INTERVAL_MS and CKP_AGENT_HEARTBEAT_TIMEOUT_SECONDS; for the
 * machine reconciler CKP_MACHINE_RECONCILE_INTERVAL_MS (60 s); for the gRPC
 * MachineHost service CKP_GRPC_PORT (50051; docs/grpc.md).
 */
const args = new Set(process.argv.slice(2));
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
});

console.log(`
CKP control plane is up (stage ${cp.stage})
  API      ${cp.url}/v1
  OpenAPI  ${cp.url}/v1/openapi.json
  Docs     ${cp.url}/v1/docs
  gRPC     ${cp.grpcUrl.replace(/^http:\/\//, "")} (h2c, reflection on: grpcurl -plaintext ${cp.grpcUrl.replace(/^http:\/\//, "")} list)
  Agents   ${cp.mtlsUrl}/v1 (mutual TLS; CA bundle: ${cp.url}/v1/ca)${cp.wsUrl ? `, WebSocket ${cp.wsUrl}` : ""}
  Admin    ${cp.adminTokenGenerated ? `${cp.adminToken}   (generated; set CKP_ADMIN_TOKEN to choose one)` : "token from CKP_ADMIN_TOKEN"}
  export AWS_ENDPOINT_URL=${process.env.AWS_ENDPOINT_URL} AWS_ENDPOINT_URL_DYNAMODB=${process.env.AWS_ENDPOINT_URL_DYNAMODB}
Ctrl-C stops everything this command started.
`);
// Machine-readable line for test harnesses that start this command.
if (process.env.CKP_READY_JSON === "1") {
  console.log(
    JSON.stringify({
      event: "ready",
      url: cp.url,
      mtlsUrl: cp.mtlsUrl,
      wsUrl: cp.wsUrl,
      grpcUrl: cp.grpcUrl,
      stage: cp.stage,
      env: cp.env,
    }),
  );
}

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    await cp.stop().catch((e: unknown) => console.error("stop failed", e));
    process.exit(0);
  });
}
