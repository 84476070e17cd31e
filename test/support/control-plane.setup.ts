import type { TestProject } from "vitest/node";
import { deleteResources } from "../../scripts/dev/bootstrap.js";
import { ensureLocalStack } from "../../scripts/local-stack/stack.js";
import { startDevServer } from "./dev-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    controlPlane: { url: string; mtlsUrl: string; grpcUrl: string; adminToken: string; stage: string; env: Record<string, string> };
    awsEndpoints: { aws: string; dynamodb: string };
  }
}

/**
 * One local AWS stack and one control plane (`npm run dev`'s program) for
 * the integration tier. Tests isolate themselves by creating their own
 * domains; tests that crash a server start their own.
 */
export default async function setup(project: TestProject) {
  const stack = await ensureLocalStack();
  process.env.AWS_ENDPOINT_URL = stack.endpoints.aws;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
  // Responses say how many AWS round trips they took: tests hold the request paths to their budget.
  const server = await startDevServer({ env: { CKP_COUNT_ROUND_TRIPS: "1" } });
  project.provide("controlPlane", {
    url: server.url,
    mtlsUrl: server.mtlsUrl,
    grpcUrl: server.grpcUrl,
    adminToken: server.adminToken,
    stage: server.stage,
    env: server.env,
  });
  project.provide("awsEndpoints", stack.endpoints);
  return async () => {
    await server.stop();
    await deleteResources(server.stage).catch((e: unknown) => console.warn(`could not delete stage ${server.stage}: ${String(e)}`));
    await stack.stop();
  };
}
