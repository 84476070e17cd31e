import type { ConnectRouter, ConnectRouterOptions } from "@connectrpc/connect";
import { file_ckp_machinehost_v1_machinehost, MachineHostService } from "./gen/ckp/machinehost/v1/machinehost_pb.js";
import { file_google_rpc_error_details } from "./gen/google/rpc/error_details_pb.js";
import { registerReflection } from "./reflection.js";
import { type GrpcOptions, machineHostService } from "./service.js";

/** The services one router serves; reflection only where clients speak HTTP/2 (its stream is bidirectional). */
export function grpcRoutes(o: GrpcOptions, opts: { reflection: boolean }): (router: ConnectRouter) => void {
  return (router) => {
    router.service(MachineHostService, machineHostService(o));
    if (opts.reflection) registerReflection(router, [file_ckp_machinehost_v1_machinehost], [file_google_rpc_error_details]);
  };
}

/** Router options of every listener: messages at most as large as REST bodies (functions/api/app.ts MAX_BODY_BYTES). */
export const ROUTER_OPTIONS: Partial<ConnectRouterOptions> = { readMaxBytes: 1024 * 1024 };

/** Watch bounds from the environment (CKP_GRPC_WATCH_POLL_MS, CKP_GRPC_WATCH_MAX_SECONDS, CKP_GRPC_WATCH_MAX_STREAMS). */
export function watchLimits(defaults: { maxSeconds: number; maxStreams: number }): GrpcOptions["watch"] {
  const num = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    pollMs: num("CKP_GRPC_WATCH_POLL_MS", 1000),
    maxMs: num("CKP_GRPC_WATCH_MAX_SECONDS", defaults.maxSeconds) * 1000,
    maxStreams: num("CKP_GRPC_WATCH_MAX_STREAMS", defaults.maxStreams),
  };
}
