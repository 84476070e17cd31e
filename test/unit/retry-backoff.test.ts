import { describe, expect, it } from "vitest";
import { RETRY_BACKOFF, retryDelaySeconds } from "../../functions/workers/retry-backoff.js";

/** The retry policy every SQS worker applies to a failed message (functions/workers/retry-backoff.ts). */
describe("retry backoff", () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 16],
    [6, 30],
    [8, 30],
    [500, 30],
  ])("receive %i → %i s", (receives, seconds) => {
    expect(retryDelaySeconds(receives)).toBe(seconds);
  });

  it("treats a missing or odd receive count as the first", () => {
    expect(retryDelaySeconds(Number.NaN)).toBe(1);
    expect(retryDelaySeconds(0)).toBe(1);
  });

  it("stays within SQS's visibility limit and below the lifecycle queue's fixed timeout", () => {
    expect(RETRY_BACKOFF.maxSeconds).toBeLessThan(45);
    expect(retryDelaySeconds(Number.MAX_SAFE_INTEGER)).toBe(RETRY_BACKOFF.maxSeconds);
  });
});
