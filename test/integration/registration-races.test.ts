import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { Deps } from "../../core/deps.js";
import { registrationInput } from "../../core/hosts/model.js";
import { register as registerCommand } from "../../core/hosts/registration.js";
import { DomainError } from "../../core/shared/errors.js";
import { keys } from "../../core/store/keys.js";
import { register, registration } from "../support/agent.js";
import { useLocalAws } from "../support/api.js";
import { newTenant, type Tenant } from "../support/tenants.js";

type Send = (cmd: unknown) => Promise<void>;

/**
 * The registration command, run in this process against the shared table,
 * with a hook before each DynamoDB call: to see what it asks for, and to
 * let another writer act at a chosen moment.
 */
async function hookedDeps(before: Send): Promise<{ deps: Deps; real: Deps }> {
  Object.assign(process.env, useLocalAws());
  process.env.POWERTOOLS_LOG_LEVEL = "WARN";
  const { runtimeDeps } = await import("../../functions/shared/runtime.js");
  const real = runtimeDeps();
  const db = {
    send: async (cmd: unknown) => {
      await before(cmd);
      return real.db.send(cmd as never);
    },
  } as unknown as DynamoDBDocumentClient;
  return { deps: { ...real, db }, real };
}

const input = (t: Tenant, machineId?: string) => registrationInput.parse(registration(t, t.psk, machineId ? { machineId } : {}));
const isGetOf = (cmd: unknown, key: { pk: string; sk: string }) =>
  cmd instanceof GetCommand && cmd.input.Key?.pk === key.pk && cmd.input.Key?.sk === key.sk;

describe("registration races", () => {
  it("reads the project (and its PSK) strongly consistently", async () => {
    const t = await newTenant();
    const reads: GetCommand[] = [];
    const { deps } = await hookedDeps(async (cmd) => {
      if (isGetOf(cmd, keys.project(t))) reads.push(cmd as GetCommand);
    });
    const answer = await registerCommand(deps, input(t), "req-consistent");
    expect(answer.status).toBe("pending");
    expect(reads).toHaveLength(1);
    expect(reads[0]?.input.ConsistentRead).toBe(true);
  });

  it("a machine whose request vanishes while it registers again gets a retryable 409, then registers afresh", async () => {
    const t = await newTenant();
    const first = registration(t, t.psk);
    const firstAnswer = await register(t.admin, first);
    expect(firstAnswer.status).toBe(202);
    const machineKey = keys.machine(t, first.machineId);
    let struck = false;
    const { deps, real } = await hookedDeps(async (cmd) => {
      // between the refused claim of the machine id and the read of its record, another
      // writer deletes the request and frees the machine (as DELETE …/host-requests/{id} does)
      if (!struck && isGetOf(cmd, machineKey)) {
        struck = true;
        await real.db.send(new DeleteCommand({ TableName: real.table, Key: keys.hostRequest(t, firstAnswer.body.requestId) }));
        await real.db.send(new DeleteCommand({ TableName: real.table, Key: machineKey }));
      }
    });
    const err = await registerCommand(deps, input(t, first.machineId), "req-race").catch((e: unknown) => e);
    expect(struck).toBe(true);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: "conflict", code: "registration.interrupted", retryAfter: 1 });
    expect((err as Error).message).toContain("register again");
    // the retry the answer asks for succeeds, with a new request
    const retry = await register(t.admin, registration(t, t.psk, { machineId: first.machineId }));
    expect(retry.status).toBe(202);
    expect(retry.body.requestId).not.toBe(firstAnswer.body.requestId);
  });

  it("a machine record naming a request that is gone is a retryable 409, not a 500", async () => {
    const t = await newTenant();
    const first = registration(t, t.psk);
    const firstAnswer = await register(t.admin, first);
    let struck = false;
    const { deps, real } = await hookedDeps(async (cmd) => {
      if (!struck && isGetOf(cmd, keys.hostRequest(t, firstAnswer.body.requestId))) {
        struck = true;
        await real.db.send(new DeleteCommand({ TableName: real.table, Key: keys.hostRequest(t, firstAnswer.body.requestId) }));
      }
    });
    const err = await registerCommand(deps, input(t, first.machineId), "req-race-2").catch((e: unknown) => e);
    expect(struck).toBe(true);
    expect(err).toMatchObject({ kind: "conflict", code: "registration.interrupted", retryAfter: 1 });
  });
});
