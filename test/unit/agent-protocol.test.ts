import { describe, expect, it } from "vitest";
import { heartbeatInput } from "../../core/agents/health.js";
import { releaseInput } from "../../core/agents/release.js";
import { READY_SHARDS, readyShard } from "../../core/agents/status.js";
import { newSerial } from "../../core/pki/ca.js";
import { SERIAL_PATTERN } from "../../core/pki/model.js";

describe("agent protocol rules", () => {
  const health = {
    uptimeSeconds: 12,
    load: [0.1, 0.2, 0.3],
    memory: { totalBytes: 8, availableBytes: 4 },
    kernel: "6.1",
    containerRuntime: null,
  };

  it("accepts a heartbeat and refuses oversized or malformed ones", () => {
    expect(heartbeatInput.safeParse({ version: "1.2.3", health }).success).toBe(true);
    expect(heartbeatInput.safeParse({ version: "1.2.3", health: { ...health, extra: "x".repeat(9000) } }).success).toBe(false);
    expect(heartbeatInput.safeParse({ version: "not a version!", health }).success).toBe(false);
    expect(heartbeatInput.safeParse({ version: "1.2.3", health: { load: [-1] } }).success).toBe(false);
    expect(heartbeatInput.safeParse({ version: "1.2.3", health, surprise: 1 }).success).toBe(false);
  });

  it("names a release by exactly one of artifactKey and url, with a SHA-256", () => {
    const sha256 = "a".repeat(64);
    expect(releaseInput.safeParse({ version: "1.0.0", sha256, artifactKey: "agent/ckp-agent" }).success).toBe(true);
    expect(releaseInput.safeParse({ version: "1.0.0", sha256, url: "https://example.com/ckp-agent" }).success).toBe(true);
    expect(releaseInput.safeParse({ version: "1.0.0", sha256 }).success).toBe(false);
    expect(releaseInput.safeParse({ version: "1.0.0", sha256, artifactKey: "a", url: "https://example.com/a" }).success).toBe(false);
    expect(releaseInput.safeParse({ version: "1.0.0", sha256: "A".repeat(64), artifactKey: "a" }).success).toBe(false);
    expect(releaseInput.safeParse({ version: "1.0.0", sha256, url: "file:///etc/passwd" }).success).toBe(false);
  });

  it("spreads ready hosts over shards deterministically", () => {
    const shards = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = readyShard(`host_${i}`);
      expect(s).toBe(readyShard(`host_${i}`));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(READY_SHARDS);
      shards.add(s);
    }
    expect(shards.size).toBe(READY_SHARDS);
  });

  it("makes positive 16-byte serials that sort by issue time", () => {
    const a = newSerial(new Date("2030-01-01T00:00:00Z"));
    const b = newSerial(new Date("2030-01-01T00:00:00.001Z"));
    expect(a).toMatch(SERIAL_PATTERN);
    expect(Number.parseInt(a[0] as string, 16)).toBeLessThan(8);
    expect(a < b).toBe(true);
  });
});
