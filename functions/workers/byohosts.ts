import { createHash } from "node:crypto";
import { sqsClient } from "../../core/aws/sqs.js";
import { recordError } from "../../core/byoh/binding.js";
import { groupMembers, reconcileHost, reconcileHosts } from "../../core/byoh/host-reconciler.js";
import { type ManagementKube, managementKube } from "../../core/byoh/kube.js";
import type { Deps } from "../../core/deps.js";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent } from "../../events/outbox.js";
import { publishToQueue } from "../../events/publish.js";
import { queueUrl } from "../shared/queues.js";
import { sqsConsumer } from "./consumer.js";

/**
 * The BYOH host reconciler (product §11): every event that can change a host's
 * ByoHost — the host provisioned, relabelled or deleted, joining or leaving
 * a group, its group relabelled or moved to another management cluster, the
 * host assigned to or released from a cluster — converges that host's
 * ByoHost (core/byoh/host-reconciler.ts). A group's members are done a page
 * at a time, the next page as a message to this queue.
 */
let kube: ManagementKube | undefined;
const kubeOf = (deps: Deps) => (kube ??= managementKube(deps));

const tenant = (e: Envelope) => {
  if (!e.domain || !e.project) throw new Error(`event ${e.id} has no tenant`);
  return { domain: e.domain, project: e.project };
};

const oneHost = (deps: Deps, e: Envelope) => reconcileHost(deps, kubeOf(deps), tenant(e), (e.data as { hostId: string }).hostId);
const listedHosts = async (deps: Deps, e: Envelope) =>
  reconcileHosts(deps, kubeOf(deps), tenant(e), (e.data as { hostIds: string[] }).hostIds);

/** Members per message of a group-wide sync. */
const GROUP_PAGE = 50;

async function groupPage(deps: Deps, e: Envelope, group: string, cursor: Record<string, unknown> | undefined) {
  const t = tenant(e);
  const page = await groupMembers(deps, t, group, cursor, GROUP_PAGE);
  const counts = await reconcileHosts(deps, kubeOf(deps), t, page.ids);
  if (page.next) {
    const next = buildEvent(
      "ckp.hostgroup.byohosts-sync-due",
      `host-groups/${group}`,
      { group, cursor: page.next },
      t,
      { actor: { kind: "system", id: "byoh-host-reconciler" }, correlationId: e.correlationid, causationId: e.id },
      deps.clock.now(),
    );
    // derived from this message's id: a retried page sends the same continuation, handled once
    await publishToQueue(sqsClient(), queueUrl("byohosts"), [
      { ...next, id: `bhs_${createHash("sha256").update(e.id).digest("hex").slice(0, 32)}` },
    ]);
  }
  return counts;
}

/** Events that name their hosts: handled by converging just those hosts to what the table says now. */
const PER_HOST = {
  "ckp.host.provisioned": oneHost,
  "ckp.host.labels-changed": oneHost,
  "ckp.host.deleted": oneHost,
  "ckp.hostgroup.host-added": oneHost,
  "ckp.hostgroup.host-removed": oneHost,
  "ckp.cluster.hosts-assigned": listedHosts,
  "ckp.cluster.hosts-released": listedHosts,
};

export const handler = sqsConsumer({
  queue: "byohosts",
  // A copy (or a replay) of a per-host event converges the same hosts again to what the table says then: the same
  // ByoHosts, applied server-side, so the dedupe record's two writes guard nothing. A group's page keeps its record:
  // each sends the next page, and a copy would walk the group twice.
  selfGuarded: (e) => e.type in PER_HOST,
  handlers: {
    ...PER_HOST,
    "ckp.hostgroup.updated": (deps, e) => groupPage(deps, e, (e.data as { name: string }).name, undefined),
    "ckp.hostgroup.byohosts-sync-due": (deps, e) => {
      const d = e.data as { group: string; cursor?: Record<string, unknown> };
      return groupPage(deps, e, d.group, d.cursor);
    },
  },
  // the management cluster stayed unreachable: say so on the host's binding (the machine reconciler also reports the missing ByoHost)
  onGiveUp: async (deps, e, error) => {
    const d = e.data as { hostId?: string; hostIds?: string[] };
    for (const id of d.hostIds ?? (d.hostId ? [d.hostId] : []))
      await recordError(deps, tenant(e), id, "", `gave up after repeated failures: ${error.message}`);
  },
});
