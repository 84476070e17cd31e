import Table from "cli-table3";
import yaml from "js-yaml";
import { pc } from "./colors.js";

/** How long ago, as kubectl says it: 45s, 12m, 3h, 5d. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "";
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return "";
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** Seconds as 1.2s, 45s, 3m05s. */
export function duration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

export function short(s: string | undefined, n: number): string {
  if (!s) return "";
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A kubectl-style table: no borders, columns padded, headers upper case (bold on a terminal). */
export function table(headers: string[], rows: string[][]): string {
  const t = new Table({
    head: headers.map((h) => (pc.isColorSupported ? pc.bold(h) : h)),
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "   ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
  });
  for (const r of rows) t.push(r);
  return `${t
    .toString()
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")}\n`;
}

export const toYaml = (v: unknown): string => yaml.dump(v, { lineWidth: -1, noRefs: true });
export const toJson = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** Colour a phase or state word on a terminal. */
export function tint(word: string): string {
  if (!pc.isColorSupported) return word;
  if (/^(Ready|succeeded|True|approved|create-completed|ready|ok|create|accepted)$/.test(word)) return pc.green(word);
  if (/^(Failed|failed|False|rejected|create-failed|unreachable|refused|delete)$/.test(word)) return pc.red(word);
  if (/^(running|Provisioning|Scaling|Upgrading|Deleting|pending|update)$/.test(word)) return pc.yellow(word);
  return word;
}

/** A describe line, `Label:` padded to a column; nothing for an empty value. */
export const field = (label: string, v: unknown) =>
  v === undefined || v === null || v === "" ? "" : `${`${label}:`.padEnd(22)}${String(v)}\n`;

/** A block of lines indented under a describe heading. */
export const indent = (t: string) =>
  t
    .split("\n")
    .map((l) => (l ? `  ${l}` : l))
    .join("\n");
