import { type ReactNode, useId } from "react";

/**
 * A labelled form control with its hint and its error (the server's
 * message for that field, or the browser's). The control gets the id,
 * aria-invalid and aria-describedby through the render prop.
 */
export interface ControlProps {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
}

export function Field({
  label,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: (p: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * A DNS-1123 label (names of domains, projects, groups, clusters) for the
 * `pattern` attribute. Browsers compile patterns with the `v` flag, where a
 * hyphen in a character class must be escaped.
 */
export const DNS_LABEL_PATTERN = "[a-z0-9]([a-z0-9\\-]*[a-z0-9])?";

/** `key=value` lines ⇄ a label map (what labels and extra args are typed as). */
export function parsePairs(text: string): { value: Record<string, string>; error?: string } {
  const value: Record<string, string> = {};
  for (const raw of text.split(/[\n,]/)) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { value, error: `"${line}" is not key=value` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { value };
}

export function formatPairs(m: Record<string, string> | undefined): string {
  return Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/** A kubeconfig, pasted: write-only, monospace, never autocompleted or spell-checked. */
export function KubeconfigField({
  value,
  onChange,
  hint,
  rows = 6,
}: {
  value: string;
  onChange: (v: string) => void;
  hint: string;
  rows?: number;
}) {
  return (
    <Field label="Kubeconfig" hint={hint}>
      {(p) => (
        <textarea
          {...p}
          rows={rows}
          className="mono"
          required
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
