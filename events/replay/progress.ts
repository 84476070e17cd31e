import type { Writable } from "node:stream";
import cliProgress from "cli-progress";

/** Where a replay is, reported after each batch. */
export interface Progress {
  /** archive bytes whose events are done (the measure of the whole, known up front) */
  bytesDone: number;
  bytesTotal: number;
  events: number;
  /** events per second since the start */
  rate: number;
  /** seconds left at the current pace; undefined until there is a pace */
  etaSeconds: number | undefined;
}

export interface ProgressView {
  update(p: Progress): void;
  stop(): void;
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "--";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function percent(p: Progress): number {
  return p.bytesTotal > 0 ? Math.min(100, Math.floor((p.bytesDone / p.bytesTotal) * 100)) : 100;
}

/** One plain line, for logs and pipes. */
export function progressLine(p: Progress): string {
  return `replay: ${percent(p)}% ${p.events} events, ${Math.round(p.rate)} events/s, ETA ${formatDuration(p.etaSeconds)}`;
}

/**
 * A bar with rate and ETA on a terminal (cli-progress); elsewhere a plain
 * line at most every `intervalMs`, and one at the end.
 */
export function progressView(out: Writable & { isTTY?: boolean }, o: { intervalMs?: number } = {}): ProgressView {
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: out,
        format: "replay [{bar}] {percentage}% | {events} events | {rate} events/s | ETA {eta_text}",
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { events: p.events, rate: Math.round(p.rate), eta_text: formatDuration(p.etaSeconds) };
        if (!started) {
          bar.start(Math.max(1, p.bytesTotal), p.bytesDone, payload);
          started = true;
        } else {
          bar.setTotal(Math.max(1, p.bytesTotal));
          bar.update(p.bytesDone, payload);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const every = o.intervalMs ?? 2000;
  let lastAt = 0;
  let last: Progress | undefined;
  let printed: Progress | undefined;
  return {
    update(p) {
      last = p;
      const now = Date.now();
      if (now - lastAt >= every) {
        lastAt = now;
        printed = p;
        out.write(`${progressLine(p)}\n`);
      }
    },
    stop() {
      if (last && last !== printed) out.write(`${progressLine(last)}\n`);
    },
  };
}
