import { z } from "zod";
import { type Ctx, type Deps, transaction } from "../deps.js";
import { notFound, unprocessable } from "../shared/errors.js";
import { exactlyOneOf, httpUrl } from "../shared/names.js";
import { keys } from "../store/keys.js";
import { findItem, getItem } from "../store/read.js";
import { agentVersion } from "./health.js";

/**
 * The agent release the control plane names (product §10: in-place upgrades).
 * The build is either an object in the artifacts bucket, served to hosts
 * over mTLS, or any URL; agents refuse a build whose SHA-256 differs.
 */
export const releaseInput = z
  .strictObject({
    version: agentVersion,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
    artifactKey: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[A-Za-z0-9!_.*'()/-]+$/)
      .optional(),
    url: httpUrl.optional(),
    notes: z.string().max(2000).optional(),
  })
  .refine((r) => Boolean(r.artifactKey) !== Boolean(r.url), { message: "give exactly one of artifactKey and url" })
  .meta(exactlyOneOf("artifactKey", "url"));
export type ReleaseInput = z.infer<typeof releaseInput>;

export interface AgentRelease extends ReleaseInput {
  publishedAt: string;
  publishedBy: string;
  version: string;
}

/** Path under which hosts download a build kept in the artifacts bucket. */
export const ARTIFACT_PATH = "/v1/agent/release/artifact";

const CACHE_MS = 10_000;
let cached: { at: number; table: string; release: AgentRelease | null } | undefined;

export async function publishRelease(
  deps: Deps,
  ctx: Ctx,
  input: ReleaseInput,
  artifactExists: (key: string) => Promise<boolean>,
): Promise<AgentRelease> {
  if (input.artifactKey && !(await artifactExists(input.artifactKey))) {
    throw unprocessable(
      `artifact ${input.artifactKey} is not in the artifacts bucket; upload the build first`,
      { artifactKey: input.artifactKey },
      "agent-release.artifact-missing",
    );
  }
  const release: AgentRelease = { ...input, publishedAt: deps.clock.now().toISOString(), publishedBy: ctx.actor.id };
  const tx = transaction(deps, ctx);
  tx.put({ ...keys.agentRelease(), kind: "agent-release", ...release });
  // kept by digest, so machines whose cloud-init names this build can still download it after the next release
  tx.put({ ...keys.agentBuild(release.sha256), kind: "agent-build", ...release }).emit(
    "ckp.agentrelease.published",
    `agent-releases/${release.version}`,
    { version: release.version, sha256: release.sha256, source: input.artifactKey ? `artifact:${input.artifactKey}` : `url:${input.url}` },
    {},
  );
  await tx.commit();
  cached = { at: Date.now(), table: deps.table, release };
  return release;
}

/** The current release (cached for a few seconds per process: agents ask with every heartbeat). */
export async function currentRelease(deps: Deps): Promise<AgentRelease | null> {
  if (cached && cached.table === deps.table && Date.now() - cached.at < CACHE_MS) return cached.release;
  const release = (await findItem<AgentRelease>(deps, keys.agentRelease())) ?? null;
  cached = { at: Date.now(), table: deps.table, release };
  return release;
}

export async function requireRelease(deps: Deps): Promise<AgentRelease> {
  const r = await currentRelease(deps);
  if (!r) throw notFound("agent release");
  return r;
}

/** What an agent is told: the version, its digest, and where to fetch it. */
export function releaseForAgent(r: AgentRelease): { version: string; sha256: string; url: string } {
  return { version: r.version, sha256: r.sha256, url: r.url ?? ARTIFACT_PATH };
}

/**
 * The build a machine asks for by digest (GET /v1/agent/download?sha256=):
 * any build that was published as a release, or the current one without a
 * digest. Nothing else in the artifacts bucket is reachable this way.
 */
export async function downloadableBuild(deps: Deps, sha256?: string): Promise<AgentRelease> {
  const current = await currentRelease(deps);
  if (!sha256) {
    if (!current) throw notFound("agent release");
    return current;
  }
  if (current?.sha256 === sha256) return current;
  return getItem<AgentRelease>(deps, keys.agentBuild(sha256), `agent build with sha256 ${sha256}`);
}
