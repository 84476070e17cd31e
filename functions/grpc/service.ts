import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Code, type ConnectError, createContextKey, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { z } from "zod";
import { authorize, type Level } from "../../core/auth/authorize.js";
import { principalFromBearer } from "../../core/auth/bearer.js";
import { actorOf, type Principal } from "../../core/auth/principal.js";
import type { Ctx, Deps } from "../../core/deps.js";
import { registrationInput } from "../../core/hosts/model.js";
import { addMachineHost } from "../../core/machinehosts/enrol.js";
import {
  deleteMachineHost,
  getMachineHost,
  listMachineHosts,
  type MachineHostChange,
  updateMachineHost,
} from "../../core/machinehosts/machine-hosts.js";
import { addMachineHostInput, provisionInput } from "../../core/machinehosts/model.js";
import { requestProvision } from "../../core/machinehosts/provisions.js";
import { statusOf } from "../../core/machinehosts/status.js";
import { watchMachineHostStatus } from "../../core/machinehosts/watch.js";
import { badRequest, DomainError } from "../../core/shared/errors.js";
import { dnsLabel, labels as labelsSchema } from "../../core/shared/names.js";
import type { ProjectRef } from "../../core/store/keys.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../../core/store/pagination.js";
import { machineHostMessage, statusMessage } from "./convert.js";
import { toConnectError } from "./errors.js";
import type { MachineHostService } from "./gen/ckp/machinehost/v1/machinehost_pb.js";

export interface GrpcOptions {
  deps: () => Deps;
  /** hash of the bootstrap admin token, when one is configured */
  adminTokenHash: () => string | undefined;
  watch: WatchLimits;
}

/** Bounds on WatchMachineHostStatus, per process. */
export interface WatchLimits {
  /** how often a watch reads the store */
  pollMs: number;
  /** how long one watch lasts before it ends (the client watches again) */
  maxMs: number;
  /** watches open at once; more are RESOURCE_EXHAUSTED */
  maxStreams: number;
}

/** The request id the edge in front already chose (API Gateway's on Lambda), if any. */
export const kRequestId = createContextKey<string | undefined>(undefined, { description: "ckp request id" });

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const logger = new Logger({ serviceName: "ckp-grpc" });

interface Call {
  deps: Deps;
  principal: Principal;
  ctx: Ctx;
  signal: AbortSignal;
}

function requestIdOf(hc: HandlerContext): string {
  const given = hc.requestHeader.get("x-request-id");
  return hc.values.get(kRequestId) ?? (given && REQUEST_ID.test(given) ? given : randomUUID());
}

/** Validates with the core's schema; a failure is INVALID_ARGUMENT naming each field. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw badRequest(
    "the request is invalid",
    r.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
  );
}

/** One field, validated under its name (so a field error names it). */
function field<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  return (parse(z.object({ [name]: schema }), { [name]: value }) as Record<string, z.output<S>>)[name] as z.output<S>;
}

const machineIdOf = (req: { machineId: string }) => field("machineId", registrationInput.shape.machineId, req.machineId);
const projectRef = z.object({ domain: dnsLabel, project: dnsLabel });

/** The tenant a request names, after the same authorization as REST (another tenant's: NOT_FOUND). */
function inProject(call: Call, req: { domain: string; project: string }, level: Level): ProjectRef {
  const t = parse(projectRef, { domain: req.domain, project: req.project });
  authorize(call.principal, level, t);
  return t;
}

/**
 * The MachineHost service: each method authenticates the bearer token
 * (core/auth, as REST does), authorizes the tenant, validates with the
 * core's schemas, calls one core command and maps its answer; every error
 * becomes a gRPC status with details (./errors.ts); one log line per call.
 */
export function machineHostService(o: GrpcOptions): ServiceImpl<typeof MachineHostService> {
  let watching = 0;

  async function begin(hc: HandlerContext, requestId: string, seen: { principal?: string }): Promise<Call> {
    hc.responseHeader.set("x-request-id", requestId);
    const deps = o.deps();
    const principal = await principalFromBearer(deps, hc.requestHeader.get("authorization"), o.adminTokenHash());
    seen.principal = principal.id;
    return { deps, principal, ctx: { actor: actorOf(principal), correlationId: requestId }, signal: hc.signal };
  }

  function done(
    hc: HandlerContext,
    requestId: string,
    started: number,
    seen: { principal?: string },
    err?: unknown,
  ): ConnectError | undefined {
    const mapped = err === undefined ? undefined : toConnectError(err, requestId);
    if (mapped?.ours) logger.error("unhandled error", { requestId, procedure: hc.method.name, error: err as Error });
    logger.info("rpc", {
      requestId,
      procedure: `${hc.service.typeName}/${hc.method.name}`,
      protocol: hc.protocolName,
      code: mapped ? Code[mapped.error.code] : "OK",
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      principal: seen.principal,
    });
    return mapped?.error;
  }

  function unary<I, O>(run: (req: I, call: Call) => Promise<O>): (req: I, hc: HandlerContext) => Promise<O> {
    return async (req, hc) => {
      const started = performance.now();
      const requestId = requestIdOf(hc);
      const seen: { principal?: string } = {};
      try {
        const out = await run(req, await begin(hc, requestId, seen));
        done(hc, requestId, started, seen);
        return out;
      } catch (e) {
        throw done(hc, requestId, started, seen, e);
      }
    };
  }

  function stream<I, O>(run: (req: I, call: Call) => AsyncIterable<O>): (req: I, hc: HandlerContext) => AsyncIterable<O> {
    return async function* (req, hc) {
      const started = performance.now();
      const requestId = requestIdOf(hc);
      const seen: { principal?: string } = {};
      try {
        yield* run(req, await begin(hc, requestId, seen));
        done(hc, requestId, started, seen);
      } catch (e) {
        throw done(hc, requestId, started, seen, e);
      }
    };
  }

  return {
    addMachineHost: unary(async (req, call) => {
      const t = inProject(call, req, "admin");
      const input = parse(addMachineHostInput, {
        machineId: req.machineId,
        hostname: req.hostname,
        facts: req.facts ?? {},
        ...(req.csr ? { csr: req.csr } : {}),
      });
      return { machineHost: machineHostMessage(await addMachineHost(call.deps, call.ctx, t, input)) };
    }),

    getMachineHost: unary(async (req, call) => {
      const t = inProject(call, req, "read");
      return { machineHost: machineHostMessage(await getMachineHost(call.deps, t, machineIdOf(req))) };
    }),

    updateMachineHost: unary(async (req, call) => {
      const t = inProject(call, req, "admin");
      const id = machineIdOf(req);
      const paths = req.updateMask?.paths.length ? req.updateMask.paths : ["labels"];
      const change: MachineHostChange = {};
      for (const p of paths) {
        if (p === "labels") change.labels = field("labels", labelsSchema, req.labels);
        else if (p === "host_group") change.group = req.hostGroup === "" ? null : field("hostGroup", dnsLabel, req.hostGroup);
        else throw badRequest(`update_mask names ${p}`, [{ path: "update_mask", message: "only labels and host_group can be changed" }]);
      }
      const ifMatch = req.expectedVersion ? Number(req.expectedVersion) : undefined;
      return { machineHost: machineHostMessage(await updateMachineHost(call.deps, call.ctx, t, id, change, ifMatch)) };
    }),

    deleteMachineHost: unary(async (req, call) => {
      const t = inProject(call, req, "admin");
      await deleteMachineHost(call.deps, call.ctx, t, machineIdOf(req), {
        force: req.force,
        ...(req.expectedVersion ? { ifMatch: Number(req.expectedVersion) } : {}),
      });
      return {};
    }),

    provisionMachineHost: unary(async (req, call) => {
      const t = inProject(call, req, "admin");
      const input = parse(provisionInput, {
        hostGroup: req.hostGroup,
        providerCluster: req.providerCluster,
        count: req.count,
        ...(req.os ? { os: req.os } : {}),
        ...(req.arch ? { arch: req.arch } : {}),
        ...(req.requestId ? { requestId: req.requestId } : {}),
      });
      const { provision, machineHosts } = await requestProvision(call.deps, call.ctx, t, input);
      return { provisionId: provision.id, machineHosts: machineHosts.map(machineHostMessage) };
    }),

    getMachineHostStatus: unary(async (req, call) => {
      const t = inProject(call, req, "read");
      return { status: statusMessage(statusOf(await getMachineHost(call.deps, t, machineIdOf(req)))) };
    }),

    listMachineHosts: unary(async (req, call) => {
      const t = inProject(call, req, "read");
      const limit = req.pageSize === 0 ? DEFAULT_LIMIT : req.pageSize;
      if (limit < 1 || limit > MAX_LIMIT) {
        throw badRequest(`page_size is ${req.pageSize}`, [{ path: "limit", message: `from 1 to ${MAX_LIMIT}; 0 means ${DEFAULT_LIMIT}` }]);
      }
      const page = await listMachineHosts(call.deps, t, { limit, ...(req.pageToken ? { cursor: req.pageToken } : {}) });
      return { machineHosts: page.items.map(machineHostMessage), nextPageToken: page.nextCursor ?? "" };
    }),

    watchMachineHostStatus: stream(async function* (req, call) {
      const t = inProject(call, req, "read");
      const id = machineIdOf(req);
      if (watching >= o.watch.maxStreams) {
        throw new DomainError("rate-limited", `this server already serves ${o.watch.maxStreams} watches; retry later`, { retryAfter: 5 });
      }
      watching++;
      try {
        for await (const s of watchMachineHostStatus(call.deps, t, id, { ...o.watch, signal: call.signal })) {
          yield { status: statusMessage(s) };
        }
      } finally {
        watching--;
      }
    }),
  };
}
