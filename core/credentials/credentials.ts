import type { Sealed } from "../crypto/envelope.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { conflict, notFound } from "../shared/errors.js";
import { domainPk, keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import { type CreateCredentialInput, type Credential, type OpenedCredential, SECRET_FIELDS } from "./model.js";

export const credentialKey = (domain: string, name: string) => ({ pk: domainPk(domain), sk: `CRED#${name}` });

/** Sealed secrets are bound to the domain, the credential and their purpose. */
export function credentialContext(domain: string, name: string): Record<string, string> {
  return { purpose: "provider-credential", tenant: domain, credential: name };
}

interface CredentialRecord extends Credential {
  sealed: Sealed;
}

function publicView(r: CredentialRecord): Credential {
  const { sealed: _s, ...rest } = r;
  return rest;
}

export async function createCredential(deps: Deps, ctx: Ctx, domain: string, input: CreateCredentialInput): Promise<Credential> {
  const secretNames = SECRET_FIELDS[input.type];
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === "type" || k === "name" || k === "description" || typeof v !== "string") continue;
    (secretNames.includes(k) ? secrets : config)[k] = v;
  }
  const record: CredentialRecord = {
    name: input.name,
    domain,
    type: input.type,
    ...(input.description !== undefined ? { description: input.description } : {}),
    config,
    secretFields: Object.keys(secrets),
    providerClusterCount: 0,
    createdAt: deps.clock.now().toISOString(),
    version: 1,
    sealed: await deps.secrets.seal(JSON.stringify(secrets), credentialContext(domain, input.name)),
  };
  const tx = transaction(deps, ctx);
  // The domain must exist: a credential in a missing domain would be unreachable.
  tx.check(keys.domain(domain), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`domain ${domain}`) })
    .put(
      { ...credentialKey(domain, input.name), kind: "credential", ...record },
      {
        condition: "attribute_not_exists(pk)",
        onConditionFailed: () => conflict(`credential ${input.name} already exists`, undefined, "already-exists"),
      },
    )
    .emit(
      "ckp.credential.created",
      `credentials/${input.name}`,
      { name: input.name, type: input.type, config, secretFields: record.secretFields },
      { domain },
    );
  await tx.commit();
  return publicView(record);
}

function getRecord(deps: Deps, domain: string, name: string, consistent = false): Promise<CredentialRecord> {
  return getItem<CredentialRecord>(deps, credentialKey(domain, name), `credential ${name}`, { consistent });
}

export async function getCredential(deps: Deps, domain: string, name: string): Promise<Credential> {
  return publicView(await getRecord(deps, domain, name));
}

/** The credential's type, if it exists: what provider clusters check when they name one. */
export async function findCredential(deps: Deps, domain: string, name: string): Promise<Credential | undefined> {
  const r = await findItem<CredentialRecord>(deps, credentialKey(domain, name), { consistent: true });
  return r ? publicView(r) : undefined;
}

export function listCredentials(deps: Deps, domain: string, page: { limit: number; cursor?: string }): Promise<Page<Credential>> {
  return listItems(deps, {
    partition: domainPk(domain),
    prefix: "CRED#",
    page,
    map: (i) => publicView(i as unknown as CredentialRecord),
  });
}

/** Deletes a credential no provider cluster names (409 otherwise). */
export async function deleteCredential(deps: Deps, ctx: Ctx, domain: string, name: string, ifMatch?: number): Promise<void> {
  const r = await getRecord(deps, domain, name, true);
  checkIfMatch(`credential ${name}`, r.version, ifMatch);
  const inUse = () =>
    conflict(
      `credential ${name} is used by ${r.providerClusterCount} provider cluster(s)`,
      { providerClusterCount: r.providerClusterCount },
      "credential.in-use",
    );
  if (r.providerClusterCount > 0) throw inUse();
  const tx = transaction(deps, ctx);
  tx.delete(credentialKey(domain, name), {
    condition: "providerClusterCount = :zero",
    values: { ":zero": 0 },
    onConditionFailed: () => conflict(`credential ${name} came into use while being deleted`, undefined, "credential.in-use"),
  }).emit("ckp.credential.deleted", `credentials/${name}`, { name, type: r.type }, { domain });
  await tx.commit();
}

/** Opens a credential's secrets. For provider workers; never reachable from an API response. */
export async function openCredential(deps: Deps, domain: string, name: string): Promise<OpenedCredential> {
  const r = await getRecord(deps, domain, name, true);
  const secrets = JSON.parse(await deps.secrets.openString(r.sealed, credentialContext(domain, name))) as Record<string, string>;
  return { name: r.name, domain, type: r.type, config: r.config, secrets };
}
