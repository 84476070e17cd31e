/**
 * The soak's HTTP client. Every request is classified and counted: a
 * definite answer (2xx, 4xx), a 503 that is a proper outage answer
 * (problem+json with Retry-After), any other 5xx, a connection refused or
 * reset (nothing listening: the process is down), or no answer within the
 * request timeout. Writes carry an Idempotency-Key and are retried with the
 * same key until they get a definite answer, as a well-behaved client does,
 * so the workload knows exactly which writes were acknowledged.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
  /** an earlier attempt of the same call got no answer after it may have reached the server (a timeout, a reset) */
  afterUnanswered?: boolean;
}

export type Outcome = "ok" | "client-error" | "unavailable-503" | "bad-503" | "5xx" | "refused" | "timeout";

export interface Observation {
  at: number;
  method: string;
  route: string;
  outcome: Outcome;
  status: number;
  ms: number;
  detail?: string;
  /** fault kinds active when the request was sent or answered */
  faults: string[];
}

export class SoakClient {
  readonly observations: Observation[] = [];
  /** counts of every request by outcome */
  readonly counts: Record<Outcome, number> = {
    ok: 0,
    "client-error": 0,
    "unavailable-503": 0,
    "bad-503": 0,
    "5xx": 0,
    refused: 0,
    timeout: 0,
  };
  readonly byStatus: Record<string, number> = {};

  constructor(
    private readonly baseUrl: () => string,
    private readonly token: string,
    private readonly activeFaults: () => string[],
  ) {}

  /** one attempt; never throws */
  async once(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    token = this.token,
  ): Promise<Answer | Outcome> {
    const route = path.replace(/\/(host_|hreq_|cl_|h_)[A-Za-z0-9_-]+/g, "/{id}").replace(/\?.*/, "");
    const faultsBefore = this.activeFaults();
    const t0 = performance.now();
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h["content-type"] = "application/json";
    let outcome: Outcome;
    let status = 0;
    let detail: string | undefined;
    let answer: Answer | undefined;
    try {
      const res = await fetch(`${this.baseUrl()}${path}`, {
        method,
        headers: h,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      status = res.status;
      const json = (res.headers.get("content-type") ?? "").includes("json") && text ? safeJson(text) : text;
      answer = { status, body: json, text, headers: res.headers };
      if (status < 400) outcome = "ok";
      else if (status < 500) outcome = "client-error";
      else if (status === 503) {
        const problem = (res.headers.get("content-type") ?? "").startsWith("application/problem+json");
        const retry = res.headers.get("retry-after");
        outcome = problem && retry && Number(retry) > 0 ? "unavailable-503" : "bad-503";
        if (outcome === "bad-503") detail = `content-type ${res.headers.get("content-type")}, retry-after ${retry}: ${text.slice(0, 200)}`;
      } else {
        outcome = "5xx";
        detail = text.slice(0, 300);
      }
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === "TimeoutError" || err.name === "AbortError") outcome = "timeout";
      else {
        outcome = "refused";
        detail = err.cause?.code ?? err.message;
      }
    }
    const ms = performance.now() - t0;
    this.counts[outcome]++;
    if (status) this.byStatus[String(status)] = (this.byStatus[String(status)] ?? 0) + 1;
    const faults = [...new Set([...faultsBefore, ...this.activeFaults()])];
    // keep every request that was not a plain answer, and a sample of the rest (memory on long runs)
    if (outcome !== "ok" && outcome !== "client-error")
      this.observations.push({ at: Date.now(), method, route, outcome, status, ms, faults, ...(detail ? { detail } : {}) });
    return answer ?? outcome;
  }

  /**
   * Until a definite answer (2xx or 4xx): retries 503, refusals and timeouts
   * (after Retry-After or a second), with the same Idempotency-Key on writes.
   * Gives up after `giveUpMs` and answers undefined (an unknown outcome).
   */
  async until(
    method: string,
    path: string,
    body?: unknown,
    o: { key?: string; giveUpMs?: number; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer | undefined> {
    const deadline = Date.now() + (o.giveUpMs ?? 240_000);
    const headers = { ...(o.headers ?? {}), ...(o.key ? { "idempotency-key": o.key } : {}) };
    let unanswered = false;
    for (;;) {
      const a = await this.once(method, path, body, headers, o.token ?? this.token);
      // 409 idempotency.in-progress: the first attempt with this key is still held (a crashed request holds it for the API's time limit)
      const held = typeof a === "object" && a.status === 409 && a.text.includes("idempotency.in-progress");
      if (typeof a === "object" && a.status !== 503 && a.status < 500 && !held) return unanswered ? { ...a, afterUnanswered: true } : a;
      // a timeout, or a connection reset by a process killed mid-request, may have done the work
      if (a === "timeout" || a === "refused") unanswered = true;
      if (Date.now() > deadline) return undefined;
      const wait = typeof a === "object" ? Math.min(Number(a.headers.get("retry-after") ?? 1) || 1, 5) * 1000 : 1000;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
