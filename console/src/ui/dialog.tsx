import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * A modal <dialog> (focus moves into it, Escape closes it, the page behind
 * is inert). `confirmText`: the user must type it before the action is enabled.
 */
export function Dialog({
  open,
  title,
  children,
  onClose,
  wide,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  onClose: () => void;
  /** for a dialog that shows a table (the template move's difference) */
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} onCancel={onClose} className={wide ? "wide" : undefined}>
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}

export function TypedConfirm({
  expected,
  action,
  busy,
  onConfirm,
  onCancel,
}: {
  expected: string;
  action: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState("");
  const id = useId();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === expected) onConfirm();
      }}
    >
      <label htmlFor={id}>
        Type <code>{expected}</code> to confirm
      </label>
      <input id={id} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="danger" disabled={typed !== expected || busy}>
          {busy ? "Working…" : action}
        </button>
      </div>
    </form>
  );
}
