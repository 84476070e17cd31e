import { type ProjectRef, projectPk } from "../store/keys.js";

/**
 * Tunnels: a cluster the control plane cannot reach runs a cluster agent
 * (agent/cluster/) that dials out and carries the control plane's
 * Kubernetes API requests (docs/tunnel.md). A tunnel serves one subject: a
 * remote management cluster (platform-scoped) or an imported cluster
 * registered into a project.
 */
export type TunnelSubject = { kind: "management"; id: string } | { kind: "imported"; domain: string; project: string; id: string };

export type TunnelStateName = "awaiting-agent" | "connected" | "disconnected";

/** What the control plane knows of a tunnel (the `tunnel` member of health and status answers). */
export interface TunnelState {
  /**
   * awaiting-agent: no agent ever connected; connected: an agent holds the
   * tunnel and was heard from within the last STALE_SECONDS; disconnected:
   * it was, and is no more (or went silent)
   */
  state: TunnelStateName;
  /** when the tunnel entered this state */
  since: string;
  /** the agent's last ping */
  lastSeenAt?: string;
  agentVersion?: string;
  /** serial of the certificate the connected agent presented */
  certificateSerial?: string;
}

/** What is stored per tunnel (one item per subject). */
export interface TunnelRecord {
  subject: string;
  state: TunnelStateName;
  since: string;
  connectionId?: string;
  serial?: string;
  connectedAt?: string;
  lastSeenAt?: string;
  agentVersion?: string;
  /** why it went down, when it did */
  reason?: string;
  version: number;
}

/** A compact key for a subject, carried in tickets, connections and frames: `mc:<id>` or `ic:<domain>:<project>:<id>`. */
export function subjectKey(s: TunnelSubject): string {
  return s.kind === "management" ? `mc:${s.id}` : `ic:${s.domain}:${s.project}:${s.id}`;
}

const ID = "[a-z]+_[0-9a-z]{26}";
const LABEL = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?";
const SUBJECT_KEY = new RegExp(`^(?:mc:(${ID})|ic:(${LABEL}):(${LABEL}):(${ID}))$`);

export function parseSubjectKey(key: string): TunnelSubject | undefined {
  const m = SUBJECT_KEY.exec(key);
  if (!m) return undefined;
  if (m[1]) return { kind: "management", id: m[1] };
  return { kind: "imported", domain: m[2] as string, project: m[3] as string, id: m[4] as string };
}

/** The tenant an imported subject belongs to (none for management clusters, which are platform-scoped). */
export function tenantOf(s: TunnelSubject): ProjectRef | undefined {
  return s.kind === "imported" ? { domain: s.domain, project: s.project } : undefined;
}

/** How events and messages name the subject. */
export function describeSubject(s: TunnelSubject): string {
  return s.kind === "management" ? `management cluster ${s.id}` : `imported cluster ${s.id}`;
}

/** The event subject (an API path relative to its scope). */
export function eventSubject(s: TunnelSubject): string {
  return s.kind === "management" ? `management-clusters/${s.id}` : `imported-clusters/${s.id}`;
}

/** The URI SAN that names a cluster agent's subject in its certificate. */
export function agentUri(s: TunnelSubject): string {
  return `urn:ckp:cluster-agent:${subjectKey(s)}`;
}

export function parseAgentUri(uri: string): TunnelSubject | undefined {
  return uri.startsWith("urn:ckp:cluster-agent:") ? parseSubjectKey(uri.slice("urn:ckp:cluster-agent:".length)) : undefined;
}

/** The partition of a subject's tunnel items: under the tenant for imported clusters (tenancy by construction). */
export function subjectPk(s: TunnelSubject): string {
  return s.kind === "management" ? `MC#${s.id}` : `${projectPk(s)}#IC#${s.id}`;
}

export const tunnelKeys = {
  tunnel: (s: TunnelSubject) => ({ pk: subjectPk(s), sk: "TUNNEL" }),
  /** the frames of one request's answer, in order of seq */
  framesPk: (s: TunnelSubject, requestId: string) => `${subjectPk(s)}#RES#${requestId}`,
  frame: (s: TunnelSubject, requestId: string, seq: number) => ({ pk: tunnelKeys.framesPk(s, requestId), sk: frameSk(seq) }),
  /** a registration token, found by its id (the token names it) */
  token: (tokenId: string) => ({ pk: `AGENTTOKEN#${tokenId}`, sk: "TOKEN" }),
  /** a subject's tokens (gsi1) */
  tokensIndexPk: (s: TunnelSubject) => `${subjectPk(s)}#AGENTTOKENS`,
  ticket: (hash: string) => ({ pk: `TUNTICKET#${hash}`, sk: "TICKET" }),
  connection: (connectionId: string) => ({ pk: `TUNCONN#${connectionId}`, sk: "CONNECTION" }),
};

export function frameSk(seq: number): string {
  return `F#${String(seq).padStart(8, "0")}`;
}

/** Frames, tickets and used tokens expire (the table's TTL attribute, epoch seconds). */
export const FRAME_TTL_SECONDS = 15 * 60;
export const CONNECTION_TTL_SECONDS = 3 * 3600;
