/**
 * What a condition's reason means, in a sentence a platform engineer can act
 * on (from the control plane's documentation of its steps). The condition's
 * own message says the particulars; this says what the reason is about.
 */
export const REASONS: Record<string, string> = {
  // progress
  Pending: "The step has not started yet; earlier steps run first.",
  Succeeded: "The step finished.",
  Skipped: "The step did not apply here (for example, the host group had enough free hosts, so no machines were provisioned).",
  Ready: "Everything this condition covers is ready.",
  Provisioned: "The host passed its checks and is ready to join a cluster.",
  InSync: "The machines on the management cluster match what the control plane wants.",
  WaitingForRegistration:
    "Machines the provider created are booting: cloud-init installs the host agent, which then registers with the project's key.",
  WaitingForApproval:
    "New hosts registered and wait for a project admin to approve them (Host requests). Projects with auto-approve skip this.",
  HostsProvisioning: "Approved hosts are being checked and provisioned by the host provisioner.",
  WaitingForHosts: "The host group has no more free hosts; add hosts to the group, or wait for the provider's machines.",
  ObjectsMissing: "The Cluster API objects are not (yet) on the management cluster; the apply step puts them there.",
  ControlPlaneNotReady: "The hosted (Kamaji) control plane is starting on the management cluster.",
  ControlPlaneUpgrading: "The control plane is moving to the new Kubernetes version; workers follow once it reports it.",
  WorkersProgressing: "Cluster API is creating, updating or removing worker machines; it waits until all are ready.",
  WorkersNotUpdated: "The worker pool on the management cluster does not ask for the wanted version yet.",
  WaitingForRelease: "Scaling down: waiting until Cluster API has released the hosts that leave.",
  ClusterDeleting: "Cluster API is taking the cluster down (control plane and machines, in order).",
  ObjectsTerminating: "The cluster's objects are being removed from the management cluster.",
  MachinesReleasing: "The provider is releasing the machines this cluster had provisioned.",
  AwaitingAbandonedSteps: "A create was interrupted by the delete; waiting so a machine it made late is released too.",
  // failures
  BundleNotFound: "No BYOH bundle is published for this Kubernetes version and the hosts' OS and architecture.",
  MixedHostPlatforms: "The hosts mix operating systems or architectures; a cluster's workers share one.",
  UnsupportedHostOs: "A host runs an OS that has no BYOH bundle (Ubuntu 20.04 and RHEL 9 do).",
  UnsupportedHostArchitecture: "A host has an architecture that is not supported (amd64 and arm64 are).",
  ImageArchitectureMismatch: "The provider's image is built for another architecture than the machines asked for.",
  InsufficientCapacity: "The provider has no free machine left for this cluster (the pool is exhausted).",
  PoolExhausted: "The bare-metal server pool has no free server of the wanted architecture.",
  HostRequestRejected: "A host the cluster was waiting for was rejected; it cannot join.",
  AgentReleaseUnavailable:
    "No agent release is published, so new machines would have nothing to install (a platform admin publishes one: PUT /v1/agent/release).",
  AgentBootstrapInvalid: "The API URL machines would register with is not usable (it must be https, or http on loopback).",
  CloudInitTemplateInvalid: "The provider cluster's cloud-init template is invalid (unknown variable, bad YAML or no #cloud-config).",
  CapiFailure: "Cluster API reported a failure it will not recover from; its message says which object and why.",
  StepTimedOut: "The step waited longer than its limit; the message says what it was waiting for.",
  RetriesExhausted: "A transient failure (a provider or management cluster not answering) lasted through every retry.",
  Unprocessable: "The management cluster's apiserver refused an object; its message is shown.",
  TunnelDisconnected:
    "The cluster's agent is not connected: nothing is lost, requests wait (or are retried) until it dials in again. Check its pod (namespace ckp-system).",
  Unreachable: "The control plane could not reach the cluster's API server (network, TLS or timeout); it is read again on the next visit.",
  CredentialsRefused: "The cluster refused the kubeconfig it was imported with; import it again with one it accepts.",
  KubeCredentialsRefused: "The management cluster refused the control plane's credentials; a platform admin updates its kubeconfig.",
  ProviderAuthFailed: "The infrastructure provider refused the credential; a domain admin replaces it.",
  ProviderRequestRefused: "The infrastructure provider refused a request; its message is shown.",
  PlacementFailed: "No management cluster matches the provider cluster's placement (or all are full or unschedulable).",
  ProviderClusterNotFound: "The provider cluster the cluster names no longer exists.",
  HostsNotReleased: "Cluster API did not release the hosts within 30 minutes while scaling down.",
  UnsupportedOS: "The host's OS is not supported (Ubuntu 20.04/22.04, RHEL 9).",
  UnsupportedArchitecture: "The host's architecture is not supported (amd64, arm64).",
  InsufficientResources: "The host has fewer than 2 CPUs or less than 2 GiB of memory.",
  ProvisioningError: "The host provisioner gave up after repeated failures.",
  // drift
  MachineDeploymentMissing: "The cluster's worker pool is missing on the management cluster.",
  ByoHostsMissing: "Hosts assigned to the cluster have no ByoHost on the management cluster; they are being put back.",
  MachinesMissing: "Fewer machines run than the cluster wants.",
  MachinesUnhealthy: "Some machines failed or are not ready.",
  ExtraMachines: "More machines run than the cluster wants.",
  UnexpectedByoHosts: "ByoHosts that belong to no assigned host are labelled for this cluster.",
  HostsUnclaimed: "Assigned hosts are not claimed by any machine.",
};

export function explainReason(reason: string): string | undefined {
  return REASONS[reason];
}
