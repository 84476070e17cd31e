import { readFileSync } from "node:fs";
import { hashSecret } from "../../core/crypto/token-hash.js";
import { linkedOptional } from "../shared/linked.js";
import { runtimeDeps } from "../shared/runtime.js";
import { startGrpcServer } from "./server.js";

/**
 * The MachineHost service as a container runs it: native gRPC over HTTP/2 on
 * CKP_GRPC_PORT (50051), TLS when CKP_GRPC_TLS_CERT and CKP_GRPC_TLS_KEY name
 * PEM files (else cleartext h2c, for a mesh or load balancer that terminates
 * TLS). Resources and the admin token come as for the Lambdas
 * (SST_RESOURCE_* variables).
 */
const token = linkedOptional<{ value: string }>("AdminToken")?.value;
const adminHash = token ? hashSecret(token) : undefined;
const cert = process.env.CKP_GRPC_TLS_CERT;
const key = process.env.CKP_GRPC_TLS_KEY;
const server = await startGrpcServer({
  deps: runtimeDeps,
  adminTokenHash: () => adminHash,
  host: process.env.CKP_GRPC_HOST ?? "0.0.0.0",
  port: Number(process.env.CKP_GRPC_PORT ?? 50051),
  ...(cert && key ? { tls: { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") } } : {}),
});
console.log(JSON.stringify({ level: "INFO", service: "ckp-grpc", message: "listening", url: server.url }));
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    void server.close().then(() => process.exit(0));
  });
}
