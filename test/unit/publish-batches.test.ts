import { describe, expect, it } from "vitest";
import type { Envelope } from "../../events/envelope.js";
import { buildEvent, eventItem } from "../../events/outbox.js";
import { bySubject, eventsOf, packBodies } from "../../events/packing.js";
import {
  detachData,
  messageBytes,
  PACKED_MESSAGE_BYTES,
  planBatches,
  SQS_BATCH_ENTRIES,
  SQS_MAX_BYTES,
  toMessages,
} from "../../events/publish.js";
import { relayBatch } from "../../events/relay.js";

const KiB = 1024;

/** An event whose type, subject and data a test sets as it needs (the packing reads the envelope only). */
const anEvent = (actor: "token" | "system" = "token"): Envelope =>
  buildEvent(
    "ckp.psk.rotated",
    "projects/p/host-psk",
    { version: 2 },
    { domain: "a", project: "p" },
    { actor: { kind: actor, id: "t" }, correlationId: "c" },
    new Date(),
  );

describe("relay batches fit SQS's limits", () => {
  it("splits by bytes as well as by count", () => {
    // ten 100 KiB messages: at most two fit one 256 KiB batch
    const batches = planBatches(Array(10).fill(100 * KiB));
    expect(batches).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    for (const b of planBatches([200 * KiB, 50 * KiB, 10 * KiB, 250 * KiB, 1, 1, 1])) {
      expect(b.length).toBeLessThanOrEqual(SQS_BATCH_ENTRIES);
    }
    expect(planBatches([200 * KiB, 50 * KiB, 10 * KiB, 250 * KiB, 1])).toEqual([[0, 1], [2], [3, 4]]);
  });

  it("splits small messages by count, keeps order, and fills batches exactly to the limit", () => {
    const sizes = Array(25).fill(100);
    const batches = planBatches(sizes);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(sizes.map((_, i) => i));
    expect(planBatches([SQS_MAX_BYTES / 2, SQS_MAX_BYTES / 2, 1])).toEqual([[0, 1], [2]]);
    expect(planBatches([])).toEqual([]);
  });

  it("never puts more than the limit in one batch", () => {
    const sizes = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 120) * KiB + 1);
    for (const b of planBatches(sizes)) {
      expect(b.reduce((n, i) => n + (sizes[i] as number), 0)).toBeLessThanOrEqual(SQS_MAX_BYTES);
    }
  });

  it("refuses a message that is larger than a batch may be", () => {
    expect(() => planBatches([1, SQS_MAX_BYTES + 1])).toThrow(/message 1/);
  });

  it("counts attributes and multi-byte characters", () => {
    expect(messageBytes("é")).toBe(2);
    expect(messageBytes("ab", { type: { DataType: "String", StringValue: "x" } })).toBe(2 + 4 + 6 + 1);
  });

  it("a detached event keeps everything but its data", () => {
    const e = anEvent();
    const d = detachData(e);
    expect(d).toEqual({ ...e, data: {}, datadetached: true });
  });
});

describe("packed messages", () => {
  const event = (i: number, pad = 0) => ({
    ...buildEvent(
      "ckp.psk.rotated",
      `projects/p${i}/host-psk`,
      { version: i },
      { domain: "a", project: "p" },
      { actor: { kind: "token", id: "t" }, correlationId: "c" },
      new Date(),
    ),
    data: { version: i, pad: "x".repeat(pad) },
  });

  it("packs events in order, at most so many to a message, and reads them back", () => {
    const events = Array.from({ length: 23 }, (_, i) => event(i));
    const bodies = packBodies(
      events.map((e) => JSON.stringify(e)),
      10,
      PACKED_MESSAGE_BYTES,
    );
    expect(bodies).toHaveLength(3);
    const back = bodies.flatMap((b) => eventsOf(JSON.parse(b)));
    expect(back).toEqual(events);
    // the last three are a packed message; a lone event is sent as itself
    expect(eventsOf(JSON.parse(bodies[2] as string))).toHaveLength(3);
    const [lone] = packBodies([JSON.stringify(events[0])], 10, PACKED_MESSAGE_BYTES);
    expect(JSON.parse(lone as string)).toEqual(events[0]);
    expect(eventsOf(JSON.parse(lone as string))).toEqual([events[0]]);
  });

  it("keeps each packed message within its byte limit, and ten of them within one SendMessageBatch", () => {
    const events = Array.from({ length: 40 }, (_, i) => event(i, 3000 + i * 97));
    const messages = toMessages(events, { eventsPerMessage: 10, attributes: false });
    for (const m of messages) {
      expect(m.bytes).toBe(Buffer.byteLength(m.body));
      if (eventsOf(JSON.parse(m.body)).length > 1) expect(m.bytes).toBeLessThanOrEqual(PACKED_MESSAGE_BYTES);
    }
    expect(messages.flatMap((m) => eventsOf(JSON.parse(m.body)))).toEqual(events);
    // however full they are, packed messages go ten to a SendMessageBatch: bytes never split their batches
    const full = toMessages(
      Array.from({ length: 250 }, (_, i) => event(i, 2000 + (i % 7) * 300)),
      { eventsPerMessage: 10, attributes: false },
    );
    expect(full.length).toBeGreaterThan(SQS_BATCH_ENTRIES);
    const ids = full.map((_, i) => i);
    const byTen = Array.from({ length: Math.ceil(ids.length / SQS_BATCH_ENTRIES) }, (_, k) =>
      ids.slice(k * SQS_BATCH_ENTRIES, (k + 1) * SQS_BATCH_ENTRIES),
    );
    expect(planBatches(full.map((m) => m.bytes))).toEqual(byTen);
    // an event larger than a packed message may be still goes, alone
    const big = event(99, PACKED_MESSAGE_BYTES);
    const out = toMessages([event(1), big, event(2)], { eventsPerMessage: 10, attributes: false });
    expect(out.map((m) => eventsOf(JSON.parse(m.body)).length)).toEqual([1, 1, 1]);
  });

  it("one event per message, with attributes, unless packing is asked for", () => {
    const events = [event(1), event(2)];
    const single = toMessages(events);
    expect(single.map((m) => JSON.parse(m.body))).toEqual(events);
    expect(single[0]?.attributes?.eventId?.StringValue).toBe(events[0]?.id);
    expect(toMessages(events, { eventsPerMessage: 10 })[0]?.attributes).toBeUndefined();
  });
});

describe("a packed message's events by subject", () => {
  it("groups events about one subject in their order, keeps subjects in order of first sight, and never merges events without one", () => {
    const e = (subject: string | undefined, n: number) => ({ ...(subject ? { subject } : {}), n });
    const groups = [...bySubject([e("clusters/a", 1), e("clusters/b", 2), e(undefined, 3), e("clusters/a", 4), e(undefined, 5)]).values()];
    expect(groups).toEqual([[e("clusters/a", 1), e("clusters/a", 4)], [e("clusters/b", 2)], [e(undefined, 3)], [e(undefined, 5)]]);
  });
});

describe("the relay's packing per queue", () => {
  it("packs a stream batch's events for the BYOH queue, and sends the lifecycle queue's one to a message", async () => {
    // envelopes of the two types (the relay reads the envelope, not each type's data)
    const made = (type: string, i: number): Envelope => ({
      ...anEvent("system"),
      type,
      subject: `clusters/cl_${i}`,
      data: { clusterId: `cl_${i}` },
    });
    const events = [0, 1, 2, 3].flatMap((i) => [made("ckp.cluster.created", i), made("ckp.cluster.hosts-assigned", i)]);
    const sent: Array<{ queue: string; bodies: string[] }> = [];
    // SQS and S3 as recorders: the relay's only outputs
    const sqs = {
      send: async (c: { input: { QueueUrl: string; Entries: Array<{ MessageBody: string }> } }) => {
        sent.push({ queue: c.input.QueueUrl, bodies: c.input.Entries.map((e) => e.MessageBody) });
        return { Failed: [] };
      },
    };
    const s3 = { send: async () => ({}) };
    const out = await relayBatch(
      events.map((e, i) => ({ sequenceNumber: String(i), item: eventItem(e) })),
      { sqs: sqs as never, s3: s3 as never, queueUrl: (q) => q, archiveBucket: "b" },
    );
    expect(out.published).toBe(8);
    const messages = (q: string) => sent.filter((s) => s.queue === q).flatMap((s) => s.bodies);
    expect(messages("lifecycle")).toHaveLength(4);
    for (const b of messages("lifecycle")) expect(JSON.parse(b).type).toBe("ckp.cluster.created");
    expect(messages("byohosts")).toHaveLength(1);
    expect(eventsOf(JSON.parse(messages("byohosts")[0] as string)).map((e) => (e as Envelope).subject)).toEqual(
      [0, 1, 2, 3].map((i) => `clusters/cl_${i}`),
    );
  });
});
