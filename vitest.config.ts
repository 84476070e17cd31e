import { defineConfig } from "vitest/config";
import { LongestFirst } from "./test/support/longest-first.js";

/**
 * Test tiers: unit (no I/O), api (the HTTP API in process, on DynamoDB
 * Local), integration (HTTP against the control plane on the local AWS
 * stack), kube (a real kube-apiserver), e2e (whole flows), browser (the
 * console in Chromium against the dev server and its sandbox).
 */
export default defineConfig({
  test: {
    // the slowest files of a tier first, so its workers end together (test/support/longest-first.ts)
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
          // tiers run one after the other, cheapest first
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "api",
          include: ["test/api/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/api.setup.ts"],
          // each request is milliseconds on an idle machine; the bound is for a shared, loaded one
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/control-plane.setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: "kube",
          include: ["test/kube/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/kube.setup.ts"],
          // generous: the machine's DynamoDB Local is shared with other test runs
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          sequence: { groupOrder: 3 },
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/local-stack.setup.ts"],
          // cluster flows run many saga steps on a loaded machine
          testTimeout: 2_400_000,
          hookTimeout: 300_000,
          // each file has its own control plane and management cluster; most of a flow's time is spent waiting on
          // controllers' requeues, so two files side by side take little more than one
          maxWorkers: 2,
          sequence: { groupOrder: 4 },
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/browser/setup.ts"],
          // one browser session walks through whole flows, clusters included, on a possibly loaded machine
          testTimeout: 1_200_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
