/**
 * The stable codes of every problem a client can get. A client branches on
 * `code` (also the last segment of the problem's `type` URI), never on the
 * text of `detail`. Each code has one kind; the HTTP edge
 * (functions/shared/problem-status.ts) maps kinds to statuses and titles.
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

  // a code per cause a client acts on, grouped by resource
  "already-exists": { kind: "conflict", description: "A resource of that name already exists here; choose another name." },
  "idempotency.in-progress": {
    kind: "conflict",
    description: "A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.",
  },
  "idempotency.key-reused": {
    kind: "unprocessable",
    description: "This `Idempotency-Key` was used with another body or query string; use a new key for a new request.",
  },
  "client-certificate.refused": {
    kind: "unauthenticated",
    description:
      "A host-only endpoint got no client certificate, or one that was revoked, not issued to this host, or names a deleted host; the agent registers again.",
  },
  "registration.proof-invalid": {
    kind: "unauthenticated",
    description: "The registration proof does not match the project's PSK (or the project does not exist); read the current PSK.",
  },
  "registration.timestamp-skewed": {
    kind: "unauthenticated",
    description: "The registration's timestamp is more than 5 minutes from the server's clock; fix the host's clock.",
  },
  "registration.nonce-reused": { kind: "unauthenticated", description: "The registration's nonce was used before; send a fresh one." },
  "registration.key-mismatch": {
    kind: "unauthenticated",
    description: "The CSR's key is not the key this machine id first registered with; a machine id stays bound to its key.",
  },
  "registration.key-required": {
    kind: "conflict",
    description: "This machine id registered without a CSR; delete its request or host before it registers again with a key.",
  },
  "registration.interrupted": {
    kind: "conflict",
    description: "The machine's request, host or project changed while it registered; register again (see `Retry-After`).",
  },
  "registration.throttled": {
    kind: "rate-limited",
    description: "Too many failed registrations for this machine or project; retry after `Retry-After` seconds.",
  },
  "agent.ticket-invalid": {
    kind: "unauthenticated",
    description: "The WebSocket connect ticket is missing, unknown, used or expired; take a new one (POST /v1/agent/ws-ticket).",
  },
  "agent.websocket-unavailable": {
    kind: "unavailable",
    description: "This installation has no agent WebSocket endpoint; report over HTTPS (POST /v1/agent/heartbeat).",
  },
  "agent-release.artifact-missing": {
    kind: "unprocessable",
    description: "The release names an artifact that is not in the artifacts bucket; upload the build first.",
  },
  "host.assigned": {
    kind: "conflict",
    description:
      "The host is assigned to a cluster (`clusterId`): it cannot leave its group or go with a forced group delete, and is deleted only with `force=true`.",
  },
  "host.in-another-group": {
    kind: "conflict",
    description: "The host already belongs to another host group (`group`); remove it from that group first.",
  },
  "host.provisioning-failed": {
    kind: "unprocessable",
    description: "The host failed provisioning (status `create-failed`) and cannot join a group; delete it.",
  },
  "hostrequest.decided": {
    kind: "conflict",
    description: "The host request was already approved or rejected (`requestStatus`); a request is decided once.",
  },
  "hostrequest.host-exists": {
    kind: "conflict",
    description: "The request was approved and its host exists (`hostId`); delete the host instead, which takes the request along.",
  },
  "hostgroup.in-use": {
    kind: "conflict",
    description: "The host group has hosts (`hostCount`); remove them, or delete with `force=true` to release them.",
  },
  "credential.in-use": {
    kind: "conflict",
    description: "Provider clusters name this credential (`providerClusterCount`); change or delete them first.",
  },
  "credential.unknown": {
    kind: "unprocessable",
    description: "The credential named (`credential`) does not exist in the domain.",
  },
  "credential.type-mismatch": {
    kind: "unprocessable",
    description: "The credential is not of the type this provider needs (`ccs-openstack` for `ccs-vm`, `orbiter-bms` for `orbiter-bms`).",
  },
  "provider-cluster.in-use": {
    kind: "conflict",
    description: "Clusters use this provider cluster (`clusterCount`); delete them first.",
  },
  "provider-cluster.type-immutable": {
    kind: "unprocessable",
    description: "A provider cluster's type cannot change; create another provider cluster.",
  },
  "provider-cluster.unknown": {
    kind: "unprocessable",
    description: "The provider cluster named (`providerCluster`) does not exist in the project or its domain.",
  },
  "provider-cluster.not-in-project": {
    kind: "unprocessable",
    description: "The provider cluster belongs to another project of the domain; a cluster may use its own project's or the domain's.",
  },
  "provider.refused": {
    kind: "unprocessable",
    description: "The infrastructure provider refused the request and retrying will not help (`reason`, e.g. `ProviderAuthFailed`).",
  },
  "provider.unreachable": {
    kind: "unavailable",
    description: "An infrastructure provider API did not answer, throttled or failed; retry after `Retry-After` seconds.",
  },
  "management-cluster.unknown": {
    kind: "unprocessable",
    description: "The management cluster named (`managementCluster`) does not exist.",
  },
  "management-cluster.in-use": {
    kind: "conflict",
    description:
      "Clusters are placed on the management cluster, or provider clusters or host groups name it (`clusterCount`, `providerClusterCount`, `hostGroupCount`).",
  },
  "management-cluster.remote-unsupported": {
    kind: "unprocessable",
    description: "Remote connectivity (a cluster that dials out through a tunnel) is not supported yet; use `direct`.",
  },
  "management-cluster.no-match": {
    kind: "unprocessable",
    description: "No management cluster matches the placement rule (`placement`), or every match is full or unschedulable.",
  },
  "management-cluster.unreachable": {
    kind: "unavailable",
    description: "A management cluster did not answer (network, TLS, timeout), throttled or failed; retry after `Retry-After` seconds.",
  },
  "management-cluster.credentials-refused": {
    kind: "unavailable",
    description: "A management cluster refused the stored credentials (401/403); update its kubeconfig (PATCH) and retry.",
  },
  "management-cluster.object-rejected": {
    kind: "unprocessable",
    description: "A management cluster's apiserver rejected an object; `detail` and `errors[]` carry Kubernetes' own message.",
  },
  "management-cluster.kind-not-served": {
    kind: "unprocessable",
    description: "A management cluster does not serve a kind the control plane needs; install its provider.",
  },
  "certificate.revoked": { kind: "conflict", description: "The certificate is already revoked." },
  "secrets-key.unavailable": {
    kind: "unavailable",
    description:
      "The key that encrypts secrets at rest (KMS) is disabled, missing or not usable; an operator must fix it. Retry after `Retry-After` seconds.",
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
