import { isSimulated } from "./simulation";

const TONES: Record<string, string> = {
  Ready: "ok",
  ready: "ok",
  succeeded: "ok",
  approved: "ok",
  "create-completed": "ok",
  True: "ok",
  Provisioning: "busy",
  Scaling: "busy",
  Upgrading: "busy",
  Deleting: "busy",
  running: "busy",
  pending: "wait",
  "create-pending": "busy",
  Unknown: "wait",
  Failed: "bad",
  failed: "bad",
  rejected: "bad",
  "create-failed": "bad",
  unreachable: "bad",
  False: "bad",
  skipped: "muted",
  cancelled: "muted",
};

/** A state as a coloured badge whose text says it (colour is never the only signal). */
export function StatusBadge({ value, label, tone }: { value: string; label?: string; tone?: string }) {
  return <span className={`badge tone-${tone ?? TONES[value] ?? "muted"}`}>{label ?? value}</span>;
}

/** Shown next to anything the sandbox simulates. */
export function SimulationBadge({ of }: { of: Parameters<typeof isSimulated>[0] }) {
  if (!isSimulated(of)) return null;
  return (
    <span className="badge tone-sim" title="Part of the local sandbox: simulated, no real hardware or controllers">
      Simulation
    </span>
  );
}

export function Labels({ labels }: { labels: Record<string, string> | undefined }) {
  const entries = Object.entries(labels ?? {});
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <ul className="labels">
      {entries.map(([k, v]) => (
        <li key={k}>
          <code>
            {k}={v}
          </code>
        </li>
      ))}
    </ul>
  );
}
