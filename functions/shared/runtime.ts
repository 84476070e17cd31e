import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { Envelope } from "../../core/crypto/envelope.js";
import type { KeyProvider } from "../../core/crypto/key-provider.js";
import { KmsKeyProvider } from "../../core/crypto/kms-key-provider.js";
import { LocalKeyProvider } from "../../core/crypto/local-key-provider.js";
import type { Deps } from "../../core/deps.js";
import { systemClock } from "../../core/shared/clock.js";
import { buckets, tables } from "../../infra/resources.js";
import { linked, linkedOptional } from "./linked.js";

/** Where the master key for envelope encryption lives. */
export type SecretsKeyConfig = { kind: "local"; path: string } | { kind: "kms"; keyId: string };

let deps: Deps | undefined;

/** Core dependencies for a Lambda (or the local runner), built once per process. */
export function runtimeDeps(): Deps {
  if (!deps) {
    deps = {
      db: dynamoDocumentClient(),
      table: linked<{ name: string }>(tables.main.logical).name,
      secrets: new Envelope(keyProvider(linked<SecretsKeyConfig>("SecretsKey"))),
      clock: systemClock,
      artifactsBucket: linkedOptional<{ name: string }>(buckets.artifacts.logical)?.name,
      agentWsManagementEndpoint: linkedOptional<{ managementEndpoint: string }>("AgentWs")?.managementEndpoint,
      ...backupEndpointHosts(),
    };
  }
  return deps;
}

/** CKP_BACKUP_ENDPOINT_HOSTS: comma-separated hosts backup locations may use (docs/backups.md); unset, any. */
function backupEndpointHosts(): Pick<Deps, "backupEndpointHosts"> {
  const hosts = (process.env.CKP_BACKUP_ENDPOINT_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return hosts.length ? { backupEndpointHosts: hosts } : {};
}

export function keyProvider(cfg: SecretsKeyConfig): KeyProvider {
  return cfg.kind === "kms" ? new KmsKeyProvider(cfg.keyId) : new LocalKeyProvider(cfg.path);
}

export function idempotencyTableName(): string {
  return linked<{ name: string }>(tables.idempotency.logical).name;
}
