import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildEvent } from "../../events/outbox.js";
import { formatDuration, progressLine, progressView } from "../../events/replay/progress.js";
import { dayPrefix, daysOf, matches, normaliseSelection, SelectionError, selectionId } from "../../events/replay/selection.js";
import { parseLines } from "../../events/replay/source.js";
import { QueueTarget, RateLimiter } from "../../events/replay/targets.js";
import { queues } from "../../infra/resources.js";

const cause = { actor: { kind: "token" as const, id: "tok_1" }, correlationId: "c" };
const event = (type: "ckp.host.deleted" | "ckp.token.deleted", subject: string, time: string) =>
  type === "ckp.host.deleted"
    ? buildEvent(type, subject, { hostId: "h", machineId: "m", forced: false }, { domain: "acme", project: "edge" }, cause, new Date(time))
    : buildEvent(type, subject, { id: "tok_2" }, { domain: "acme" }, cause, new Date(time));

describe("replay selection", () => {
  it("normalises times (a bare date is the whole day), splits types and checks names", () => {
    expect(
      normaliseSelection({
        from: "2026-03-01",
        to: "2026-03-02",
        types: ["ckp.host.deleted,ckp.token.deleted", "ckp.host.deleted"],
        domain: "acme",
      }),
    ).toEqual({
      from: "2026-03-01T00:00:00.000Z",
      to: "2026-03-02T23:59:59.999Z",
      types: ["ckp.host.deleted", "ckp.token.deleted"],
      domain: "acme",
    });
    expect(normaliseSelection({ from: "2026-03-01T10:00:00+02:00" }).from).toBe("2026-03-01T08:00:00.000Z");
    expect(() => normaliseSelection({ from: "yesterday" })).toThrow(SelectionError);
    expect(() => normaliseSelection({ from: "2026-03-02", to: "2026-03-01" })).toThrow(/after/);
    expect(() => normaliseSelection({ project: "edge" })).toThrow(/needs --domain/);
    expect(() => normaliseSelection({ domain: "Acme!" })).toThrow(SelectionError);
    expect(() => normaliseSelection({ types: ["host.deleted"] })).toThrow(/not an event type/);
  });

  it("lists only the days and tenant prefixes it needs", () => {
    const s = normaliseSelection({ from: "2026-02-27", to: "2026-03-01", domain: "acme", project: "edge" });
    expect(daysOf(s, "2026-03-05")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(dayPrefix(s, "2026-02-27")).toBe("events/v1/dt=2026-02-27/domain=acme/project=edge/");
    expect(dayPrefix({ domain: "acme" }, "2026-02-27")).toBe("events/v1/dt=2026-02-27/domain=acme/");
    expect(daysOf({}, "2026-03-05")).toBeUndefined();
    expect(daysOf(normaliseSelection({ from: "2026-03-04" }), "2026-03-05")).toEqual(["2026-03-04", "2026-03-05"]);
  });

  it("matches events by time, type, tenant and subject (exact or prefix*)", () => {
    const e = event("ckp.host.deleted", "hosts/host_1", "2026-03-01T10:00:00Z");
    expect(matches(e, {})).toBe(true);
    expect(matches(e, normaliseSelection({ from: "2026-03-01T10:00:00Z", to: "2026-03-01T10:00:00Z" }))).toBe(true);
    expect(matches(e, normaliseSelection({ from: "2026-03-01T10:00:01Z" }))).toBe(false);
    expect(matches(e, { types: ["ckp.token.deleted"] })).toBe(false);
    expect(matches(e, { domain: "acme", project: "other" })).toBe(false);
    expect(matches(e, { subject: "hosts/*" })).toBe(true);
    expect(matches(e, { subject: "hosts/host_2" })).toBe(false);
    expect(matches(event("ckp.token.deleted", "tokens/tok_2", "2026-03-01T10:00:00Z"), { domain: "acme", project: "edge" })).toBe(false);
  });

  it("identifies a selection and target for checkpoints", () => {
    expect(selectionId({ domain: "a" }, "queues:local")).toBe(selectionId({ domain: "a" }, "queues:local"));
    expect(selectionId({ domain: "a" }, "queues:local")).not.toBe(selectionId({ domain: "a" }, "rebuild:t"));
  });
});

describe("reading archive objects", () => {
  it("keeps envelopes and reports every other line with its number, never throwing", () => {
    const good = JSON.stringify(event("ckp.host.deleted", "hosts/h", "2026-03-01T10:00:00Z"));
    const out = parseLines(
      "k.ndjson",
      [good, "", "{oops", "[1,2]", JSON.stringify({ id: "x" }), good.slice(0, 30), `  ${good}  `, ""].join("\n"),
    );
    expect(out.events.map((e) => e.line)).toEqual([1, 7]);
    expect(out.malformed.map((m) => [m.line, m.error.split(":")[0]])).toEqual([
      [3, "not JSON"],
      [4, "not an event envelope"],
      [5, "not an event envelope"],
      [6, "not JSON"],
    ]);
    expect(out.malformed.every((m) => m.key === "k.ndjson")).toBe(true);
  });
});

describe("replay progress", () => {
  const p = { bytesDone: 250, bytesTotal: 1000, events: 1234, rate: 812.4, etaSeconds: 95 };

  it("formats rate and ETA", () => {
    expect(formatDuration(undefined)).toBe("--");
    expect(formatDuration(42.4)).toBe("42s");
    expect(formatDuration(95)).toBe("1m35s");
    expect(formatDuration(7300)).toBe("2h01m");
    expect(progressLine(p)).toBe("replay: 25% 1234 events, 812 events/s, ETA 1m35s");
  });

  it("writes plain lines at most every interval when not on a terminal, and the last one at the end", () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d) => (text += String(d)));
    const view = progressView(out, { intervalMs: 60_000 });
    view.update(p);
    view.update({ ...p, bytesDone: 500 });
    view.update({ ...p, bytesDone: 1000, etaSeconds: 0 });
    view.stop();
    expect(text.trim().split("\n")).toEqual([
      "replay: 25% 1234 events, 812 events/s, ETA 1m35s",
      "replay: 100% 1234 events, 812 events/s, ETA 0s",
    ]);
  });

  it("draws a bar with rate and ETA on a terminal", () => {
    const out = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    let text = "";
    out.on("data", (d) => (text += String(d)));
    const view = progressView(out);
    view.update(p);
    view.stop();
    expect(text).toMatch(/replay \[.*\] 25% \| 1234 events \| 812 events\/s \| ETA 1m35s/);
  });
});

describe("rate limit", () => {
  it("spreads work out to the rate (a lower bound; a busy machine only adds time)", async () => {
    const limiter = new RateLimiter(20);
    const t0 = performance.now();
    for (let i = 0; i < 30; i++) await limiter.take(1);
    // 10 may go at once, the next 20 need about a second at 20/s
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
  });
});

describe("queue target packing", () => {
  // plan() is what a dry run reports; handle() sends the same messages
  const target = (eventsPerMessage?: number) =>
    new QueueTarget({ sqs: undefined as never, queueUrl: () => "unused", ...(eventsPerMessage ? { eventsPerMessage } : {}) });
  const items = (type: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const e = { ...event("ckp.host.deleted", `hosts/h${i}`, "2026-03-01T10:00:00Z"), type };
      return { event: e, original: e };
    });

  it("packs as many events as each queue takes, at most as many as asked", () => {
    const batch = [...items("ckp.host.deleted", 25), ...items("ckp.cluster.created", 4), ...items("ckp.hostrequest.created", 2)];
    // byohosts takes ten a message; the lifecycle saga's steps go one a message
    expect(queues.byohosts.replayEventsPerMessage).toBe(10);
    expect(queues.lifecycle.replayEventsPerMessage).toBe(1);
    expect(target().plan(batch)).toEqual({ routed: { byohosts: 25, lifecycle: 4 }, messages: { byohosts: 3, lifecycle: 4 }, notRouted: 2 });
    expect(target(4).plan(batch)).toEqual({
      routed: { byohosts: 25, lifecycle: 4 },
      messages: { byohosts: 7, lifecycle: 4 },
      notRouted: 2,
    });
    expect(target(1).plan(batch).messages).toEqual({ byohosts: 25, lifecycle: 4 });
  });
});
