import { QueryClient } from "@tanstack/react-query";
import createFetchClient, { type Middleware } from "openapi-fetch";
import createClient from "openapi-react-query";
import type { components, paths } from "./schema.gen";

/**
 * The console's only way to the server: openapi-fetch typed by the API's
 * own OpenAPI document (schema.gen.d.ts, generated from the server's zod
 * schemas), wrapped for TanStack Query. There is no wrapper per endpoint:
 * pages name the path and method, the compiler checks parameters and bodies.
 *
 * The API is at the console's own origin (the dev server serves both; on
 * AWS one CloudFront distribution routes /v1 to the API), unless the build
 * names another with VITE_CKP_API_URL.
 */
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

export const apiBase: string = (import.meta.env.VITE_CKP_API_URL as string | undefined) ?? "";

export const fetchClient = createFetchClient<paths>({ baseUrl: apiBase });
export const api = createClient(fetchClient);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // lists refresh in the background while a page is open; a failed read retries once
      staleTime: 2_000,
      retry: (count, error) => count < 1 && !isClientError(error),
      refetchOnWindowFocus: true,
    },
  },
});

/** Installs what every request carries (the auth module's bearer token) and what every answer may trigger (sign-out on 401). */
export function installMiddleware(m: Middleware): () => void {
  fetchClient.use(m);
  return () => fetchClient.eject(m);
}

function isClientError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

/** Every failure shown to the user is a problem: the server's problem+json, or one made from a network failure. */
export function asProblem(error: unknown): Problem {
  if (error && typeof error === "object" && "status" in error && "title" in error) return error as Problem;
  const message = error instanceof Error ? error.message : String(error);
  return {
    type: "about:blank",
    code: "service-unavailable",
    title: "The control plane did not answer",
    status: 0,
    detail: message,
  };
}

/** The server's message for one field (`errors[].path`), e.g. `network.serviceCidr`. */
export function fieldProblem(error: unknown, path: string): string | undefined {
  if (!error) return undefined;
  const p = asProblem(error);
  return p.errors?.find((e) => e.path === path)?.message;
}

/** A list answer's items, or none while loading. */
export function itemsOf<T>(data: { items: T[] } | undefined): T[] {
  return data?.items ?? [];
}
