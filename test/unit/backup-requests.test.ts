import { describe, expect, it } from "vitest";
import { CRON, GO_DURATION } from "../../core/backups/backup-model.js";
import { pageByName, whyNoVelero } from "../../core/backups/requests.js";
import { backupFromObject, backupObject, restoreObject, restoreStatusOf, scheduleObject } from "../../core/backups/velero-objects.js";
import type { Cluster } from "../../core/clusters/model.js";
import type { KubeObject } from "../../core/kube/objects.js";
import { isDomainError } from "../../core/shared/errors.js";

describe("backups, schedules and restores as Velero's objects", () => {
  it("renders what was asked into Velero's specs, and nothing left out", () => {
    const b = backupObject({ name: "b1", includedNamespaces: ["shop"], ttl: "24h", location: "main" }, "acme.web");
    expect(b).toEqual({
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "b1", namespace: "velero", labels: { "ckp.io/requested-by": "acme.web" } },
      spec: { includedNamespaces: ["shop"], ttl: "24h", storageLocation: "main" },
    });
    const s = scheduleObject(
      {
        name: "nightly",
        schedule: "0 2 * * *",
        paused: false,
        skipImmediately: true,
        ttl: "168h",
        location: "main",
        labelSelector: { matchLabels: { app: "shop" } },
      },
      "acme.web",
    );
    expect(s.spec).toEqual({
      schedule: "0 2 * * *",
      paused: false,
      skipImmediately: true,
      template: { labelSelector: { matchLabels: { app: "shop" } }, ttl: "168h", storageLocation: "main" },
    });
    const r = restoreObject({ name: "r1", backup: "b1", namespaceMapping: { shop: "shop-copy" }, includedNamespaces: [] }, "acme.web");
    expect(r.spec).toEqual({ backupName: "b1", namespaceMapping: { shop: "shop-copy" } });
  });

  it("reads Velero's status back: phase, progress, counts, and the schedule that made a backup", () => {
    const o = {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: {
        name: "nightly-20261203020000",
        namespace: "velero",
        labels: { "velero.io/schedule-name": "nightly" },
        creationTimestamp: "2026-12-03T02:00:00Z",
      },
      spec: { storageLocation: "main", ttl: "168h0m0s" },
      status: {
        phase: "PartiallyFailed",
        progress: { itemsBackedUp: 7, totalItems: 9 },
        errors: 2,
        warnings: 1,
        startTimestamp: "2026-12-03T02:00:01Z",
        completionTimestamp: "2026-12-03T02:00:09Z",
        expiration: "2026-12-10T02:00:01Z",
        failureReason: "",
      },
    } as unknown as KubeObject;
    expect(backupFromObject(o, "cl_1")).toEqual({
      name: "nightly-20261203020000",
      clusterId: "cl_1",
      ttl: "168h0m0s",
      location: "main",
      schedule: "nightly",
      createdAt: "2026-12-03T02:00:00Z",
      status: {
        phase: "PartiallyFailed",
        startedAt: "2026-12-03T02:00:01Z",
        completedAt: "2026-12-03T02:00:09Z",
        errors: 2,
        warnings: 1,
        expiresAt: "2026-12-10T02:00:01Z",
        progress: { itemsBackedUp: 7, totalItems: 9 },
      },
    });
    const fresh = { metadata: { name: "r1" } } as KubeObject;
    expect(restoreStatusOf(fresh)).toEqual({ phase: "New" });
    // Velero leaves zero counts out: once final, they are 0; before, unknown
    const done = {
      metadata: { name: "r2" },
      status: { phase: "Completed", progress: { totalItems: 3, itemsRestored: 3 } },
    } as unknown as KubeObject;
    expect(restoreStatusOf(done)).toEqual({ phase: "Completed", errors: 0, warnings: 0, progress: { itemsRestored: 3, totalItems: 3 } });
    const running = { metadata: { name: "r3" }, status: { phase: "InProgress" } } as unknown as KubeObject;
    expect(restoreStatusOf(running)).toEqual({ phase: "InProgress" });
  });

  it("states the forms Velero takes: Go durations and cron schedules", () => {
    for (const ok of ["720h0m0s", "24h", "90m", "30s", "1h30m"]) expect(GO_DURATION.test(ok), ok).toBe(true);
    for (const bad of ["", "h", "30 days", "1d", "-1h"]) expect(GO_DURATION.test(bad), bad).toBe(false);
    for (const ok of ["0 2 * * *", "*/15 2-4 1,15 * MON-FRI", "@daily", "@every 6h", "@every 1h30m"]) expect(CRON.test(ok), ok).toBe(true);
    for (const bad of ["0 2 * *", "every night", "@often", "0  2 * * *"]) expect(CRON.test(bad), bad).toBe(false);
  });

  it("pages a merged list by name; a cursor of another list is refused", () => {
    const items = ["c", "a", "b", "d"].map((name) => ({ name }));
    const first = pageByName(items, "backups/cl_1", { limit: 3 });
    expect(first.items.map((i) => i.name)).toEqual(["a", "b", "c"]);
    const second = pageByName(items, "backups/cl_1", { limit: 3, cursor: first.nextCursor as string });
    expect(second).toEqual({ items: [{ name: "d" }], nextCursor: null });
    let refused: unknown;
    try {
      pageByName(items, "backups/cl_2", { limit: 3, cursor: first.nextCursor as string });
    } catch (e) {
      refused = e;
    }
    expect(isDomainError(refused) && refused.kind).toBe("validation");
  });
});

describe("whether a cluster takes Velero requests", () => {
  const cluster = (velero: boolean, finding?: object, phase = "Ready") =>
    ({
      phase,
      addons: { storage: { enabled: false, values: {} }, velero: { enabled: velero, values: {} } },
      addonHealth: finding ? { addons: [{ addon: "velero", message: "", since: "t0", ...finding }] } : undefined,
    }) as unknown as Cluster;

  it("refuses a Velero never Healthy since it was enabled, and takes one updating after it was", () => {
    expect(whyNoVelero(cluster(false))).toContain("not enabled");
    expect(whyNoVelero(cluster(true))).toBe("Velero is not installed yet");
    expect(whyNoVelero(cluster(true, { state: "Installing" }))).toBe("Velero is not installed yet");
    expect(whyNoVelero(cluster(true, { state: "Unhealthy" }))).toBe("Velero is not installed yet");
    expect(whyNoVelero(cluster(true, { state: "Healthy", healthySince: "t1" }))).toBeUndefined();
    // a new backup location or new values being applied: Velero still runs
    expect(whyNoVelero(cluster(true, { state: "Installing", healthySince: "t1" }))).toBeUndefined();
    expect(whyNoVelero(cluster(true, { state: "Unknown", healthySince: "t1" }))).toBeUndefined();
    expect(whyNoVelero(cluster(true, { state: "Healthy", healthySince: "t1" }, "Deleting"))).toContain("being deleted");
  });
});
