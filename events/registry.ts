import type { z } from "zod";
import * as addons from "./types/addons.js";
import * as agents from "./types/agents.js";
import * as autoscaling from "./types/autoscaling.js";
import * as backups from "./types/backups.js";
import * as byoh from "./types/byoh.js";
import * as clusters from "./types/clusters.js";
import * as credentials from "./types/credentials.js";
import * as hosts from "./types/hosts.js";
import * as identity from "./types/identity.js";
import * as machinehosts from "./types/machinehosts.js";
import * as management from "./types/management.js";
import * as pki from "./types/pki.js";
import * as providers from "./types/providers.js";
import * as templates from "./types/templates.js";
import * as tenancy from "./types/tenancy.js";
import * as tunnel from "./types/tunnel.js";

/**
 * Every event type with its current schema version and payload schema.
 * Adding a type here is what makes it writable; the archive contract
 * (events/README.md) lists the same table. Changing a payload's shape bumps
 * its version, and events/upcast.ts says how older versions read as the
 * current one (where the older payload determines it).
 */
export const eventTypes = {
  "ckp.domain.created": { version: 1, schema: tenancy.domainCreated },
  "ckp.domain.updated": { version: 1, schema: tenancy.domainUpdated },
  "ckp.clustertemplate.published": { version: 1, schema: templates.clusterTemplatePublished },
  "ckp.clustertemplate.updated": { version: 1, schema: templates.clusterTemplateUpdated },
  "ckp.cluster.template-move-requested": { version: 1, schema: templates.clusterTemplateMoveRequested },
  "ckp.project.created": { version: 1, schema: tenancy.projectCreated },
  "ckp.project.updated": { version: 1, schema: tenancy.projectUpdated },
  "ckp.token.created": { version: 1, schema: tenancy.tokenCreated },
  "ckp.token.deleted": { version: 1, schema: tenancy.tokenDeleted },
  "ckp.psk.rotated": { version: 1, schema: tenancy.pskRotated },
  "ckp.hostrequest.created": { version: 2, schema: hosts.hostRequestCreated },
  "ckp.hostrequest.approved": { version: 2, schema: hosts.hostRequestApproved },
  "ckp.hostrequest.rejected": { version: 2, schema: hosts.hostRequestRejected },
  "ckp.hostrequest.deleted": { version: 1, schema: hosts.hostRequestDeleted },
  "ckp.host.provisioned": { version: 2, schema: hosts.hostProvisioned },
  "ckp.host.provisioning-failed": { version: 2, schema: hosts.hostProvisioningFailed },
  "ckp.host.deleted": { version: 1, schema: hosts.hostDeleted },
  "ckp.host.labels-changed": { version: 2, schema: hosts.hostLabelsChanged },
  "ckp.hostgroup.created": { version: 2, schema: hosts.hostGroupCreated },
  "ckp.hostgroup.updated": { version: 2, schema: hosts.hostGroupUpdated },
  "ckp.hostgroup.deleted": { version: 1, schema: hosts.hostGroupDeleted },
  "ckp.hostgroup.host-added": { version: 2, schema: hosts.hostGroupHostAdded },
  "ckp.hostgroup.host-removed": { version: 2, schema: hosts.hostGroupHostRemoved },
  "ckp.hostprovision.requested": { version: 1, schema: machinehosts.hostProvisionRequested },
  "ckp.hostprovision.machines-created": { version: 1, schema: machinehosts.hostProvisionMachinesCreated },
  "ckp.hostprovision.failed": { version: 1, schema: machinehosts.hostProvisionFailed },
  "ckp.hostprovision.machine-released": { version: 1, schema: machinehosts.hostProvisionMachineReleased },
  "ckp.cluster.created": { version: 1, schema: clusters.clusterCreated },
  "ckp.cluster.updated": { version: 1, schema: clusters.clusterUpdated },
  "ckp.cluster.scale-requested": { version: 1, schema: clusters.clusterScaleRequested },
  "ckp.cluster.autoscale-requested": { version: 1, schema: clusters.clusterAutoscaleRequested },
  "ckp.cluster.upgrade-requested": { version: 1, schema: clusters.clusterUpgradeRequested },
  "ckp.cluster.delete-requested": { version: 1, schema: clusters.clusterDeleteRequested },
  "ckp.cluster.step-completed": { version: 1, schema: clusters.clusterStepCompleted },
  "ckp.cluster.step-due": { version: 1, schema: clusters.clusterStepDue },
  "ckp.cluster.step-retrying": { version: 1, schema: clusters.clusterStepRetrying },
  "ckp.cluster.progressed": { version: 1, schema: clusters.clusterProgressed },
  "ckp.cluster.ready": { version: 1, schema: clusters.clusterReady },
  "ckp.cluster.failed": { version: 1, schema: clusters.clusterFailed },
  "ckp.cluster.deleted": { version: 1, schema: clusters.clusterDeleted },
  "ckp.cluster.kubeconfig-issued": { version: 1, schema: clusters.clusterKubeconfigIssued },
  "ckp.cluster.encryption-changed": { version: 1, schema: clusters.clusterEncryptionChanged },
  "ckp.cluster.hosts-assigned": { version: 1, schema: clusters.clusterHostsAssigned },
  "ckp.cluster.hosts-released": { version: 1, schema: clusters.clusterHostsReleased },
  "ckp.cluster.machines-provisioned": { version: 1, schema: clusters.clusterMachinesProvisioned },
  "ckp.cluster.machines-released": { version: 1, schema: clusters.clusterMachinesReleased },
  "ckp.cluster.drift-detected": { version: 1, schema: byoh.clusterDriftDetected },
  "ckp.cluster.drift-cleared": { version: 1, schema: byoh.clusterDriftCleared },
  "ckp.cluster.machines-check-due": { version: 1, schema: byoh.clusterMachinesCheckDue },
  "ckp.hostgroup.byohosts-sync-due": { version: 1, schema: byoh.hostGroupByoHostsSyncDue },
  "ckp.bundle.published": { version: 1, schema: clusters.bundlePublished },
  "ckp.bundle.deleted": { version: 1, schema: clusters.bundleDeleted },
  "ckp.managementcluster.registered": { version: 1, schema: management.managementClusterRegistered },
  "ckp.managementcluster.updated": { version: 1, schema: management.managementClusterUpdated },
  "ckp.managementcluster.deleted": { version: 1, schema: management.managementClusterDeleted },
  "ckp.managementcluster.cluster-placed": { version: 1, schema: management.clusterPlaced },
  "ckp.managementcluster.cluster-released": { version: 1, schema: management.clusterReleased },
  "ckp.credential.created": { version: 1, schema: credentials.credentialCreated },
  "ckp.credential.deleted": { version: 1, schema: credentials.credentialDeleted },
  "ckp.providercluster.created": { version: 1, schema: providers.providerClusterCreated },
  "ckp.providercluster.updated": { version: 1, schema: providers.providerClusterUpdated },
  "ckp.providercluster.deleted": { version: 1, schema: providers.providerClusterDeleted },
  "ckp.providercluster.use-recorded": { version: 1, schema: providers.providerUseRecorded },
  "ckp.providercluster.use-released": { version: 1, schema: providers.providerUseReleased },
  "ckp.ca.created": { version: 1, schema: pki.caCreated },
  "ckp.certificate.issued": { version: 1, schema: pki.certificateIssued },
  "ckp.certificate.revoked": { version: 1, schema: pki.certificateRevoked },
  "ckp.host.agent-connected": { version: 1, schema: agents.hostAgentConnected },
  "ckp.host.agent-lost": { version: 1, schema: agents.hostAgentLost },
  "ckp.agentrelease.published": { version: 1, schema: agents.agentReleasePublished },
  "ckp.packagekey.added": { version: 1, schema: agents.packageKeyAdded },
  "ckp.packagekey.retired": { version: 1, schema: agents.packageKeyRetired },
  "ckp.storageprofile.created": { version: 1, schema: addons.storageProfileChanged },
  "ckp.storageprofile.updated": { version: 1, schema: addons.storageProfileChanged },
  "ckp.storageprofile.deleted": { version: 1, schema: addons.storageProfileDeleted },
  "ckp.backuplocation.created": { version: 1, schema: backups.backupLocationChanged },
  "ckp.backuplocation.updated": { version: 1, schema: backups.backupLocationChanged },
  "ckp.backuplocation.deleted": { version: 1, schema: backups.backupLocationDeleted },
  "ckp.backup.created": { version: 1, schema: backups.backupCreated },
  "ckp.backupschedule.created": { version: 1, schema: backups.backupScheduleCreated },
  "ckp.backupschedule.updated": { version: 1, schema: backups.backupScheduleUpdated },
  "ckp.backupschedule.deleted": { version: 1, schema: backups.backupScheduleDeleted },
  "ckp.restore.created": { version: 1, schema: backups.restoreCreated },
  "ckp.nodepool.created": { version: 1, schema: autoscaling.nodePoolCreated },
  "ckp.nodepool.updated": { version: 1, schema: autoscaling.nodePoolUpdated },
  "ckp.nodepool.deleted": { version: 1, schema: autoscaling.nodePoolDeleted },
  "ckp.cluster.addons-change-requested": { version: 1, schema: addons.clusterAddonsChangeRequested },
  "ckp.cluster.addons-degraded": { version: 1, schema: addons.clusterAddonsDegraded },
  "ckp.cluster.addons-recovered": { version: 1, schema: addons.clusterAddonsRecovered },
  "ckp.cluster.machine-health-changed": { version: 1, schema: addons.clusterMachineHealthChanged },
  "ckp.identityprovider.created": { version: 1, schema: identity.identityProviderCreated },
  "ckp.identityprovider.updated": { version: 1, schema: identity.identityProviderUpdated },
  "ckp.identityprovider.deleted": { version: 1, schema: identity.identityProviderDeleted },
  "ckp.rolebinding.created": { version: 1, schema: identity.roleBindingCreated },
  "ckp.rolebinding.deleted": { version: 1, schema: identity.roleBindingDeleted },
  "ckp.clusteragent.token-issued": { version: 1, schema: tunnel.clusterAgentTokenIssued },
  "ckp.clusteragent.token-revoked": { version: 1, schema: tunnel.clusterAgentTokenRevoked },
  "ckp.clusteragent.registered": { version: 1, schema: tunnel.clusterAgentRegistered },
  "ckp.clusteragent.connected": { version: 1, schema: tunnel.clusterAgentConnected },
  "ckp.clusteragent.disconnected": { version: 1, schema: tunnel.clusterAgentDisconnected },
  "ckp.importedcluster.imported": { version: 1, schema: tunnel.importedClusterImported },
  "ckp.importedcluster.detached": { version: 1, schema: tunnel.importedClusterDetached },
  "ckp.importedcluster.addon-change-requested": { version: 1, schema: tunnel.importedClusterAddonChangeRequested },
  "ckp.importedcluster.addons-check-due": { version: 1, schema: tunnel.importedClusterAddonsCheckDue },
  "ckp.importedcluster.addon-phase-changed": { version: 1, schema: tunnel.importedClusterAddonPhaseChanged },
} as const satisfies Record<string, { version: number; schema: z.ZodType }>;

export type EventType = keyof typeof eventTypes;
export type EventData<T extends EventType> = z.input<(typeof eventTypes)[T]["schema"]>;

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventTypes, type);
}
