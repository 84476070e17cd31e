import { execFile, execFileSync, spawn } from "node:child_process";
import { resolve } from "node:path";
import { type Client, type Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { MachineHostService } from "../../functions/grpc/gen/ckp/machinehost/v1/machinehost_pb.js";
import { ErrorInfoSchema } from "../../functions/grpc/gen/google/rpc/error_details_pb.js";

/**
 * Independent clients of the MachineHost service: grpcurl (Go, native gRPC
 * over HTTP/2, learning the schema by server reflection alone) and Connect
 * for TypeScript (the Connect protocol over HTTP/1.1, as API Gateway carries
 * it, or gRPC over HTTP/2).
 */
const repoRoot = resolve(import.meta.dirname, "../..");
let bin: string | undefined;

/** grpcurl, built from the Go module proxy and cached by scripts/grpc/tools.sh (built on first use). */
export function grpcurlPath(): string {
  bin ??= `${execFileSync("bash", ["scripts/grpc/tools.sh", "--print-bin"], { cwd: repoRoot, encoding: "utf8" }).trim()}/grpcurl`;
  return bin;
}

export const SERVICE = "ckp.machinehost.v1.MachineHostService";

export interface GrpcurlResult {
  /** the gRPC status code (0: OK); grpcurl exits with 64 + the code */
  code: number;
  /** the answer (or, on error, the status as -format-error prints it: {code, message, details}) */
  body: any;
  stderr: string;
}

/** One unary call by grpcurl, with reflection: `method` is the RPC's name, `data` its request as proto JSON. */
export function grpcurl(address: string, method: string, data: unknown, token?: string): Promise<GrpcurlResult> {
  const args = ["-plaintext", "-format-error", ...(token ? ["-H", `authorization: Bearer ${token}`] : []), "-d", JSON.stringify(data)];
  return new Promise((ok, fail) => {
    execFile(grpcurlPath(), [...args, address, `${SERVICE}/${method}`], { timeout: 60_000 }, (err, stdout, stderr) => {
      const exit = err ? ((err as { code?: number }).code ?? 1) : 0;
      if (typeof exit !== "number" || (exit !== 0 && exit < 64)) return fail(new Error(`grpcurl failed (${exit}): ${stderr}${stdout}`));
      // -format-error prints a failed call's status as JSON on stderr
      const text = (exit === 0 ? stdout : stderr).trim();
      ok({ code: exit === 0 ? 0 : exit - 64, body: text ? JSON.parse(text) : {}, stderr });
    });
  });
}

/** grpcurl with its own arguments (list, describe), answering its output. */
export function grpcurlRaw(args: string[]): string {
  return execFileSync(grpcurlPath(), args, { encoding: "utf8", timeout: 60_000 });
}

/** A streaming call by grpcurl: the messages it printed, each as it arrived, and how the stream ended. */
export function grpcurlStream(
  address: string,
  method: string,
  data: unknown,
  token: string,
  onMessage: (m: any) => void,
): { done: Promise<{ code: number; stderr: string }>; stop(): void } {
  const child = spawn(grpcurlPath(), [
    "-plaintext",
    "-format-error",
    "-H",
    `authorization: Bearer ${token}`,
    "-d",
    JSON.stringify(data),
    address,
    `${SERVICE}/${method}`,
  ]);
  let buf = "";
  let depth = 0;
  let start = -1;
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  // grpcurl prints each message as indented JSON: split on balanced braces
  child.stdout.on("data", (d) => {
    const s = String(d);
    for (let i = 0; i < s.length; i++) {
      const ch = s[i] as string;
      buf += ch;
      if (ch === "{") {
        if (depth === 0) start = buf.length - 1;
        depth++;
      } else if (ch === "}") {
        depth--;
        if (depth === 0 && start >= 0) {
          onMessage(JSON.parse(buf.slice(start)));
          buf = "";
          start = -1;
        }
      }
    }
  });
  const done = new Promise<{ code: number; stderr: string }>((r) =>
    child.once("exit", (code) => r({ code: code === 0 || code === null ? 0 : code - 64, stderr })),
  );
  return { done, stop: () => child.kill("SIGTERM") };
}

export type MachineHostClient = Client<typeof MachineHostService>;

/** Connect protocol over HTTP/1.1 to the API's port (the Hono app, as Lambda serves it). */
export function connectClient(baseUrl: string, token?: string): MachineHostClient {
  return createClient(
    MachineHostService,
    createConnectTransport({
      baseUrl,
      httpVersion: "1.1",
      interceptors: token
        ? [
            (next) => (req) => {
              req.header.set("authorization", `Bearer ${token}`);
              return next(req);
            },
          ]
        : [],
    }),
  );
}

/** gRPC over HTTP/2 to the native listener, by Connect's gRPC transport. */
export function grpcClient(baseUrl: string, token: string): MachineHostClient {
  return createClient(
    MachineHostService,
    createGrpcTransport({
      baseUrl,
      interceptors: [
        (next) => (req) => {
          req.header.set("authorization", `Bearer ${token}`);
          return next(req);
        },
      ],
    }),
  );
}

/** The code and ErrorInfo reason of what a Connect call threw. */
export async function failure(
  p: Promise<unknown>,
): Promise<{ code: Code; reason: string | undefined; message: string; err: ConnectError }> {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    const info = err.findDetails(ErrorInfoSchema)[0];
    return { code: err.code, reason: info?.reason, message: err.rawMessage, err };
  }
  throw new Error("the call succeeded");
}
