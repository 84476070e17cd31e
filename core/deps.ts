import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../events/envelope.js";
import type { Envelope } from "./crypto/envelope.js";
import type { Clock } from "./shared/clock.js";
import { Transaction } from "./store/transaction.js";

/** What core commands need from the outside world, built once per process. */
export interface Deps {
  db: DynamoDBDocumentClient;
  table: string;
  secrets: Envelope;
  clock: Clock;
  /** bucket for build artifacts and the mTLS truststore (optional where unused) */
  artifactsBucket?: string;
  /**
   * the agent WebSocket API's management endpoint (API Gateway's, or the dev
   * server's): how the control plane sends to cluster agents' tunnels
   */
  agentWsManagementEndpoint?: string;
  /**
   * the S3 endpoint hosts backup locations may use (a leading dot: a
   * domain's sub-domains); unset, any (core/backups/probe.ts)
   */
  backupEndpointHosts?: readonly string[];
}

/** Who is acting and why: carried into every event the command records. */
export interface Ctx {
  actor: Actor;
  correlationId: string;
  causationId?: string;
}

/**
 * A transaction stamped with one time (`tx.now`), so the state it writes and
 * the events describing it agree exactly; pass `now` when the command has
 * already read the clock.
 */
export function transaction(deps: Deps, ctx: Ctx, now: Date = deps.clock.now()): Transaction {
  return new Transaction(deps.db, deps.table, ctx, now);
}
