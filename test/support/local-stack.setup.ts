import type { TestProject } from "vitest/node";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";

/** The local AWS stack only: e2e tests start their own control planes with the settings they need. */
export default async function setup(project: TestProject) {
  const stack = await ensureLocalStack();
  project.provide("awsEndpoints", stack.endpoints);
  return async () => {
    await stack.stop();
  };
}
