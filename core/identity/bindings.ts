import { BatchGetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { authorize, canGrant } from "../auth/authorize.js";
import type { Grant, Principal } from "../auth/principal.js";
import { type Role, type Scope, scopeFitsRole } from "../auth/roles.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { badRequest, conflict, forbidden, notFound, RetryableError, unprocessable } from "../shared/errors.js";
import { ID_PATTERN, newId } from "../shared/ids.js";
import { keys } from "../store/keys.js";
import type { Page } from "../store/pagination.js";
import { findItem, getItem, listItems } from "../store/read.js";
import { bindingsPk, grantKey, identityKeys } from "./items.js";
import { type CreateRoleBindingInput, parseIdpRef, type RoleBinding } from "./model.js";
import { findIdentityProvider, type IssuerEntry } from "./providers.js";
import type { IdpMatch } from "./verify.js";

/**
 * Role bindings: an IdP group, or one user, holds one of the roles at a
 * scope (platform, domain, project). A person's permissions are the union of
 * the bindings of their groups and of their user, read on each request.
 * Managing them follows the token rules: admin of the scope, and no
 * granting (or removing) more than one holds oneself.
 */

/** Grants one group or user may hold through one IdP. */
export const MAX_GRANTS_PER_LOOKUP = 1000;

interface LookupGrant {
  id: string;
  role: Role;
  domain?: string;
  project?: string;
}

const whoOf = (b: { group?: string | undefined; user?: string | undefined }) =>
  b.group !== undefined ? { group: b.group } : { user: b.user as string };

const describe = (scope: Scope) =>
  scope.project ? `project ${scope.domain}/${scope.project}` : scope.domain ? `domain ${scope.domain}` : "the platform";

/** Bindings are managed (and read) by the scope's admins: platform-admin, domain-admin, project-admin. */
function authorizeManage(caller: Principal, scope: Scope): void {
  authorize(caller, "admin", scope);
}

export async function createRoleBinding(
  deps: Deps,
  ctx: Ctx,
  caller: Principal,
  scope: Scope,
  input: CreateRoleBindingInput,
): Promise<RoleBinding> {
  authorizeManage(caller, scope);
  const misfit = scopeFitsRole(input.role, scope);
  if (misfit) throw badRequest(`${misfit}: bind it at its scope`, [{ path: "role", message: misfit }]);
  if (!canGrant(caller, input.role, scope)) throw forbidden(`you cannot grant ${input.role} at ${describe(scope)} (no more than you hold)`);
  const ref = parseIdpRef(input.identityProvider);
  const unknownIdp = () =>
    unprocessable(
      `identity provider ${input.identityProvider} does not exist${ref?.domain ? ` in domain ${ref.domain}` : ""}`,
      undefined,
      "role-binding.identity-provider-unknown",
    );
  if (!ref) throw unknownIdp();
  // A domain's IdP vouches only for its domain: its groups cannot hold roles elsewhere.
  if (ref.domain && ref.domain !== scope.domain)
    throw unprocessable(
      `identity provider ${input.identityProvider} belongs to domain ${ref.domain}; it can only be bound inside that domain`,
      undefined,
      "role-binding.identity-provider-unknown",
    );

  const who = whoOf(input);
  const lookupKey = identityKeys.lookup(input.identityProvider, who);
  const k = grantKey(input.role, scope);
  const lookup = await findItem<{ grants?: Record<string, LookupGrant> }>(deps, lookupKey, { consistent: true });
  const existing = lookup?.grants?.[k];
  const exists = (id?: string) =>
    conflict(
      `${"group" in who ? `group ${who.group}` : `user ${who.user}`} of ${input.identityProvider} already holds ${input.role} at ${describe(scope)}`,
      id ? { existingId: id } : undefined,
      "role-binding.exists",
    );
  if (existing) throw exists(existing.id);
  if (Object.keys(lookup?.grants ?? {}).length >= MAX_GRANTS_PER_LOOKUP)
    throw unprocessable(`at most ${MAX_GRANTS_PER_LOOKUP} role bindings per group or user`, undefined, "role-binding.limit-reached");

  const idp = await findIdentityProvider(deps, ref.domain ? { domain: ref.domain } : {}, ref.name);
  if (!idp) throw unknownIdp();

  const binding: RoleBinding = {
    id: newId("rb"),
    identityProvider: input.identityProvider,
    ...who,
    role: input.role,
    ...scope,
    createdAt: deps.clock.now().toISOString(),
    createdBy: caller.id,
  };
  // The map must exist before a transaction can set one of its keys; an empty one is harmless if the transaction fails.
  if (!lookup)
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: lookupKey,
        UpdateExpression: "SET grants = if_not_exists(grants, :empty), kind = :kind",
        ExpressionAttributeValues: { ":empty": {}, ":kind": "role-binding-lookup" },
      }),
    );
  const grant: LookupGrant = { id: binding.id, role: binding.role, ...scope };
  const tx = transaction(deps, ctx);
  if (scope.project)
    tx.check(keys.project({ domain: scope.domain as string, project: scope.project }), {
      condition: "attribute_exists(pk)",
      onConditionFailed: () => notFound(describe(scope)),
    });
  else if (scope.domain)
    tx.check(keys.domain(scope.domain), { condition: "attribute_exists(pk)", onConditionFailed: () => notFound(describe(scope)) });
  tx.update(identityKeys.idp(ref), "ADD bindingCount :one", {
    condition: "attribute_exists(pk)",
    values: { ":one": 1 },
    onConditionFailed: unknownIdp,
  })
    .update(identityKeys.issuerIndex(idp.issuer, idp), `ADD ${"group" in who ? "boundGroups" : "boundUsers"} :who, rev :one`, {
      condition: "attribute_exists(pk)",
      values: { ":who": new Set([boundName(who)]), ":one": 1 },
      onConditionFailed: () => conflict(`identity provider ${input.identityProvider} changed meanwhile; try again`),
    })
    .update(lookupKey, "SET grants.#k = :grant", {
      condition: "attribute_not_exists(grants.#k) AND size(grants) < :max",
      names: { "#k": k },
      values: { ":grant": grant, ":max": MAX_GRANTS_PER_LOOKUP },
      onConditionFailed: () => exists(),
    })
    .put({ ...identityKeys.binding(scope, binding.id), kind: "role-binding", ...binding }, { condition: "attribute_not_exists(pk)" })
    .emit("ckp.rolebinding.created", `role-bindings/${binding.id}`, eventData(binding), scope);
  await tx.commit();
  return binding;
}

function eventData(b: RoleBinding) {
  return { id: b.id, identityProvider: b.identityProvider, ...whoOf(b), role: b.role };
}

export async function getRoleBinding(deps: Deps, caller: Principal, scope: Scope, id: string): Promise<RoleBinding> {
  authorizeManage(caller, scope);
  if (!ID_PATTERN.test(id)) throw notFound(`role binding ${id}`);
  return getItem<RoleBinding>(deps, identityKeys.binding(scope, id), `role binding ${id}`);
}

export interface RoleBindingFilter {
  identityProvider?: string | undefined;
  group?: string | undefined;
  user?: string | undefined;
}

export async function listRoleBindings(
  deps: Deps,
  caller: Principal,
  scope: Scope,
  filter: RoleBindingFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<RoleBinding>> {
  authorizeManage(caller, scope);
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const f of ["identityProvider", "group", "user"] as const) {
    if (filter[f] === undefined) continue;
    names[`#${f}`] = f;
    values[`:${f}`] = filter[f];
    clauses.push(`#${f} = :${f}`);
  }
  return listItems<RoleBinding>(deps, {
    partition: bindingsPk(scope),
    prefix: "RB#",
    page,
    ...(clauses.length ? { filter: { expression: clauses.join(" AND "), names, values } } : {}),
  });
}

/** Removes a binding; its holders lose the role on their next request. */
export async function deleteRoleBinding(deps: Deps, ctx: Ctx, caller: Principal, scope: Scope, id: string): Promise<void> {
  authorizeManage(caller, scope);
  if (!ID_PATTERN.test(id)) throw notFound(`role binding ${id}`);
  const b = await getItem<RoleBinding>(deps, identityKeys.binding(scope, id), `role binding ${id}`, { consistent: true });
  if (!canGrant(caller, b.role, scope)) throw forbidden(`you cannot remove a ${b.role} binding at ${describe(scope)} (more than you hold)`);
  const ref = parseIdpRef(b.identityProvider) as { name: string; domain?: string };
  const who = whoOf(b);
  const lookupKey = identityKeys.lookup(b.identityProvider, who);
  const [lookup, idp] = await Promise.all([
    findItem<{ grants?: Record<string, LookupGrant> }>(deps, lookupKey, { consistent: true }),
    findIdentityProvider(deps, ref.domain ? { domain: ref.domain } : {}, ref.name),
  ]);
  const held = Object.keys(lookup?.grants ?? {}).length;
  const changed = () => conflict(`role bindings of ${b.identityProvider} changed meanwhile; try again`);
  const tx = transaction(deps, ctx);
  tx.delete(identityKeys.binding(scope, id), {
    condition: "attribute_exists(pk)",
    onConditionFailed: () => notFound(`role binding ${id}`),
  })
    // The count read above must still hold: its last grant takes the group or user out of the IdP's bound set.
    .update(lookupKey, "REMOVE grants.#k", {
      condition: "grants.#k.id = :id AND size(grants) = :held",
      names: { "#k": grantKey(b.role, scope) },
      values: { ":id": id, ":held": held },
      onConditionFailed: changed,
    })
    .update(identityKeys.idp(ref), "ADD bindingCount :minus", { values: { ":minus": -1 } });
  if (held === 1 && idp)
    tx.update(identityKeys.issuerIndex(idp.issuer, idp), `DELETE ${"group" in who ? "boundGroups" : "boundUsers"} :who ADD rev :one`, {
      condition: "attribute_exists(pk)",
      values: { ":who": new Set([boundName(who)]), ":one": 1 },
      onConditionFailed: changed,
    });
  tx.emit("ckp.rolebinding.deleted", `role-bindings/${id}`, eventData(b), scope);
  await tx.commit();
}

const boundName = (who: { group: string } | { user: string }) => ("group" in who ? who.group : who.user);

const BATCH = 100;
const BATCH_ATTEMPTS = 5;

/**
 * What a person holds: the grants of their user and of each of their groups,
 * through every IdP that accepted their token, read consistently (so a
 * binding removed a moment ago is gone) — only for the groups and user the
 * IdP's index says hold any binding (`entries`, read with the same
 * consistency a moment before). A domain's IdP only ever yields grants
 * inside its domain.
 */
export async function grantsFor(deps: Deps, matches: IdpMatch[], entries: IssuerEntry[]): Promise<Grant[]> {
  const bound = new Map(entries.map((e) => [e.verifier.ref, e]));
  const wanted = new Map<string, { pk: string; sk: string; idpDomain: string | undefined }>();
  for (const m of matches) {
    const entry = bound.get(m.idp.ref);
    const add = (who: { group: string } | { user: string }) => {
      const key = identityKeys.lookup(m.idp.ref, who);
      wanted.set(key.pk, { ...key, idpDomain: m.idp.domain });
    };
    if (entry?.boundUsers.has(m.user)) add({ user: m.user });
    for (const group of m.groups) if (entry?.boundGroups.has(group)) add({ group });
  }
  const all = [...wanted.values()];
  if (all.length === 0) return [];
  const chunks = Array.from({ length: Math.ceil(all.length / BATCH) }, (_, i) => all.slice(i * BATCH, (i + 1) * BATCH));
  const items = (
    await Promise.all(
      chunks.map((chunk) =>
        batchGet(
          deps,
          chunk.map(({ pk, sk }) => ({ pk, sk })),
        ),
      ),
    )
  ).flat();
  const grants = new Map<string, Grant>();
  for (const item of items) {
    const idpDomain = wanted.get(item.pk as string)?.idpDomain;
    for (const g of Object.values((item.grants ?? {}) as Record<string, LookupGrant>)) {
      if (idpDomain && g.domain !== idpDomain) continue;
      const scope: Scope = { ...(g.domain ? { domain: g.domain } : {}), ...(g.project ? { project: g.project } : {}) };
      grants.set(g.id, { role: g.role, scope, binding: g.id });
    }
  }
  return [...grants.values()];
}

async function batchGet(deps: Deps, keysToGet: Array<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let pending = keysToGet;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= BATCH_ATTEMPTS) throw new RetryableError("role bindings could not be read (throttled)");
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    const res = await deps.db.send(
      new BatchGetCommand({
        RequestItems: { [deps.table]: { Keys: pending, ConsistentRead: true, ProjectionExpression: "pk, grants" } },
      }),
    );
    out.push(...((res.Responses?.[deps.table] ?? []) as Record<string, unknown>[]));
    pending = (res.UnprocessedKeys?.[deps.table]?.Keys ?? []) as Array<{ pk: string; sk: string }>;
  }
  return out;
}
