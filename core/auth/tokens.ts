import { randomBytes } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { hashSecret, secretMatches } from "../crypto/token-hash.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { type WhoAmI, whoAmI } from "../identity/sign-in.js";
import { badRequest, DomainError, forbidden, notFound } from "../shared/errors.js";
import { ID_PATTERN, newId } from "../shared/ids.js";
import { dateTime, dnsLabel } from "../shared/names.js";
import { withoutKeys } from "../store/items.js";
import { keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { listItems } from "../store/read.js";
import { authorize, canGrant } from "./authorize.js";
import type { Principal } from "./principal.js";
import { type Role, roleSchema, type Scope, scopeFitsRole } from "./roles.js";

/**
 * API tokens: `ckp_<id>_<secret>`. The id locates the item in one GetItem;
 * only a hash of the secret is stored. Each token has one role and scope.
 */
export const createTokenInput = z
  .strictObject({
    name: z.string().min(1).max(100),
    role: roleSchema,
    domain: dnsLabel.optional(),
    project: dnsLabel.optional(),
    expiresAt: dateTime.optional(),
  })
  // which scope each role is bound to (roles.ts scopeFitsRole), for the OpenAPI document
  .meta({
    oneOf: [
      { properties: { role: { const: "platform-admin" } }, not: { anyOf: [{ required: ["domain"] }, { required: ["project"] }] } },
      { properties: { role: { const: "domain-admin" } }, required: ["domain"], not: { required: ["project"] } },
      { properties: { role: { enum: ["project-admin", "project-member"] } }, required: ["domain", "project"] },
      { properties: { role: { const: "viewer" } }, required: ["domain"] },
    ],
  });
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export interface TokenView {
  id: string;
  name: string;
  role: Role;
  domain?: string;
  project?: string;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
}

interface TokenItem extends TokenView {
  pk: string;
  sk: string;
  secretHash: string;
}

const TOKEN_RE = /^ckp_([a-z]+_[0-9a-z]{26})_([A-Za-z0-9_-]{43})$/;

function listPartition(domain?: string): string {
  return domain ? `TOKENS#D#${domain}` : "TOKENS#PLATFORM";
}

function listSortKey(t: { project?: string; id: string }): string {
  return t.project ? `P#${t.project}#${t.id}` : `D#${t.id}`;
}

export async function createToken(
  deps: Deps,
  ctx: Ctx,
  caller: Principal,
  input: CreateTokenInput,
): Promise<TokenView & { token: string }> {
  const scope: Scope = { ...(input.domain ? { domain: input.domain } : {}), ...(input.project ? { project: input.project } : {}) };
  const misfit = scopeFitsRole(input.role, scope);
  if (misfit) throw badRequest(misfit, [{ path: "role", message: misfit }]);
  if (scope.domain) authorize(caller, "admin", scope);
  if (!canGrant(caller, input.role, scope)) throw forbidden(`a ${caller.role} token cannot create a ${input.role} token for this scope`);
  const now = deps.clock.now();
  if (input.expiresAt && new Date(input.expiresAt) <= now)
    throw new DomainError("unprocessable", "expiresAt must be in the future", { fields: [{ path: "expiresAt", message: "in the past" }] });

  const id = newId("tok");
  const secret = randomBytes(32).toString("base64url");
  const view: TokenView = {
    id,
    name: input.name,
    role: input.role,
    ...scope,
    createdAt: now.toISOString(),
    createdBy: caller.id,
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
  };
  const tx = transaction(deps, ctx);
  await tx
    .put(
      { ...keys.token(id), ...view, secretHash: hashSecret(secret), gsi1pk: listPartition(scope.domain), gsi1sk: listSortKey(view) },
      { condition: "attribute_not_exists(pk)" },
    )
    .emit("ckp.token.created", `tokens/${id}`, { id, name: input.name, role: input.role }, scope);
  await tx.commit();
  return { ...view, token: `ckp_${id}_${secret}` };
}

export async function listTokens(
  deps: Deps,
  caller: Principal,
  filter: { domain?: string; project?: string; limit: number; cursor?: string },
): Promise<Page<TokenView>> {
  const scope: Scope = { ...(filter.domain ? { domain: filter.domain } : {}), ...(filter.project ? { project: filter.project } : {}) };
  // a rule across parameters, which the document cannot state: unprocessable, not invalid
  if (scope.project && !scope.domain) {
    throw new DomainError("unprocessable", "project filter needs a domain", { fields: [{ path: "project", message: "needs domain" }] });
  }
  // Callers bound to a domain or project list their own scope by default.
  const effective: Scope = scope.domain ? scope : { ...caller.scope };
  if (effective.domain) authorize(caller, "admin", effective);
  else if (caller.role !== "platform-admin") throw forbidden("listing platform tokens needs a platform-admin token");
  return listItems(deps, {
    partition: listPartition(effective.domain),
    index: 1,
    ...(effective.project ? { prefix: `P#${effective.project}#` } : {}),
    page: filter,
    map: (i) => toView(i as unknown as TokenItem),
  });
}

export async function deleteToken(deps: Deps, ctx: Ctx, caller: Principal, id: string): Promise<void> {
  if (!ID_PATTERN.test(id)) throw notFound(`token ${id}`);
  const item = await getTokenItem(deps, id);
  if (!item) throw notFound(`token ${id}`);
  const scope: Scope = { ...(item.domain ? { domain: item.domain } : {}), ...(item.project ? { project: item.project } : {}) };
  if (scope.domain) authorize(caller, "admin", scope);
  else if (caller.role !== "platform-admin") throw notFound(`token ${id}`);
  if (!canGrant(caller, item.role, scope)) throw forbidden(`a ${caller.role} token cannot delete a ${item.role} token`);
  const tx = transaction(deps, ctx);
  await tx
    .delete(keys.token(id), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(`token ${id}`) })
    .emit("ckp.token.deleted", `tokens/${id}`, { id }, scope);
  await tx.commit();
  tokenCache.delete(id);
}

/** Who the caller is: what `GET /v1/whoami` answers, so a client can show and enable what the role allows. */
export interface Identity extends WhoAmI {
  domain?: string;
  project?: string;
  name?: string;
  expiresAt?: string;
}

export async function whoami(deps: Deps, caller: Principal): Promise<Identity> {
  // hosts authenticate with certificates and never reach this (the route is for bearer callers)
  if (caller.kind === "host") throw notFound("identity");
  const base: Identity = { ...whoAmI(caller), ...caller.scope };
  if (caller.kind === "person") return { ...base, name: caller.person?.name ?? caller.person?.email ?? caller.person?.user ?? caller.id };
  if (caller.kind !== "token") return { ...base, name: "bootstrap admin" };
  const item = await getTokenItem(deps, caller.id);
  return { ...base, ...(item ? { name: item.name, ...(item.expiresAt ? { expiresAt: item.expiresAt } : {}) } : {}) };
}

// A raw read, not findItem: store helpers drop `expiresAt` as the table's TTL attribute, but a token's is its
// ISO expiry, which verifyToken must see.
async function getTokenItem(deps: Deps, id: string): Promise<TokenItem | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.token(id) }));
  return out.Item as TokenItem | undefined;
}

/**
 * Verified tokens are cached briefly per process so a request costs no extra
 * round trip; a deleted token stops working within TOKEN_CACHE_MS.
 */
export const TOKEN_CACHE_MS = 15_000;
const tokenCache = new Map<string, { item: TokenItem | null; at: number }>();

export async function verifyToken(deps: Deps, bearer: string): Promise<Principal | null> {
  const m = TOKEN_RE.exec(bearer);
  if (!m) return null;
  const [, id, secret] = m as unknown as [string, string, string];
  const nowMs = deps.clock.now().getTime();
  let cached = tokenCache.get(id);
  if (!cached || nowMs - cached.at > TOKEN_CACHE_MS) {
    cached = { item: (await getTokenItem(deps, id)) ?? null, at: nowMs };
    if (tokenCache.size > 10_000) tokenCache.clear();
    tokenCache.set(id, cached);
  }
  const item = cached.item;
  if (!item || !secretMatches(secret, item.secretHash)) return null;
  if (item.expiresAt && new Date(item.expiresAt).getTime() <= nowMs) return null;
  return {
    id: item.id,
    kind: "token",
    role: item.role,
    scope: { ...(item.domain ? { domain: item.domain } : {}), ...(item.project ? { project: item.project } : {}) },
  };
}

/** For tests that need a deleted token to fail at once. */
export function clearTokenCache(): void {
  tokenCache.clear();
}

function toView(i: TokenItem): TokenView {
  return withoutKeys<TokenView>(i as unknown as Record<string, unknown>, ["secretHash"]);
}
