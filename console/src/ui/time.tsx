import { useEffect, useState } from "react";

/** How long ago (or, for a time ahead such as a backup's expiry, how long until). */
function ago(ms: number): string {
  const ahead = ms < -5000;
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 5) return "just now";
  const span =
    s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : s < 48 * 3600 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} d`;
  return ahead ? `in ${span}` : `${span} ago`;
}

/** Re-renders every few seconds, so relative times and durations stay true. */
export function useNow(everyMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** A time as "3 min ago" (or "in 30 d"), the exact time in a <time> element. */
export function When({ at }: { at: string | null | undefined }) {
  const now = useNow();
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return (
    <time dateTime={at} title={d.toLocaleString()}>
      {ago(now - d.getTime())}
    </time>
  );
}

export function duration(from: string | undefined, to: string | undefined, now: number): string | undefined {
  if (!from) return undefined;
  const ms = (to ? Date.parse(to) : now) - Date.parse(from);
  if (ms < 0) return undefined;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
