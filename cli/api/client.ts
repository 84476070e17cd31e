import createClient, { type Client } from "openapi-fetch";
import type { Target } from "../config.js";
import { CliError, EXIT, type ExitCode } from "../errors.js";
import { VERSION } from "../version.js";
import type { components, paths } from "./schema.js";

/**
 * The API client: openapi-fetch over the types openapi-typescript generates
 * from the control plane's OpenAPI document (cli/api/schema.d.ts, npm run
 * gen:api). Every call is checked against the document at compile time.
 */
export type Api = Client<paths>;
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

export function apiClient(t: Pick<Target, "server" | "token" | "fresh">): Api {
  const client = createClient<paths>({
    baseUrl: t.server,
    headers: { authorization: `Bearer ${t.token}`, "user-agent": `ckpctl/${VERSION}` },
  });
  const fresh = t.fresh;
  // an IdP sign-in's token is refreshed before it runs out (cli/sso.ts)
  if (fresh)
    client.use({
      async onRequest({ request }) {
        request.headers.set("authorization", `Bearer ${await fresh()}`);
        return request;
      },
    });
  return client;
}

/** A problem+json answer, as one line: title, status and code, detail, field errors. */
export function problemLine(status: number, body: unknown): string {
  const p = (typeof body === "object" && body !== null ? body : {}) as Partial<Problem>;
  const title = p.title ?? `HTTP ${status}`;
  const code = p.code ? ` ${p.code}` : "";
  const detail = p.detail ? `: ${p.detail}` : typeof body === "string" && body ? `: ${body.slice(0, 300)}` : "";
  const fields = p.errors?.length ? ` [${p.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}]` : "";
  return `${title} (${status}${code})${detail}${fields}`;
}

export function exitCodeFor(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  return EXIT.error;
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(problemLine(status, problem), exitCodeFor(status));
    this.name = "ApiError";
  }

  get problemCode(): string | undefined {
    return (this.problem as Partial<Problem> | undefined)?.code;
  }
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError carrying the problem. Network failures say where. */
export async function ok<T>(
  p: Promise<{ data?: T; error?: unknown; response: Response }>,
  server?: string,
): Promise<{ data: T; response: Response }> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await p;
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach ${server ?? "the server"}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, EXIT.error);
  }
  if (!r.response.ok) throw new ApiError(r.response.status, r.error);
  return { data: r.data as T, response: r.response };
}
