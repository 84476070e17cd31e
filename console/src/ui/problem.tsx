import { asProblem } from "../api/client";

/**
 * A failed request as the server explained it (problem+json): the title,
 * the detail, the stable code, field errors, and the request id to quote.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const p = asProblem(error);
  const extra = p as Record<string, unknown>;
  return (
    <div className="alert" role="alert">
      <strong>{title ?? p.title}</strong>
      {p.detail && <p>{p.detail}</p>}
      {p.errors && p.errors.length > 0 && (
        <ul>
          {p.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path || "request"}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {Array.isArray(extra.fields) && (
        <p>No operation changes these on a running cluster: {(extra.fields as string[]).join(", ")}. Publish a version that keeps them.</p>
      )}
      {typeof extra.latest === "string" && <p>The template's latest version: {extra.latest}</p>}
      {Array.isArray(extra.allowedTargets) && <p>Allowed targets: {(extra.allowedTargets as string[]).join(", ") || "none"}</p>}
      <p className="muted small">
        {p.code && <>code {p.code}</>}
        {p.status ? <> · HTTP {p.status}</> : null}
        {p.requestId && <> · request {p.requestId}</>}
      </p>
    </div>
  );
}
