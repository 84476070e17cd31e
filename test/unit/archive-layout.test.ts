import { describe, expect, it } from "vitest";
import { archiveObjects, archivePartition } from "../../events/archive.js";
import { buildEvent, eventItem } from "../../events/outbox.js";

const cause = { actor: { kind: "token" as const, id: "tok_1" }, correlationId: "req-1" };

describe("events", () => {
  it("validate their payload against the registered schema", () => {
    expect(() =>
      buildEvent("ckp.host.provisioned", "hosts/h", { hostId: 42 } as never, { domain: "a", project: "x" }, cause, new Date()),
    ).toThrow();
  });

  it("carry tenancy, actor and causality in the envelope", () => {
    const e = buildEvent(
      "ckp.host.deleted",
      "hosts/h",
      { hostId: "h", machineId: "m", forced: false },
      { domain: "a", project: "x" },
      cause,
      new Date("2026-01-02T03:04:05Z"),
    );
    expect(e).toMatchObject({
      specversion: "1.0",
      type: "ckp.host.deleted",
      domain: "a",
      project: "x",
      actor: cause.actor,
      correlationid: "req-1",
      dataschemaversion: 1,
    });
    const item = eventItem(e);
    expect(item.pk).toBe("D#a#P#x#EVT");
    expect(item.kind).toBe("event");
  });
});

describe("archive layout", () => {
  it("partitions by day and tenant", () => {
    expect(archivePartition({ time: "2026-01-02T03:04:05.000Z", domain: "a", project: "x" })).toBe(
      "events/v1/dt=2026-01-02/domain=a/project=x/",
    );
    expect(archivePartition({ time: "2026-01-02T03:04:05.000Z" })).toBe("events/v1/dt=2026-01-02/domain=_platform/project=_domain/");
  });

  it("writes one NDJSON object per partition, named by batch", () => {
    const mk = (d: string, t: string) =>
      buildEvent(
        "ckp.host.deleted",
        "hosts/h",
        { hostId: "h", machineId: "m", forced: false },
        { domain: d, project: "x" },
        cause,
        new Date(t),
      );
    const objs = archiveObjects(
      [mk("a", "2026-01-02T00:00:00Z"), mk("b", "2026-01-02T00:00:01Z"), mk("a", "2026-01-02T00:00:02Z")],
      "batch1",
    );
    expect(objs).toHaveLength(2);
    const a = objs.find((o) => o.key.includes("domain=a/")) as (typeof objs)[number];
    expect(a.count).toBe(2);
    expect(
      a.body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).time),
    ).toEqual(["2026-01-02T00:00:00.000Z", "2026-01-02T00:00:02.000Z"]);
    expect(a.key).toMatch(/-batch1\.ndjson$/);
  });
});
