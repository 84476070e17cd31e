import yaml from "js-yaml";
import type { KubeObject } from "../kube/objects.js";
import type { S3Target } from "./location-model.js";
import type { S3Keys } from "./probe.js";

/**
 * A project's backup locations as Velero objects in each of its clusters
 * that runs Velero: per location a `BackupStorageLocation` (velero.io/v1)
 * and the Secret with its keys, in the AWS credentials-file form Velero's
 * AWS plugin reads. They travel, like the storage plugin's Ceph key, as the
 * YAML of a Secret on the management cluster that a ClusterResourceSet
 * (strategy Reconcile) applies to the workload cluster: never as chart
 * values. The workload objects carry LOCATION_LABEL, so those of a deleted
 * location can be found and removed.
 */
export const VELERO_API_VERSION = "velero.io/v1";
export const VELERO_NAMESPACE = "velero";
/** Names the CKP backup location a workload object was rendered from. */
export const LOCATION_LABEL = "ckp.io/backup-location";

export interface OpenedLocation extends S3Target {
  name: string;
  default: boolean;
  keys: S3Keys;
}

export const credentialsSecretName = (location: string) => `ckp-bsl-${location}`;

/** The AWS shared-credentials file Velero's AWS plugin reads (key `cloud`). */
function credentialsFile(k: S3Keys): string {
  return `[default]\naws_access_key_id=${k.accessKeyId}\naws_secret_access_key=${k.secretAccessKey}\n`;
}

/** The objects one location becomes in a workload cluster. */
export function locationObjects(l: OpenedLocation): KubeObject[] {
  const labels = { [LOCATION_LABEL]: l.name };
  const config: Record<string, string> = { region: l.region, s3ForcePathStyle: String(l.s3ForcePathStyle) };
  if (l.endpoint) config.s3Url = l.endpoint;
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: credentialsSecretName(l.name), namespace: VELERO_NAMESPACE, labels },
      type: "Opaque",
      stringData: { cloud: credentialsFile(l.keys) },
    } as KubeObject,
    {
      apiVersion: VELERO_API_VERSION,
      kind: "BackupStorageLocation",
      metadata: { name: l.name, namespace: VELERO_NAMESPACE, labels },
      spec: {
        provider: "aws",
        default: l.default,
        accessMode: "ReadWrite",
        objectStorage: {
          bucket: l.bucket,
          ...(l.prefix ? { prefix: l.prefix } : {}),
          ...(l.caBundle ? { caCert: Buffer.from(l.caBundle).toString("base64") } : {}),
        },
        config,
        credential: { name: credentialsSecretName(l.name), key: "cloud" },
      },
    },
  ];
}

/** The YAML a ClusterResourceSet's Secret carries for the locations (sorted by name, so the same set renders the same bytes). */
export function locationsYaml(locations: OpenedLocation[]): string {
  return [...locations]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(locationObjects)
    .map((o) => yaml.dump(o, { lineWidth: -1, noRefs: true }))
    .join("---\n");
}
