import * as fs from "node:fs";
import { ENCRYPTION_FILE, KAMAJI_POD_LABEL, REVISION_ANNOTATION } from "../../core/clusters/encryption.js";
import type { EncryptionPorts } from "../../core/clusters/encryption-rotation.js";
import type { MigrationClient } from "../../core/clusters/storage-migration.js";
import type { KubeObject } from "../../core/kube/objects.js";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";

/**
 * Test double of Kamaji and the kubelet for one hosted API server, as the
 * key rotation (core/clusters/encryption-rotation.ts) sees them. The API
 * server itself is real (a kube-apiserver started with
 * --encryption-provider-config and automatic reload); what cannot run here is
 * the pod machinery around it, so this double:
 *  - writes the encryption Secret's file where the API server reads it (the
 *    kubelet's Secret volume), atomically;
 *  - reports one API server pod, labelled as Kamaji labels them, whose
 *    revision annotation is the revision the control plane set once the real
 *    API server has reloaded the file written for it (its
 *    `apiserver_encryption_config_controller_automatic_reload*` success
 *    counter moved), the previous revision until then;
 *  - answers the workload cluster for the storage migration: the same API
 *    server, or an Error while `unreachable` is set.
 * The control plane only reads what this double writes.
 */
export class KamajiEncryptionDouble {
  unreachable: string | undefined;
  private loaded: number;
  private written: number;
  private wanted: number;
  private reloadsAtWrite = 0;

  /** `revision`: the one whose file the API server was started with */
  constructor(
    private readonly api: KubeApiserver,
    private readonly client: MigrationClient,
    private readonly configPath: string,
    private readonly name: string,
    revision: number,
  ) {
    this.loaded = revision;
    this.written = revision;
    this.wanted = revision;
  }

  /** Successful reloads of the encryption configuration so far, from the API server's metrics. */
  async reloads(): Promise<number> {
    const m = await kubeRequest(this.api, "GET", "/metrics", { headers: { accept: "text/plain" } });
    const text = String(m.body);
    let n = 0;
    for (const line of text.split("\n")) {
      if (!line.startsWith("apiserver_encryption_config_controller_automatic_reload")) continue;
      if (!/success/.test(line)) continue;
      n += Number(line.trim().split(/\s+/).pop()) || 0;
    }
    return n;
  }

  ports(): EncryptionPorts {
    return {
      apply: async (_mc, objects) => {
        for (const o of objects) {
          if (o.kind !== "Secret") continue;
          const data = Buffer.from((o.data as Record<string, string>)[ENCRYPTION_FILE] as string, "base64");
          const revision = Number((o.metadata.annotations as Record<string, string>)[REVISION_ANNOTATION]);
          if (revision === this.written) continue;
          this.reloadsAtWrite = await this.reloads();
          fs.writeFileSync(`${this.configPath}.tmp`, data, { mode: 0o600 });
          fs.renameSync(`${this.configPath}.tmp`, this.configPath);
          this.written = revision;
        }
      },
      setRevision: async (_mc, _ns, _name, revision) => {
        this.wanted = revision;
      },
      apiServers: async (_mc, ns, name) => {
        if (this.wanted === this.written && this.loaded !== this.written && (await this.reloads()) > this.reloadsAtWrite) {
          this.loaded = this.written;
        }
        const pod: KubeObject = {
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: `${name}-apiserver-0`,
            namespace: ns,
            labels: { [KAMAJI_POD_LABEL]: this.name },
            annotations: { [REVISION_ANNOTATION]: String(this.loaded) },
          },
          status: { conditions: [{ type: "Ready", status: "True" }] },
        };
        return { desired: 1, pods: [pod] };
      },
      workload: async () => (this.unreachable ? new Error(this.unreachable) : this.client),
    };
  }
}
