/**
 * The tunnel's wire protocol: JSON text messages on the WebSocket a
 * cluster agent holds open to the control plane (API Gateway's WebSocket API
 * on AWS, the dev server's mTLS listener locally). Pure: the agent's build
 * includes this file.
 *
 * Control plane → agent (PostToConnection):
 *   tunnel.req         {id, method, path, headers, body?, parts?, timeoutMs, stream, cluster?}
 *                      one Kubernetes API request; a body larger than one
 *                      frame follows in `parts` tunnel.body frames; with
 *                      `cluster`, to that workload cluster of the agent's
 *                      management cluster instead of its own API server
 *   tunnel.body        {id, part, data}
 *   tunnel.cancel      {id}            stop a request (a watch the caller is done with)
 *   tunnel.superseded  {}              another agent of this cluster took over: stand by
 *   tunnel.detached    {}              the cluster was detached or the agent revoked: stop
 *
 * Agent → control plane (the $default route):
 *   tunnel.res         {id, seq: 0, status, headers, body?, end}   the answer's head and first bytes
 *   tunnel.data        {id, seq, body, end}                         more bytes, in order of seq
 *   tunnel.err         {id, seq, message}                           the agent could not get an answer
 *   tunnel.ping        {version}                                    liveness, every PING_SECONDS
 * and, as the $default route's answer to a ping:
 *   tunnel.pong | tunnel.superseded | tunnel.error {detail}
 *
 * Bodies are base64. Every frame stays under API Gateway's 32 KB frame
 * limit; the bounds below are the tunnel's contract.
 */

/** API Gateway WebSocket frames are at most 32 KB; every frame here is smaller. */
export const MAX_FRAME_BYTES = 32 * 1024;
/** raw bytes of body per frame: base64 makes 30,040 characters of it, leaving room for the frame's other fields */
export const BODY_CHUNK_BYTES = 22 * 1024;
/** a request body (server-side apply of one object) may be at most this large: the apiserver's own limit is 3 MiB */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
/** an answer read whole (not a watch) may be at most this large; page larger lists */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** no request stays open longer than this (a watch included) */
export const MAX_REQUEST_SECONDS = 15 * 60;
/** how often an agent pings; a tunnel not heard from in STALE_SECONDS counts as down */
export const PING_SECONDS = 30;
export const STALE_SECONDS = 3 * PING_SECONDS + 15;
/** requests one agent carries at once; more are answered 429 */
export const MAX_CONCURRENT_REQUESTS = 64;

export const REQUEST_ID = /^[0-9a-f]{32}$/;

/**
 * A workload cluster of a management cluster, named by its CAPI Cluster: the
 * agent reaches it with the kubeconfig in Secret `<name>-kubeconfig` of
 * `namespace`, as CAPI's controllers do (agent/cluster/workload.ts).
 */
export interface WorkloadTarget {
  namespace: string;
  name: string;
}

export interface RequestFrame {
  type: "tunnel.req";
  id: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** base64, when the body fits in this frame */
  body?: string;
  /** number of tunnel.body frames that carry the body instead */
  parts?: number;
  timeoutMs: number;
  stream: boolean;
  /** absent: the agent's own cluster */
  cluster?: WorkloadTarget;
}

export interface BodyFrame {
  type: "tunnel.body";
  id: string;
  part: number;
  data: string;
}

export type ControlFrame =
  | RequestFrame
  | BodyFrame
  | { type: "tunnel.cancel"; id: string }
  | { type: "tunnel.superseded" }
  | { type: "tunnel.detached"; detail?: string };

export interface ResponseHeadFrame {
  type: "tunnel.res";
  id: string;
  seq: 0;
  status: number;
  headers: Record<string, string>;
  body?: string;
  end: boolean;
}

export interface DataFrame {
  type: "tunnel.data";
  id: string;
  seq: number;
  body: string;
  end: boolean;
}

export interface ErrorFrame {
  type: "tunnel.err";
  id: string;
  seq: number;
  message: string;
}

export interface PingFrame {
  type: "tunnel.ping";
  version: string;
}

export type ResponseFrame = ResponseHeadFrame | DataFrame | ErrorFrame;
export type AgentFrame = ResponseFrame | PingFrame;

export type PingAnswer = { type: "tunnel.pong"; at: string } | { type: "tunnel.superseded" } | { type: "tunnel.error"; detail: string };

/** Request headers the agent forwards; it authenticates with its own service account, never with anything the frame says. */
// impersonation: the control plane writes ByoHosts as their host's BYOH agent (BYOH's webhook admits no other writer)
export const FORWARDED_REQUEST_HEADERS = ["accept", "content-type", "impersonate-user", "impersonate-group"];
/** Response headers the agent passes back. */
export const FORWARDED_RESPONSE_HEADERS = ["content-type", "audit-id", "retry-after", "warning"];

/** The frames that carry one request (its body split when it is larger than one frame). */
export function requestFrames(r: Omit<RequestFrame, "type" | "body" | "parts">, body: Buffer | undefined): ControlFrame[] {
  if (!body || body.length <= BODY_CHUNK_BYTES) {
    return [{ type: "tunnel.req", ...r, ...(body?.length ? { body: body.toString("base64") } : {}) }];
  }
  const parts: BodyFrame[] = [];
  for (let off = 0, part = 0; off < body.length; off += BODY_CHUNK_BYTES, part++) {
    parts.push({ type: "tunnel.body", id: r.id, part, data: body.subarray(off, off + BODY_CHUNK_BYTES).toString("base64") });
  }
  return [{ type: "tunnel.req", ...r, parts: parts.length }, ...parts];
}

/** Picks the named headers (lower case) out of a header map. */
export function pickHeaders(h: Record<string, string | string[] | undefined>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const name = k.toLowerCase();
    if (v !== undefined && names.includes(name)) out[name] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
