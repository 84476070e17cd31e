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

  // clusters and their addons
  "cluster.name-taken": { kind: "conflict", description: "A cluster of that name already exists in the project; choose another name." },
  "cluster.encryption-not-enabled": {
    kind: "conflict",
    description: "The cluster's etcd encryption is off: turn it on first (PUT …/clusters/{id}/encryption).",
  },
  "cluster.encryption-rotation-in-progress": {
    kind: "conflict",
    description: "A key rotation is under way (`encryption.phase` is not Idle): wait until GET …/clusters/{id}/status shows it Idle.",
  },
  "cluster.encryption-cannot-disable": {
    kind: "unprocessable",
    description: "etcd encryption, once on, stays on: what is stored encrypted could not be read without the keys.",
  },
  "cluster.encryption-resource-removed": {
    kind: "unprocessable",
    description:
      "Resources can be added to the encrypted set, not removed: objects stored encrypted would no longer be readable. Send the current resources plus any new ones.",
  },
  "cluster.not-ready": {
    kind: "conflict",
    description:
      "The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.",
  },
  "cluster.kubeconfig-unavailable": {
    kind: "conflict",
    description:
      "The cluster has no kubeconfig yet: its control plane is not up (or it is being deleted); `phase` says where it is. Wait for the control plane.",
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
  "cluster.worker-pool-invalid": {
    kind: "unprocessable",
    description:
      "The worker pools contradict each other (`fields` says where): a pool named `workers` (the primary pool's name) or named twice, a host group used by two pools, a taint given twice.",
  },
  "cluster.worker-pool-unknown": {
    kind: "not-found",
    description: "The cluster has no worker pool of that name; its pools are `workers` (the primary pool) and those of `workerPools`.",
  },
  "cluster.storage-profile-missing": {
    kind: "unprocessable",
    description:
      "The cluster asks for the CKP storage plugin but its domain has no such storage profile (or no default one); a platform admin registers one, or create the cluster with `addons.storage.enabled=false`.",
  },
  "cluster.autoscaling-not-supported": {
    kind: "unprocessable",
    description:
      "Karpenter autoscaling is supported only for CCS VM host groups: the cluster's provider cluster (`providerType`) cannot make machines on demand.",
  },
  "cluster.registry-invalid": {
    kind: "unprocessable",
    description: "The cluster's `imageRegistry.caBundle` holds no certificate that parses.",
  },
  "cluster.autoscaling-bounds-invalid": {
    kind: "unprocessable",
    description: "The karpenter addon's `minWorkers` is greater than its `maxWorkers`.",
  },
  "cluster.autoscaled": {
    kind: "unprocessable",
    description:
      "The cluster's workers are scaled by Karpenter: change the karpenter addon's minWorkers/maxWorkers, or disable it to scale by hand.",
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
  // cluster templates (core/templates, docs/templates.md)
  "cluster-template.invalid": {
    kind: "unprocessable",
    description:
      "The template's parameters or spec do not hold together: a default or allowed value that does not fit its parameter, a placeholder naming no parameter, or a spec that renders no valid cluster; `errors[]` names each.",
  },
  "cluster-template.version-exists": {
    kind: "conflict",
    description: "That version of the template is published, and a published version never changes: publish a new version.",
  },
  "cluster-template.not-offered": {
    kind: "unprocessable",
    description:
      "The template (or that version of it) is not offered to the project: GET …/projects/{project}/cluster-templates lists what is.",
  },
  "cluster-template.version-deprecated": {
    kind: "unprocessable",
    description: "That version of the template is deprecated: new clusters (and moves) take a version that is not (`latest`).",
  },
  "cluster-template.parameter-invalid": {
    kind: "unprocessable",
    description: "A parameter is missing, unknown, of the wrong type, not allowed or out of range; `errors[]` names each parameter.",
  },
  "cluster.template-required": {
    kind: "forbidden",
    description:
      "The domain requires clusters to be created from cluster templates: send `{template, version, parameters}` (a domain admin may still send a full spec).",
  },
  "cluster.not-from-template": {
    kind: "unprocessable",
    description: "The cluster was not created from a template, so it has no template version to move.",
  },
  "cluster-template.move-unsupported": {
    kind: "unprocessable",
    description:
      "The move would change what no operation changes on a running cluster (`fields`: e.g. network, provider cluster, host group, CNI): publish a version that keeps them.",
  },
  "storage-profile.in-use": {
    kind: "conflict",
    description: "Clusters use the storage profile (`clusterCount`); delete them before the profile.",
  },
  // backup storage locations (core/backups, docs/backups.md)
  "backup-location.bucket-taken": {
    kind: "conflict",
    description:
      "Another project's location uses the bucket with the same prefix, one inside it or around it (which project is never said); choose another bucket or prefix.",
  },
  "backup-location.endpoint-not-allowed": {
    kind: "unprocessable",
    description: "This installation does not let backup locations use that S3 endpoint (`allowedHosts` lists the hosts it does).",
  },
  "backup-location.unreachable": {
    kind: "unprocessable",
    description:
      "The control plane could not reach the S3 endpoint (`reason`: refused, timed out, name unknown, certificate not trusted); fix the endpoint or the CA bundle.",
  },
  "backup-location.access-denied": {
    kind: "unprocessable",
    description: "The store refused the keys (`reason`); check the access key and its permission to write and delete under the prefix.",
  },
  "backup-location.bucket-missing": { kind: "unprocessable", description: "The bucket does not exist at that endpoint; create it first." },
  // backups, schedules and restores (core/backups, docs/backups.md)
  "backup.velero-not-installed": {
    kind: "unprocessable",
    description:
      "The cluster does not run Velero (enable the addon: PATCH …/clusters/{id}/addons/velero), has not yet had it Healthy since it was enabled, or is being deleted.",
  },
  "backup.no-location": {
    kind: "unprocessable",
    description: "The request names no backup location and the project has no default one; name a location, or make one the default.",
  },
  // Karpenter node pools (core/autoscaling, docs/autoscaling.md)
  "node-pool.autoscaling-disabled": {
    kind: "unprocessable",
    description:
      "The cluster does not run Karpenter: enable the karpenter addon first (PATCH …/clusters/{id}/addons/karpenter), then create or change its node pools.",
  },
  "node-pool.label-restricted": {
    kind: "unprocessable",
    description:
      "A node label key is in a domain the system sets (karpenter.sh, kubernetes.io and k8s.io but node.kubernetes.io and node-restriction.kubernetes.io, ckp.io); `errors[]` names each key: choose another key.",
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
  "auth.sign-in-refused": {
    kind: "validation",
    description:
      "The identity provider refused the sign-in code or refresh token the console sent (`error` is its OAuth error, e.g. `invalid_grant`: used, expired or for another client). Sign in again.",
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
  "imported-cluster.addon-not-supported": {
    kind: "unprocessable",
    description:
      "The addon cannot be enabled on an imported cluster: only Velero can (`detail.addons` lists what can); the CNI and storage of an imported cluster are its own.",
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
  "package-key.invalid": {
    kind: "unprocessable",
    description: "publicKey is not a usable OpenPGP public key (unreadable, a private key, revoked or expired); `detail` says which.",
  },
  "package-key.exists": {
    kind: "conflict",
    description: "A key with this fingerprint was already added (active or retired); a retired key cannot be added again.",
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
  "host.preflight-failed": {
    kind: "unprocessable",
    description:
      "The host fails its preflight (`hostId`, `checks[]` with each check, reason and fix); fix the host (or let its agent fix it with preflight.fix) and add it again once its agent reports the fix.",
  },
  "project.approval-conflict": {
    kind: "unprocessable",
    description: "The body gives both `approval` and the former `autoApproveHosts`; give one.",
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
