import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { apiDocument } from "../functions/api/app.js";

/**
 * Writes the API's OpenAPI 3.1 document — the one GET /v1/openapi.json serves —
 * to a file (default dist/openapi.json), or to stdout with `-`. Clients
 * generate their types from it (npm run gen:api for ckpctl).
 */
export async function dumpOpenApi(): Promise<string> {
  return `${JSON.stringify(await apiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? resolve(import.meta.dirname, "../dist/openapi.json");
  const text = await dumpOpenApi();
  if (out === "-") process.stdout.write(text);
  else {
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(out, text);
    console.error(`OpenAPI document: ${out} (${(text.length / 1024).toFixed(0)} KiB)`);
  }
}
