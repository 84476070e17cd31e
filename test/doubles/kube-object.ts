import type { KubeApiserver } from "../../scripts/kube/apiserver.js";

/** What a double needs of an apiserver to call it. */
export type Api = Pick<KubeApiserver, "server" | "caData" | "token">;

/** A namespaced object as the doubles read it from an apiserver's list: spec, status and data left loose. */
export interface KubeObj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    generation?: number;
    resourceVersion?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string }>;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
  data?: Record<string, string>;
  type?: string;
}
