/**
 * Key builders. Every tenant-owned key starts with the domain and project, so
 * code handling one tenant cannot name another tenant's items (DESIGN rule 1).
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
};

export const DOMAINS_INDEX_PK = "DOMAINS";
export const projectsIndexPk = (domain: string) => `${domainPk(domain)}#PROJECTS`;
export const hostRequestStatusPk = (t: ProjectRef, status: string) => `${projectPk(t)}#HREQ#${status}`;
export const hostStatusPk = (t: ProjectRef, status: string) => `${projectPk(t)}#HOST#S#${status}`;
export const hostGroupMembersPk = (t: ProjectRef, group: string) => `${projectPk(t)}#HOST#G#${group}`;
