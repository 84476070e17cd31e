/**
 * The sandbox sets itself up through the public API, as a platform admin
 * would with curl: nothing it registers takes a private path.
 */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export class AdminApi {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text && (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text };
  }

  /** The call, or an error naming what the API refused. */
  async must<T = unknown>(method: string, path: string, body?: unknown, ok: number[] = [200, 201, 202, 204]): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (!ok.includes(r.status)) {
      const b = r.body as { detail?: string; code?: string } | string;
      const why = typeof b === "string" ? b : `${b.code ?? ""} ${b.detail ?? JSON.stringify(b)}`;
      throw new Error(`${method} ${path}: ${r.status} ${why}`.slice(0, 500));
    }
    return r.body;
  }

  /** Every item of a paginated list. */
  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null | undefined;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page = await this.must<{ items: T[]; nextCursor?: string | null }>(
        "GET",
        `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
