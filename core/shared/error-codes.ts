/**
 * The stable codes of every problem a client can get. A client branches on
 * `code` (also the last segment of the problem's `type` URI), never on the
 * text of `detail`. Each code has one kind; the HTTP edge
 * (functions/api/problem.ts) maps kinds to statuses and titles.
 *
 * Generic codes (`not-found`, `conflict`, …) cover answers where nothing more
 * specific helps a client; a code per cause (`host.assigned`) where a client
 * would act differently. Add a code here, with what a client should do about
 * it, before throwing it: the type check refuses unknown codes, and
 * docs/errors.md is checked against this list by a unit test.
 */
export type ProblemKind =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "precondition-failed"
  | "unprocessable"
  | "rate-limited"
  | "payload-too-large"
  | "unavailable";

interface CodeInfo {
  kind: ProblemKind;
  /** when it happens and what to do about it (docs/errors.md and the OpenAPI document show it) */
  description: string;
}

export const ERROR_CODES = {
  // generic codes, one per kind
  "invalid-request": {
    kind: "validation",
    description: "The request is malformed or a field fails validation; `errors[]` names each field.",
  },
  "authentication-required": { kind: "unauthenticated", description: "No valid credential: a missing, unknown, expired or revoked token." },
  forbidden: { kind: "forbidden", description: "The caller's role does not allow this action in this scope." },
  "not-found": { kind: "not-found", description: "The resource does not exist, or belongs to another tenant." },
  conflict: { kind: "conflict", description: "The request conflicts with the resource's current state; read it again and retry." },
  "precondition-failed": {
    kind: "precondition-failed",
    description: "If-Match does not match the resource's current ETag: someone changed it; read it again.",
  },
  "unprocessable-request": {
    kind: "unprocessable",
    description: "The request is well-formed but cannot be carried out; `detail` says why.",
  },
  "too-many-requests": { kind: "rate-limited", description: "Too many requests or failures; retry after `Retry-After` seconds." },
  "payload-too-large": { kind: "payload-too-large", description: "The request body is larger than the API accepts." },
  "service-unavailable": {
    kind: "unavailable",
    description: "A dependency (a management cluster, a provider, storage) is unavailable for now; retry after `Retry-After` seconds.",
  },

  // cluster agents and their tunnels (docs/tunnel.md)
  "cluster-agent.token-refused": {
    kind: "unauthenticated",
    description:
      "The cluster agent's registration token is unknown, expired, revoked or already used (a token registers one agent, once); issue a new one (POST …/agent-tokens) and re-apply the manifest.",
  },
  "cluster-agent.certificate-refused": {
    kind: "unauthenticated",
    description:
      "The cluster agent's client certificate is revoked, was not issued to a cluster agent, or names a cluster that is no longer registered; register the agent again with a new token.",
  },
  "cluster-agent.tunnel-held": {
    kind: "conflict",
    description:
      "Another agent of the same cluster holds the tunnel and is alive; this agent stands by and asks again later (an agent that starts fresh takes over instead).",
  },
  "tunnel.disconnected": {
    kind: "unavailable",
    description:
      "The cluster is reached through its agent's tunnel and the agent is not connected (`detail` says since when); retry once the agent reconnects.",
  },
  "imported-cluster.unreachable": {
    kind: "unprocessable",
    description:
      "The kubeconfig given to import a cluster does not reach a Kubernetes API server that accepts it (`detail` says why); nothing was stored. Register the cluster instead (no kubeconfig) if the control plane cannot reach it.",
  },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind: `CodeOf<"conflict">`. */
export type CodeOf<K extends ProblemKind> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]["kind"] extends K ? C : never }[ErrorCode];

/** The generic code of each kind. */
export const GENERIC_CODES: { [K in ProblemKind]: CodeOf<K> } = {
  validation: "invalid-request",
  unauthenticated: "authentication-required",
  forbidden: "forbidden",
  "not-found": "not-found",
  conflict: "conflict",
  "precondition-failed": "precondition-failed",
  unprocessable: "unprocessable-request",
  "rate-limited": "too-many-requests",
  "payload-too-large": "payload-too-large",
  unavailable: "service-unavailable",
};

export function isErrorCode(s: string): s is ErrorCode {
  return Object.hasOwn(ERROR_CODES, s);
}
