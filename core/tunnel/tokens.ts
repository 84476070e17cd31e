import { randomBytes } from "node:crypto";
import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { hashSecret, secretMatches } from "../crypto/token-hash.js";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { notFound, unauthenticated } from "../shared/errors.js";
import { ID_PATTERN, newId } from "../shared/ids.js";
import { withoutKeys } from "../store/items.js";
import { listItems } from "../store/read.js";
import type { Transaction } from "../store/transaction.js";
import { eventSubject, subjectKey, type TunnelSubject, tenantOf, tunnelKeys } from "./model.js";

/**
 * Registration tokens: `ckpreg_<id>_<secret>`, bound to one cluster (the
 * subject), single use, expiring, revocable. Only a hash of the secret is
 * stored; the id finds the item in one read. A used token stays (until a
 * week after it expires) so a replay is refused as "already used".
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;
export const tokenInput = z.strictObject({
  ttlSeconds: z
    .number()
    .int()
    .min(300)
    .max(7 * 24 * 3600)
    .optional()
    .describe("how long the token can be used (default 24 h)"),
});
export type TokenInput = z.infer<typeof tokenInput>;

const TOKEN_RE = /^ckpreg_(reg_[0-9a-z]{26})_([A-Za-z0-9_-]{43})$/;

export interface RegistrationToken {
  /** the token itself: shown once */
  token: string;
  tokenId: string;
  expiresAt: string;
}

export interface RegistrationTokenView {
  tokenId: string;
  createdAt: string;
  expiresAt: string;
  state: "unused" | "used" | "expired";
  usedAt?: string;
  /** the certificate the token's registration received */
  serial?: string;
}

interface TokenItem {
  id: string;
  subject: string;
  secretHash: string;
  createdAt: string;
  notAfter: string;
  usedAt?: string;
  serial?: string;
}

const refused = (why: string) => unauthenticated(`registration token refused: ${why}`, "cluster-agent.token-refused");

/** Adds a new token for `s` to the caller's transaction (with its event); answers the token. */
export function issueToken(tx: Transaction, s: TunnelSubject, o: TokenInput = {}): RegistrationToken {
  const tokenId = newId("reg");
  const secret = randomBytes(32).toString("base64url");
  const notAfter = new Date(tx.now.getTime() + (o.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS) * 1000);
  tx.put(
    {
      ...tunnelKeys.token(tokenId),
      kind: "agent-token",
      id: tokenId,
      subject: subjectKey(s),
      secretHash: hashSecret(secret),
      createdAt: tx.at,
      notAfter: notAfter.toISOString(),
      expiresAt: Math.ceil(notAfter.getTime() / 1000) + 7 * 24 * 3600,
      gsi1pk: tunnelKeys.tokensIndexPk(s),
      gsi1sk: tokenId,
    },
    { condition: "attribute_not_exists(pk)" },
  ).emit(
    "ckp.clusteragent.token-issued",
    eventSubject(s),
    { clusterId: s.id, clusterKind: s.kind, tokenId, expiresAt: notAfter.toISOString() },
    tenantOf(s) ?? {},
  );
  return { token: `ckpreg_${tokenId}_${secret}`, tokenId, expiresAt: notAfter.toISOString() };
}

/**
 * Checks a presented token (without spending it): it exists, its secret
 * matches, it is unused and unexpired. Answers its id and subject key; the
 * registration spends it in its transaction (`spendToken`).
 */
export async function checkToken(deps: Deps, token: string | undefined): Promise<{ tokenId: string; subject: string }> {
  const m = TOKEN_RE.exec(token ?? "");
  if (!m) throw refused("it is not a cluster agent registration token");
  const [, tokenId, secret] = m as unknown as [string, string, string];
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: tunnelKeys.token(tokenId), ConsistentRead: true }));
  const item = out.Item as TokenItem | undefined;
  if (!item || !secretMatches(secret, item.secretHash)) throw refused("unknown or revoked");
  if (item.usedAt) throw refused(`already used at ${item.usedAt}; a token registers one agent once`);
  if (item.notAfter <= deps.clock.now().toISOString()) throw refused(`expired at ${item.notAfter}`);
  return { tokenId, subject: item.subject };
}

/** Spends the token in the caller's transaction: fails (as "already used") if another registration spent it first. */
export function spendToken(tx: Transaction, tokenId: string, serial: string): void {
  tx.update(tunnelKeys.token(tokenId), "SET usedAt = :now, serial = :serial", {
    condition: "attribute_exists(pk) AND attribute_not_exists(usedAt) AND notAfter > :now",
    values: { ":now": tx.at, ":serial": serial },
    onConditionFailed: () => refused("already used (or revoked or expired) while this registration ran"),
  });
}

export async function listTokens(deps: Deps, s: TunnelSubject): Promise<RegistrationTokenView[]> {
  const out: RegistrationTokenView[] = [];
  let cursor: string | undefined;
  const now = deps.clock.now().toISOString();
  do {
    const page = await listItems<TokenItem>(deps, {
      partition: tunnelKeys.tokensIndexPk(s),
      index: 1,
      page: { limit: 100, ...(cursor ? { cursor } : {}) },
    });
    for (const t of page.items) out.push(viewOf(t, now));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

function viewOf(t: TokenItem, now: string): RegistrationTokenView {
  return {
    tokenId: t.id,
    createdAt: t.createdAt,
    expiresAt: t.notAfter,
    state: t.usedAt ? "used" : t.notAfter <= now ? "expired" : "unused",
    ...(t.usedAt ? { usedAt: t.usedAt } : {}),
    ...(t.serial ? { serial: t.serial } : {}),
  };
}

/** Revokes a token of `s` (it can no longer register an agent). 404 for a token of another cluster. */
export async function revokeToken(deps: Deps, ctx: Ctx, s: TunnelSubject, tokenId: string): Promise<void> {
  if (!ID_PATTERN.test(tokenId)) throw notFound(`registration token ${tokenId}`);
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: tunnelKeys.token(tokenId), ConsistentRead: true }));
  const item = out.Item ? withoutKeys<TokenItem>(out.Item) : undefined;
  if (!item || item.subject !== subjectKey(s)) throw notFound(`registration token ${tokenId}`);
  const tx = transaction(deps, ctx);
  tx.delete(tunnelKeys.token(tokenId), {
    condition: "attribute_exists(pk)",
    onConditionFailed: () => notFound(`registration token ${tokenId}`),
  });
  tx.emit("ckp.clusteragent.token-revoked", eventSubject(s), { clusterId: s.id, clusterKind: s.kind, tokenId }, tenantOf(s) ?? {});
  await tx.commit();
}

/** Removes every token of `s` (the cluster is detached or deregistered). */
export async function deleteTokens(deps: Deps, s: TunnelSubject): Promise<void> {
  for (const t of await listTokens(deps, s)) {
    await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: tunnelKeys.token(t.tokenId) }));
  }
}
