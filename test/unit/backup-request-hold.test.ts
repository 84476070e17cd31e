import { describe, expect, it } from "vitest";
import { locationNotAvailable } from "../../core/backups/request-sync.js";
import type { KubeObject } from "../../core/kube/objects.js";

const bsl = (status?: Record<string, unknown>): KubeObject => ({
  apiVersion: "velero.io/v1",
  kind: "BackupStorageLocation",
  metadata: { name: "main", namespace: "velero" },
  ...(status ? { status } : {}),
});

describe("a backup held until Velero finds its location Available", () => {
  it("holds while the location is missing, unvalidated or Unavailable, and lets it go once Available", () => {
    expect(locationNotAvailable("main", undefined)).toBe("backup location main is not in the cluster's Velero yet");
    expect(locationNotAvailable("main", bsl())).toBe("Velero has not validated backup location main yet");
    expect(locationNotAvailable("main", bsl({ phase: "Unavailable", message: "secret velero/ckp-bsl-main not found" }))).toBe(
      "Velero finds backup location main Unavailable (secret velero/ckp-bsl-main not found); it validates it again shortly",
    );
    expect(locationNotAvailable("main", bsl({ phase: "Unavailable" }))).toBe(
      "Velero finds backup location main Unavailable; it validates it again shortly",
    );
    expect(locationNotAvailable("main", bsl({ phase: "Available", lastValidationTime: "2026-12-07T09:00:00Z" }))).toBeUndefined();
  });
});
