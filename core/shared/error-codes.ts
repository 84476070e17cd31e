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

  // clusters and their addons
  "cluster.name-taken": { kind: "conflict", description: "A cluster of that name already exists in the project; choose another name." },
  "cluster.not-ready": {
    kind: "conflict",
    description:
      "The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.",
  },
  "cluster.version-unsupported": {
    kind: "unprocessable",
    description: "The Kubernetes version is not in the compatibility matrix; `supportedVersions` lists those that are.",
  },
  "cluster.upgrade-not-allowed": {
    kind: "unprocessable",
    description: "A cluster is upgraded one minor at a time and never downgraded; `allowedTargets` lists the versions it can go to.",
  },
  "cluster.bundle-missing": {
    kind: "unprocessable",
    description: "No BYOH bundle is published for the version and the hosts' OS and architecture; `bundle` names it: publish it first.",
  },
  "cluster.insufficient-hosts": {
    kind: "unprocessable",
    description: "The host group has too few free hosts (`freeHosts`, `neededHosts`); add hosts to the group or ask for fewer workers.",
  },
  "cluster.storage-profile-missing": {
    kind: "unprocessable",
    description:
      "The cluster asks for the CKP storage plugin but its domain has no such storage profile (or no default one); a platform admin registers one, or create the cluster with `addons.storage.enabled=false`.",
  },
  "cluster.addon-not-applicable": {
    kind: "unprocessable",
    description:
      "The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.",
  },
  "cluster.addon-not-optional": {
    kind: "unprocessable",
    description:
      "Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.",
  },
  "storage-profile.in-use": {
    kind: "conflict",
    description: "Clusters use the storage profile (`clusterCount`); delete them before the profile.",
  },
  // machine hosts (core/machinehosts; the gRPC MachineHost service, docs/grpc.md)
  "machinehost.machine-known": {
    kind: "conflict",
    description:
      "The project already knows this machine id (enrolled, registered by its agent, or provisioned); read it, or delete it before adding it again.",
  },
  "machinehost.not-approved": {
    kind: "conflict",
    description:
      "The machine host has no host yet (its request is pending or rejected, or its agent has not registered); approve it first.",
  },
  "machinehost.provider-cluster-unknown": {
    kind: "unprocessable",
    description:
      "No provider cluster of that name exists in the project or its domain; create one (docs: provider clusters) or name another.",
  },
  "machinehost.agent-release-missing": {
    kind: "unprocessable",
    description: "No agent release is published, so new machines would have no agent to install; publish one (PUT /v1/agent/release).",
  },
  "machinehost.request-id-reused": {
    kind: "conflict",
    description: "A provision with this request id was made with other parameters; use a new request id.",
  },
  // sign-in with an identity provider (core/identity, docs/oidc.md): which check an IdP token failed
  "auth.token-malformed": {
    kind: "unauthenticated",
    description:
      "The bearer looks like a JWT but cannot be read (bad encoding, no `iss` claim), or is not an ID or access token. Send the token the IdP issued, unchanged.",
  },
  "auth.issuer-unknown": {
    kind: "unauthenticated",
    description: "The token's issuer (`iss`) is not a configured identity provider. Sign in with the IdP `GET /v1/auth/config` names.",
  },
  "auth.signature-invalid": {
    kind: "unauthenticated",
    description:
      "The token's signature does not verify against the keys the issuer publishes (forged, altered, signed with an unpublished key, or a symmetric/none algorithm).",
  },
  "auth.token-expired": { kind: "unauthenticated", description: "The token's `exp` has passed. Refresh it or sign in again." },
  "auth.token-not-yet-valid": {
    kind: "unauthenticated",
    description: "The token's `nbf` is in the future (beyond the allowed clock skew). Check the clocks, or retry shortly.",
  },
  "auth.audience-mismatch": {
    kind: "unauthenticated",
    description:
      "The token was issued for another audience (`aud`) than the identity provider's allowed audiences: it is for another application.",
  },
  "auth.claim-invalid": {
    kind: "unauthenticated",
    description:
      "A claim the identity provider is configured to read is missing or has the wrong type (the user claim, the groups claim, `exp`).",
  },
  "auth.idp-unavailable": {
    kind: "unavailable",
    description: "The identity provider's discovery document or keys cannot be fetched right now; retry after `Retry-After` seconds.",
  },
  "identity-provider.discovery-failed": {
    kind: "unprocessable",
    description:
      "The issuer's discovery document (`<issuer>/.well-known/openid-configuration`) cannot be fetched, is invalid, or names another issuer; `detail` says which.",
  },
  "identity-provider.in-use": {
    kind: "conflict",
    description: "Role bindings still name the identity provider (`bindingCount`); delete them first.",
  },
  "role-binding.identity-provider-unknown": {
    kind: "unprocessable",
    description: "The binding names an identity provider that does not exist in its scope (a domain's IdP binds only within that domain).",
  },
  "role-binding.exists": {
    kind: "conflict",
    description: "The same group or user already has this role at this scope (`existingId`).",
  },
  "role-binding.limit-reached": {
    kind: "unprocessable",
    description: "The group or user has as many role bindings as one identity provider allows; remove some first.",
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
