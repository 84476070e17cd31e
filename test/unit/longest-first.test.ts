import { describe, expect, it } from "vitest";
import type { TestSpecification, Vitest } from "vitest/node";
import { LongestFirst } from "../support/longest-first.js";

/** The order the test tiers run their files in (test/support/longest-first.ts), with vitest's own sort under it. */
describe("the test files' order", () => {
  const root = "/repo";
  const project = (name: string, groupOrder: number) => ({ name, config: { sequence: { groupOrder }, isolate: true } });
  const kube = project("kube", 3);
  const integration = project("integration", 2);
  const spec = (p: ReturnType<typeof project>, path: string) =>
    ({ project: p, moduleId: `${root}/${path}` }) as unknown as TestSpecification;
  const sequencer = (durations: Record<string, number> = {}) =>
    new LongestFirst({
      config: { root },
      cache: {
        getFileTestResults: (key: string) => (durations[key] !== undefined ? { duration: durations[key], failed: false } : undefined),
        getFileStats: () => ({ size: 1 }),
      },
    } as unknown as Vitest);
  const names = (files: TestSpecification[]) => files.map((f) => `${f.project.name}:${f.moduleId.slice(root.length + 1)}`);

  it("runs a fresh clone's slowest files first within each tier, the tiers in their order, unknown files after in vitest's", async () => {
    const files = [
      spec(kube, "test/kube/watch-cache.test.ts"),
      spec(kube, "test/kube/new-one.test.ts"),
      spec(kube, "test/kube/soak.test.ts"),
      spec(integration, "test/integration/events.test.ts"),
      spec(kube, "test/kube/cluster-lifecycle.test.ts"),
      spec(integration, "test/integration/openapi-fuzz.test.ts"),
    ];
    expect(names(await sequencer().sort(files))).toEqual([
      "integration:test/integration/openapi-fuzz.test.ts",
      "integration:test/integration/events.test.ts",
      "kube:test/kube/cluster-lifecycle.test.ts",
      "kube:test/kube/soak.test.ts",
      "kube:test/kube/watch-cache.test.ts",
      "kube:test/kube/new-one.test.ts",
    ]);
  });

  it("takes vitest's record of the last run over the table where there is one", async () => {
    const files = [spec(kube, "test/kube/soak.test.ts"), spec(kube, "test/kube/watch-cache.test.ts")];
    const s = sequencer({ "kube:test/kube/watch-cache.test.ts": 900_000, "kube:test/kube/soak.test.ts": 1_000 });
    expect(names(await s.sort(files))).toEqual(["kube:test/kube/watch-cache.test.ts", "kube:test/kube/soak.test.ts"]);
  });
});
