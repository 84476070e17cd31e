import { useEffect, useId, useRef, useState } from "react";
import { explainReason } from "./reasons";

/**
 * A condition's reason, explained on hover, on keyboard focus and on tap
 * (a button toggles the explanation; Escape closes it). Unknown reasons
 * show the condition's own message.
 */
export function ReasonHint({ reason, message }: { reason: string; message?: string | undefined }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const text = explainReason(reason) ?? message ?? "No explanation is known for this reason.";
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", close);
    document.addEventListener("pointerdown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("pointerdown", close);
    };
  }, [open]);
  return (
    <span className="reason" ref={ref}>
      <button
        type="button"
        className="reason-button"
        onMouseEnter={() => setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        aria-expanded={open}
        aria-describedby={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      >
        {reason}
        <span aria-hidden="true" className="reason-icon">
          ?
        </span>
      </button>
      {open && (
        <span role="tooltip" id={id} className="tooltip">
          {text}
        </span>
      )}
    </span>
  );
}
