import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addonChange, formatAddonRows, importedAddonRows, setValues } from "../../cli/commands/addons.js";
import { CliError } from "../../cli/errors.js";

const flags = (o: Partial<Parameters<typeof addonChange>[1]> = {}) => ({ set: [], ...o });

describe("ckpctl addon: the PATCH body", () => {
  it("reads --set values as YAML scalars and dotted keys as nested fields, over the current values", () => {
    const current = { hubble: { enabled: false }, operator: { replicas: 1 } };
    expect(setValues(current, ["hubble.enabled=true", "operator.replicas=2", "mtu=1450", "name=a=b"])).toEqual({
      hubble: { enabled: true },
      operator: { replicas: 2 },
      mtu: 1450,
      name: "a=b",
    });
    // the current values are not changed in place
    expect(current.hubble.enabled).toBe(false);
    // a scalar in the way of a dotted key becomes a map
    expect(setValues({ a: 1 }, ["a.b=x"])).toEqual({ a: { b: "x" } });
    expect(() => setValues({}, ["a..b=1"])).toThrow(/empty field name/);
    expect(() => setValues({}, ["novalue"])).toThrow(/expected key=value/);
  });

  it("sends enabled only when asked, and values only when some are given", () => {
    expect(addonChange({ x: 1 }, flags({ enable: true }))).toEqual({ enabled: true });
    expect(addonChange({ x: 1 }, flags({ disable: true }))).toEqual({ enabled: false });
    expect(addonChange({ x: 1 }, flags({ set: ["y=2"] }))).toEqual({ values: { x: 1, y: 2 } });
    expect(addonChange(undefined, flags({ enable: true, set: ["y=true"] }))).toEqual({ enabled: true, values: { y: true } });
  });

  it("takes --values from a file, replacing the current ones, with --set over it", () => {
    const dir = mkdtempSync(join(tmpdir(), "ckpctl-addons-"));
    const file = join(dir, "v.yaml");
    writeFileSync(file, "snapshotsEnabled: true\ndeployNodeAgent: false\n");
    expect(addonChange({ other: 1 }, flags({ values: file, set: ["deployNodeAgent=true"] }))).toEqual({
      values: { snapshotsEnabled: true, deployNodeAgent: true },
    });
    writeFileSync(file, "- a\n- b\n");
    expect(() => addonChange({}, flags({ values: file }))).toThrow(/expected a map of values/);
    expect(() => addonChange({}, flags({ values: join(dir, "missing.yaml") }))).toThrow(/cannot read/);
  });

  it("refuses what cannot be meant, as usage errors (exit 2)", () => {
    const usage = (o: Parameters<typeof flags>[0]) => {
      try {
        addonChange({}, flags(o));
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return [(e as CliError).code, (e as Error).message];
      }
      return undefined;
    };
    expect(usage({})).toEqual([2, "say what to change: --enable, --disable, --set k=v or --values FILE"]);
    expect(usage({ enable: true, disable: true })).toEqual([2, "--enable and --disable together"]);
    expect(usage({ disable: true, set: ["a=1"] })).toEqual([2, "--disable takes no --set or --values"]);
  });
});

describe("ckpctl addons: an imported cluster's Velero as a row", () => {
  it("says never enabled when it never was", () => {
    expect(importedAddonRows(undefined)).toEqual([
      { name: "velero", enabled: false, version: "", state: "Disabled", since: "", message: "never enabled" },
    ]);
  });

  it("shows the phase and the reason of the condition that is not True", () => {
    const [row] = importedAddonRows({
      enabled: true,
      values: {},
      generation: 2,
      changedAt: "2026-12-04T10:00:00Z",
      phase: "Failed",
      version: "v1.18.1",
      job: "velero-install-g2",
      conditions: [
        {
          type: "VeleroHealthy",
          status: "False",
          reason: "BackoffLimitExceeded",
          message: "Job velero-install-g2 failed",
          lastTransitionTime: "2026-12-04T10:01:00Z",
        },
      ],
    });
    expect(row).toMatchObject({ state: "Failed", version: "v1.18.1", message: "BackoffLimitExceeded: Job velero-install-g2 failed" });
    const text = formatAddonRows(row ? [row] : [], Date.parse("2026-12-04T10:05:00Z"));
    expect(text.split("\n")[0]).toMatch(/^ADDON\s+ENABLED\s+VERSION\s+STATE\s+SINCE\s+MESSAGE$/);
    expect(text.split("\n")[1]).toMatch(/^velero\s+yes\s+v1\.18\.1\s+Failed\s+5m\s+BackoffLimitExceeded/);
  });
});
