import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseClustersTable } from "../../bench/clusters-side-by-side.js";

describe("the side-by-side clusters benchmark", () => {
  it("reads every figure it compares back from a clusters table as bench/clusters.ts prints it", () => {
    const md = `## clusters — 50 clusters × 3 workers created at once

| measure | value |
| --- | --- |
| time until all 50 are Ready | 342.1 s |
| per cluster, create → Ready (as seen by polling every 0.5 s) | p50 315.1 s, p99 338.2 s, max 338.2 s |
| SQS messages sent to the lifecycle queue, per cluster | 31 |
| SQS messages sent to all queues, per cluster | 33 |
| DynamoDB items written to the main table, per cluster | 62.2 |
| DynamoDB items written to the idempotency table, per cluster | 67.3 |
| TransactWriteItems calls, per cluster | 24.6 |
| DynamoDB round trips (all operations), per cluster | 266.2 |`;
    expect(parseClustersTable(md)).toEqual({
      allReadySeconds: 342.1,
      p50Seconds: 315.1,
      p99Seconds: 338.2,
      lifecycleMessages: 31,
      sqsMessages: 33,
      dynamoRoundTrips: 266.2,
      transactions: 24.6,
    });
  });

  it("reads the table bench/RESULTS.md holds, formatted as biome leaves it", () => {
    const text = readFileSync(resolve(import.meta.dirname, "../../bench/RESULTS.md"), "utf8");
    const section = text.slice(text.indexOf("<!-- clusters:start -->"), text.indexOf("<!-- clusters:end -->"));
    expect(parseClustersTable(section).dynamoRoundTrips).toBeGreaterThan(0);
  });

  it("says which row is missing", () => {
    expect(() => parseClustersTable("| time until all 5 are Ready | 1 s |")).toThrow(/per cluster, create → Ready/);
  });
});
