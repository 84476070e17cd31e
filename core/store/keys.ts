/**
 * Key builders. Every tenant-owned key starts with the domain and project, so
 * code handling one tenant cannot name another tenant's items (docs/architecture.md, rule 1).
 */
export interface ProjectRef {
  domain: string;
  project: string;
}

export const domainPk = (domain: string) => `D#${domain}`;
export const projectPk = (t: ProjectRef) => `D#${t.domain}#P#${t.project}`;

export const keys = {
  domain: (domain: string) => ({ pk: domainPk(domain), sk: "DOMAIN" }),
  project: (t: ProjectRef) => ({ pk: projectPk(t), sk: "PROJECT" }),
  token: (id: string) => ({ pk: `TOKEN#${id}`, sk: "TOKEN" }),
  nonce: (t: ProjectRef, nonce: string) => ({ pk: `${projectPk(t)}#NONCE#${nonce}`, sk: "NONCE" }),
  machine: (t: ProjectRef, machineId: string) => ({ pk: projectPk(t), sk: `MACHINE#${machineId}` }),
  hostRequest: (t: ProjectRef, id: string) => ({ pk: projectPk(t), sk: `HREQ#${id}` }),
  host: (t: ProjectRef, id: string) => ({ pk: projectPk(t), sk: `HOST#${id}` }),
  hostGroup: (t: ProjectRef, name: string) => ({ pk: projectPk(t), sk: `GROUP#${name}` }),
  /** the installation's root CA (one per table) */
  ca: () => ({ pk: "PKI", sk: "CA" }),
  /** a certificate record: under its tenant, or the platform for server and cluster certificates without one */
  certificate: (t: ProjectRef | undefined, serial: string) => ({ pk: t ? projectPk(t) : "PLATFORM#PKI", sk: `CERT#${serial}` }),
  agentRelease: () => ({ pk: "PLATFORM#AGENT", sk: "RELEASE" }),
  /** every build ever published as a release, by digest: what machines may download */
  agentBuild: (sha256: string) => ({ pk: "PLATFORM#AGENT", sk: `BUILD#${sha256}` }),
  wsTicket: (hash: string) => ({ pk: `WSTICKET#${hash}`, sk: "TICKET" }),
  wsConnection: (connectionId: string) => ({ pk: `WSCONN#${connectionId}`, sk: "CONNECTION" }),
  registrationFailures: (t: ProjectRef, scope: "tenant" | { machineId: string }, window: number) => ({
    pk: scope === "tenant" ? `${projectPk(t)}#REGFAIL` : `${projectPk(t)}#REGFAIL#M#${scope.machineId}`,
    sk: `W#${window}`,
  }),
};

export const DOMAINS_INDEX_PK = "DOMAINS";
export const projectsIndexPk = (domain: string) => `${domainPk(domain)}#PROJECTS`;
export const hostRequestStatusPk = (t: ProjectRef, status: string) => `${projectPk(t)}#HREQ#${status}`;
export const hostStatusPk = (t: ProjectRef, status: string) => `${projectPk(t)}#HOST#S#${status}`;
export const hostGroupMembersPk = (t: ProjectRef, group: string) => `${projectPk(t)}#HOST#G#${group}`;
/** every certificate, for platform-wide lists (gsi1) */
export const CERTIFICATES_INDEX_PK = "CERTS";
/** a certificate by serial alone, for platform admins (gsi3) */
export const certificateSerialPk = (serial: string) => `CERT#${serial}`;
/** hosts whose agent is ready, by last report (gsi3), spread over shards */
export const agentReadyPk = (shard: number) => `AGENTS#READY#${shard}`;
