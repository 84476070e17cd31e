/** Kubernetes objects as plain JSON, and the status conventions CAPI objects follow. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

/** Enough to name one object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface KubeCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  severity?: string;
  lastTransitionTime?: string;
}

export function refOf(o: KubeObject): ObjectRef {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
  };
}

export function describeRef(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
}

/** `status.conditions`, as CAPI and most controllers write them. */
export function conditionsOf(o: KubeObject | undefined): KubeCondition[] {
  const list = o?.status?.conditions;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is KubeCondition => typeof c === "object" && c !== null && typeof c.type === "string" && typeof c.status === "string",
  );
}

export function condition(o: KubeObject | undefined, type: string): KubeCondition | undefined {
  return conditionsOf(o).find((c) => c.type === type);
}

export function isConditionTrue(o: KubeObject | undefined, type: string): boolean {
  return condition(o, type)?.status === "True";
}
