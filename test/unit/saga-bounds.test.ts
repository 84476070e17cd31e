import { describe, expect, it } from "vitest";
import { ABANDONED_STEP_GRACE_SECONDS } from "../../core/clusters/steps.js";
import { queues } from "../../infra/resources.js";

describe("saga bounds", () => {
  it("waits for abandoned steps longer than a lifecycle worker can run", () => {
    // infra/queues.ts gives the worker a timeout of visibilityTimeout − 10 s
    expect(ABANDONED_STEP_GRACE_SECONDS).toBeGreaterThan(queues.lifecycle.visibilityTimeout);
  });
});
