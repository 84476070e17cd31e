import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { apiDocument } from "../functions/api/app.js";

/**
 * The API's OpenAPI 3.1 document — the one GET /v1/openapi.json serves — for
 * clients that generate code from it:
 *
 *   tsx scripts/openapi-dump.ts [FILE|-]       the document (default dist/openapi.json; - for stdout)
 *   tsx scripts/openapi-dump.ts --cli-types    ckpctl's types, cli/api/schema.d.ts (npm run gen:api)
 */
const root = resolve(import.meta.dirname, "..");
export const CLI_TYPES = resolve(root, "cli/api/schema.d.ts");

export async function dumpOpenApi(): Promise<string> {
  return `${JSON.stringify(await apiDocument(), null, 2)}\n`;
}

/** What openapi-typescript makes of the document, formatted like the rest of the tree. */
export async function cliTypes(): Promise<string> {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const generated = astToString(await openapiTS(JSON.parse(await dumpOpenApi())));
  const biome = resolve(root, "node_modules/.bin/biome");
  const formatted = spawnSync(biome, ["format", "--stdin-file-path=cli/api/schema.d.ts"], {
    cwd: root,
    input: generated,
    encoding: "utf8",
  });
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  return formatted.stdout;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === "--cli-types") {
    writeFileSync(CLI_TYPES, await cliTypes());
    console.error(`ckpctl's API types: ${CLI_TYPES}`);
  } else {
    const out = process.argv[2] ?? resolve(root, "dist/openapi.json");
    const text = await dumpOpenApi();
    if (out === "-") process.stdout.write(text);
    else {
      mkdirSync(dirname(resolve(out)), { recursive: true });
      writeFileSync(out, text);
      console.error(`OpenAPI document: ${out} (${(text.length / 1024).toFixed(0)} KiB)`);
    }
  }
}
