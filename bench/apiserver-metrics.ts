import { type KubeApiserver, kubeRequest } from "../scripts/kube/apiserver.js";

/**
 * What a kube-apiserver spent its time on, from its own Prometheus metrics
 * (`/metrics`): per verb and resource, the requests served and the seconds
 * they took (`apiserver_request_duration_seconds`) and the bytes answered
 * (`apiserver_response_sizes`). Long-running requests (WATCH, and the
 * CONNECT verbs) are left out: their duration is the watch's life.
 */
export interface RequestCosts {
  /** `VERB resource[/subresource]` */
  key: string;
  count: number;
  seconds: number;
  bytes: number;
}

type Api = Pick<KubeApiserver, "server" | "caData" | "token">;

export async function apiserverCosts(api: Api): Promise<Map<string, RequestCosts>> {
  const res = await kubeRequest(api, "GET", "/metrics", { headers: { accept: "text/plain" }, timeoutMs: 60_000 });
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
  const out = new Map<string, RequestCosts>();
  const entry = (key: string) => {
    let e = out.get(key);
    if (!e) {
      e = { key, count: 0, seconds: 0, bytes: 0 };
      out.set(key, e);
    }
    return e;
  };
  for (const line of String(res.body).split("\n")) {
    const m = /^(apiserver_request_duration_seconds|apiserver_response_sizes)_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[3] as string).matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const verb = labels.verb ?? "";
    if (verb === "WATCH" || verb === "WATCHLIST" || verb === "CONNECT") continue;
    const key = `${verb} ${labels.resource ?? ""}${labels.subresource ? `/${labels.subresource}` : ""}`;
    const value = Number(m[4]);
    if (m[1] === "apiserver_request_duration_seconds") {
      if (m[2] === "sum") entry(key).seconds += value;
      else entry(key).count += value;
    } else if (m[2] === "sum") entry(key).bytes += value;
  }
  return out;
}

/** The difference of two readings, the costliest first. */
export function costsBetween(before: Map<string, RequestCosts>, after: Map<string, RequestCosts>): RequestCosts[] {
  return [...after.values()]
    .map((a) => {
      const b = before.get(a.key);
      return { key: a.key, count: a.count - (b?.count ?? 0), seconds: a.seconds - (b?.seconds ?? 0), bytes: a.bytes - (b?.bytes ?? 0) };
    })
    .filter((c) => c.count > 0)
    .sort((x, y) => y.seconds - x.seconds);
}
