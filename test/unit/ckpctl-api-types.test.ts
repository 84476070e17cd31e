import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffJson } from "../../core/clusters/plan.js";
import { CLI_TYPES, cliTypes, dumpOpenApi } from "../../scripts/openapi-dump.js";

/**
 * ckpctl is typed against the API's OpenAPI document: cli/api/schema.d.ts is
 * what openapi-typescript makes of the document the API serves now (npm run
 * gen:api writes it). A route changed without regenerating fails here.
 */
describe("ckpctl's API types", () => {
  it("are generated from the current OpenAPI document", { timeout: 120_000 }, async () => {
    const doc = JSON.parse(await dumpOpenApi());
    expect(doc.paths["/v1/domains/{domain}/projects/{project}/clusters/{id}/scale"].post.parameters).toContainEqual(
      expect.objectContaining({ name: "dryRun", in: "query" }),
    );
    expect((await cliTypes()) === readFileSync(CLI_TYPES, "utf8"), "cli/api/schema.d.ts is stale: run npm run gen:api").toBe(true);
  });
});

describe("plan diffs", () => {
  it("name each changed field by its path, arrays whole", () => {
    expect(
      diffJson(
        { spec: { replicas: 2, template: { spec: { version: "v1.31.2" } }, keep: 1 }, metadata: { labels: { a: "1" } } },
        { spec: { replicas: 3, template: { spec: { version: "v1.32.11" } }, keep: 1 }, metadata: { labels: { a: "1", b: "2" } } },
      ),
    ).toEqual([
      { path: "metadata.labels.b", to: "2" },
      { path: "spec.replicas", from: 2, to: 3 },
      { path: "spec.template.spec.version", from: "v1.31.2", to: "v1.32.11" },
    ]);
    expect(diffJson({ a: [1, 2] }, { a: [2, 1] })).toEqual([{ path: "a", from: [1, 2], to: [2, 1] }]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
