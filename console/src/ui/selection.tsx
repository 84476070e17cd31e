import { useCallback, useMemo, useState } from "react";
import type { Schemas } from "../api/client";
import { StatusBadge } from "./badges";

/** Which rows of a list are checked, for bulk actions. Rows that leave the list leave the selection. */
export function useSelection(visibleIds: string[]) {
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const visible = useMemo(() => new Set(visibleIds), [visibleIds]);
  const selected = useMemo(() => [...picked].filter((id) => visible.has(id)), [picked, visible]);
  const toggle = useCallback(
    (id: string) =>
      setPicked((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );
  const all = visibleIds.length > 0 && selected.length === visibleIds.length;
  return {
    selected,
    has: (id: string) => picked.has(id) && visible.has(id),
    toggle,
    toggleAll: () => setPicked(all ? new Set() : new Set(visibleIds)),
    all,
    some: selected.length > 0 && !all,
    clear: () => setPicked(new Set()),
  };
}

export function SelectAll({ sel, label }: { sel: ReturnType<typeof useSelection>; label: string }) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={sel.all}
      ref={(el) => {
        if (el) el.indeterminate = sel.some;
      }}
      onChange={sel.toggleAll}
    />
  );
}

/** What a bulk action did to each item: the server answers one result per id, never all-or-nothing. */
export function BulkResults({
  title,
  results,
  nameOf,
  onDismiss,
}: {
  title: string;
  results: Schemas["BulkResult"]["results"];
  nameOf: (id: string) => string;
  onDismiss: () => void;
}) {
  const failed = results.filter((r) => r.error).length;
  return (
    <section className="card results" aria-labelledby="bulk-results" aria-live="polite">
      <h2 id="bulk-results">
        {title}: {results.length - failed} done{failed ? `, ${failed} failed` : ""}
      </h2>
      <div className="table-wrap">
        <table className="stack">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Outcome</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.id}>
                <td data-label="Item">{nameOf(r.id)}</td>
                <td data-label="Outcome">
                  <StatusBadge value={r.error ? "failed" : "succeeded"} label={r.outcome} />
                </td>
                <td data-label="Why">
                  {r.error ? (
                    <>
                      {r.error.detail} <span className="muted small">({r.error.code})</span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
