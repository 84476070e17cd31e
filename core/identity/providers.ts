import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { badRequest, conflict, notFound, unprocessable } from "../shared/errors.js";
import { keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { checkIfMatch, findItem, getItem, listItems } from "../store/read.js";
import { checkIssuer } from "./issuer-keys.js";
import { identityKeys, issuerIndexPk, PLATFORM_IDP_PK } from "./items.js";
import {
  type CreateIdentityProviderInput,
  type IdentityProvider,
  type IdpVerifier,
  idpRef,
  type UpdateIdentityProviderInput,
} from "./model.js";

/** Whose IdP: the platform's (no domain) or one domain's. */
export interface IdpOwner {
  domain?: string;
}

const what = (owner: IdpOwner, name: string) => (owner.domain ? `identity provider ${owner.domain}/${name}` : `identity provider ${name}`);

/** Defaults and cross-field rules: audiences default to the client id (and the resource); access tokens need a resource. */
function settle(
  p: Omit<IdentityProvider, "audiences"> & { audiences?: string[] | undefined },
  explicitAudiences: boolean,
): IdentityProvider {
  const audiences = p.audiences ?? [p.clientId, ...(p.resource ? [p.resource] : [])];
  if (p.bearer === "access_token" && !p.resource)
    throw badRequest("bearer access_token needs the resource clients ask access tokens for", [
      { path: "resource", message: "required when bearer is access_token" },
    ]);
  if (explicitAudiences && p.resource && !audiences.includes(p.resource))
    throw badRequest("resource must be one of the audiences", [{ path: "resource", message: "not in audiences" }]);
  return { ...p, audiences: [...new Set(audiences)] };
}

function replaced(audiences: string[], from: string | undefined, to: string | undefined): string[] {
  if (from === to) return audiences;
  const kept = audiences.filter((a) => a !== from);
  return to ? [...kept, to] : kept.length ? kept : audiences;
}

export function verifierOf(p: IdentityProvider): IdpVerifier {
  return {
    ref: idpRef(p),
    ...(p.domain ? { domain: p.domain } : {}),
    issuer: p.issuer,
    audiences: p.audiences,
    claims: p.claims,
    clockSkewSeconds: p.clockSkewSeconds,
  };
}

/**
 * An IdP as token validation reads it: its checks, and which of its groups
 * and users hold a binding at all (a superset, kept by the binding
 * transactions), so a request reads only the grants of those of a person's
 * groups that can hold any — not one item per group in the token.
 */
export interface IssuerEntry {
  verifier: IdpVerifier;
  boundGroups: Set<string>;
  boundUsers: Set<string>;
}

interface IssuerIndexItem {
  verifier: IdpVerifier;
  boundGroups?: Set<string>;
  boundUsers?: Set<string>;
  /** bumped by every binding change, so moving the item to a new issuer cannot lose one */
  rev?: number;
}

function issuerIndexItem(p: IdentityProvider, kept: Omit<IssuerIndexItem, "verifier"> = {}): Record<string, unknown> {
  return { ...identityKeys.issuerIndex(p.issuer, p), kind: "idp-issuer", verifier: verifierOf(p), ...kept };
}

function snapshot(p: IdentityProvider) {
  const { bindingCount: _b, createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest;
}

export async function createIdentityProvider(
  deps: Deps,
  ctx: Ctx,
  owner: IdpOwner,
  input: CreateIdentityProviderInput,
): Promise<IdentityProvider> {
  const now = deps.clock.now().toISOString();
  const idp = settle(
    {
      name: input.name,
      ...(owner.domain ? { domain: owner.domain } : {}),
      ...(input.displayName ? { displayName: input.displayName } : {}),
      issuer: input.issuer,
      clientId: input.clientId,
      audiences: input.audiences,
      ...(input.resource ? { resource: input.resource } : {}),
      bearer: input.bearer,
      scopes: input.scopes,
      claims: input.claims,
      clockSkewSeconds: input.clockSkewSeconds,
      bindingCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    },
    input.audiences !== undefined,
  );
  if (owner.domain) await checkIssuerRoom(deps, idp.issuer);
  await checkIssuer(idp.issuer);
  const tx = transaction(deps, ctx);
  if (owner.domain)
    tx.check(keys.domain(owner.domain), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`domain ${owner.domain}`) });
  tx.put(
    { ...identityKeys.idp(idp), kind: "identity-provider", ...idp },
    { condition: "attribute_not_exists(pk)", onConditionFailed: () => conflict(`${what(owner, idp.name)} already exists`) },
  )
    .put(issuerIndexItem(idp))
    .emit("ckp.identityprovider.created", `identity-providers/${idp.name}`, { name: idp.name, identityProvider: snapshot(idp) }, owner);
  await tx.commit();
  return idp;
}

export async function getIdentityProvider(deps: Deps, owner: IdpOwner, name: string, consistent = false): Promise<IdentityProvider> {
  return getItem<IdentityProvider>(deps, identityKeys.idp({ name, ...owner }), what(owner, name), { consistent });
}

export async function listIdentityProviders(
  deps: Deps,
  owner: IdpOwner,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<IdentityProvider>> {
  return listItems<IdentityProvider>(deps, { partition: owner.domain ? `D#${owner.domain}` : PLATFORM_IDP_PK, prefix: "IDP#", page });
}

const FIELDS = ["displayName", "issuer", "clientId", "audiences", "resource", "bearer", "scopes", "claims", "clockSkewSeconds"] as const;

export async function updateIdentityProvider(
  deps: Deps,
  ctx: Ctx,
  owner: IdpOwner,
  name: string,
  input: UpdateIdentityProviderInput,
  ifMatch?: number,
): Promise<IdentityProvider> {
  const current = await getIdentityProvider(deps, owner, name, true);
  checkIfMatch(what(owner, name), current.version, ifMatch);
  const changed = FIELDS.filter((f) => input[f] !== undefined && JSON.stringify(input[f]) !== JSON.stringify(current[f]));
  if (changed.length === 0) return current;
  const merged = { ...current, ...Object.fromEntries(changed.map((f) => [f, input[f]])) } as IdentityProvider;
  // Without new audiences, a new client id or resource takes the old one's place among them.
  const explicit = input.audiences !== undefined;
  if (!explicit) {
    merged.audiences = replaced(merged.audiences, current.clientId, merged.clientId);
    merged.audiences = replaced(merged.audiences, current.resource, merged.resource);
  }
  const next = settle(merged, explicit);
  next.version = current.version + 1;
  next.updatedAt = deps.clock.now().toISOString();
  if (next.issuer !== current.issuer) {
    if (owner.domain) await checkIssuerRoom(deps, next.issuer);
    await checkIssuer(next.issuer);
  }

  const values: Record<string, unknown> = { ":v": current.version, ":next": next.version, ":at": next.updatedAt };
  const names: Record<string, string> = { "#version": "version" };
  const sets = ["#version = :next", "updatedAt = :at"];
  const removes: string[] = [];
  for (const f of FIELDS) {
    names[`#${f}`] = f;
    if (next[f] === undefined) removes.push(`#${f}`);
    else {
      sets.push(`#${f} = :${f}`);
      values[`:${f}`] = next[f];
    }
  }
  const tx = transaction(deps, ctx);
  tx.update(identityKeys.idp({ name, ...owner }), `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`, {
    condition: "#version = :v",
    names,
    values,
    onConditionFailed: () => conflict(`${what(owner, name)} was changed concurrently; read it again`),
  });
  if (next.issuer === current.issuer)
    tx.update(identityKeys.issuerIndex(next.issuer, next), "SET verifier = :verifier", {
      condition: "attribute_exists(pk)",
      values: { ":verifier": verifierOf(next) },
    });
  else {
    // The index moves to the new issuer with its bound groups and users; a binding changed meanwhile makes this a conflict.
    const old = await findItem<IssuerIndexItem>(deps, identityKeys.issuerIndex(current.issuer, current), { consistent: true });
    const { verifier: _v, ...kept } = old ?? ({} as IssuerIndexItem);
    tx.delete(identityKeys.issuerIndex(current.issuer, current), {
      condition: kept.rev === undefined ? "attribute_not_exists(rev)" : "rev = :rev",
      ...(kept.rev === undefined ? {} : { values: { ":rev": kept.rev } }),
      onConditionFailed: () => conflict(`role bindings of ${what(owner, name)} changed meanwhile; try again`),
    }).put(issuerIndexItem(next, kept));
  }
  tx.emit(
    "ckp.identityprovider.updated",
    `identity-providers/${name}`,
    { name, changed: [...changed], identityProvider: snapshot(next) },
    owner,
  );
  await tx.commit();
  return { ...next, bindingCount: current.bindingCount };
}

/** Deletes an IdP no role binding names (409 `identity-provider.in-use` otherwise); its tokens stop working at once. */
export async function deleteIdentityProvider(deps: Deps, ctx: Ctx, owner: IdpOwner, name: string, ifMatch?: number): Promise<void> {
  const current = await getIdentityProvider(deps, owner, name, true);
  checkIfMatch(what(owner, name), current.version, ifMatch);
  const inUse = () =>
    conflict(
      `${current.bindingCount} role binding(s) name ${what(owner, name)}; delete them first`,
      { bindingCount: current.bindingCount },
      "identity-provider.in-use",
    );
  if (current.bindingCount > 0) throw inUse();
  const tx = transaction(deps, ctx);
  tx.delete(identityKeys.idp({ name, ...owner }), {
    condition: "bindingCount = :zero AND #version = :v",
    names: { "#version": "version" },
    values: { ":zero": 0, ":v": current.version },
    onConditionFailed: () => conflict(`${what(owner, name)} was changed or bound while being deleted; read it again`),
  })
    .delete(identityKeys.issuerIndex(current.issuer, current))
    .emit("ckp.identityprovider.deleted", `identity-providers/${name}`, { name, issuer: current.issuer }, owner);
  await tx.commit();
}

/**
 * At most this many IdP configurations share one issuer: all of them are read
 * for each of its tokens. Platform IdPs are always among them (they sort
 * first); domains' IdPs are refused beyond the limit.
 */
export const MAX_IDPS_PER_ISSUER = 100;

async function checkIssuerRoom(deps: Deps, issuer: string): Promise<void> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": issuerIndexPk(issuer) },
      Select: "COUNT",
      Limit: MAX_IDPS_PER_ISSUER,
    }),
  );
  if ((out.Count ?? 0) >= MAX_IDPS_PER_ISSUER)
    throw unprocessable(`${MAX_IDPS_PER_ISSUER} identity providers already use issuer ${issuer}; use the platform's`);
}

/** Every IdP configured with `issuer`, read consistently: what validating one of its tokens needs. */
export async function issuerEntries(deps: Deps, issuer: string): Promise<IssuerEntry[]> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": issuerIndexPk(issuer) },
      ConsistentRead: true,
      Limit: MAX_IDPS_PER_ISSUER,
    }),
  );
  // Platform IdPs first (the sort key says so), so a person's id names the platform's IdP when both accept a token.
  return (out.Items ?? []).map((i) => {
    const item = i as IssuerIndexItem;
    return { verifier: item.verifier, boundGroups: item.boundGroups ?? new Set(), boundUsers: item.boundUsers ?? new Set() };
  });
}

/** Whether an IdP exists (for role bindings naming it). */
export async function findIdentityProvider(deps: Deps, owner: IdpOwner, name: string): Promise<IdentityProvider | undefined> {
  return findItem<IdentityProvider>(deps, identityKeys.idp({ name, ...owner }), { consistent: true });
}
