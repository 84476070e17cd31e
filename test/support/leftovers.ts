import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDocumentClient } from "../../core/aws/clients.js";
import { tables } from "../../infra/resources.js";
import { type KubeApiserver, kubeRequest } from "../../scripts/kube/apiserver.js";
import { resourceName, useLocalAws } from "./api.js";

/**
 * What a deleted cluster may leave behind, read from the real stores: the
 * project's items in the table and the objects in a management cluster
 * namespace. Test code only (the Scan is fine here, never in a request path).
 */

/**
 * Every item of a project (its own partition and every `<project>#…`
 * partition), keyed `pk|sk`, except the event history (`…#EVT`) and items
 * that expire by TTL (registration nonces and throttle windows).
 */
export async function projectItems(
  t: { domain: string; project: string },
  env: Record<string, string> = useLocalAws(),
): Promise<Map<string, Record<string, unknown>>> {
  const pk = `D#${t.domain}#P#${t.project}`;
  const out = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamoDocumentClient().send(
      new ScanCommand({
        TableName: resourceName(env, tables.main.logical),
        FilterExpression: "(pk = :pk OR begins_with(pk, :sub)) AND attribute_not_exists(expiresAt)",
        ExpressionAttributeValues: { ":pk": pk, ":sub": `${pk}#` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) if (!String(item.pk).endsWith("#EVT")) out.set(`${item.pk}|${item.sk}`, item);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;
interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
}

/** Every object stored in a namespace, of every namespaced resource type the apiserver serves ("Kind/name"). */
export async function namespaceObjects(kube: Api, namespace: string): Promise<string[]> {
  const versions = ["/api/v1"];
  const groups = (await kubeRequest(kube, "GET", "/apis")).body as { groups: Array<{ preferredVersion: { groupVersion: string } }> };
  for (const g of groups.groups) versions.push(`/apis/${g.preferredVersion.groupVersion}`);
  const found: string[] = [];
  for (const base of versions) {
    const list = (await kubeRequest(kube, "GET", base)).body as { resources?: ApiResource[] };
    for (const r of list.resources ?? []) {
      if (!r.namespaced || r.name.includes("/") || !r.verbs.includes("list")) continue;
      const res = await kubeRequest(kube, "GET", `${base}/namespaces/${namespace}/${r.name}`);
      if (res.status !== 200) throw new Error(`listing ${r.name} in ${namespace}: ${res.status}`);
      for (const o of (res.body as { items?: Array<{ metadata: { name: string } }> }).items ?? [])
        found.push(`${r.kind}/${o.metadata.name}`);
    }
  }
  return found;
}
