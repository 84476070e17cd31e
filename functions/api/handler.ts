import { handle } from "hono/aws-lambda";
import { dynamoClient } from "../../core/aws/clients.js";
import { hashSecret } from "../../core/crypto/token-hash.js";
import { linkedOptional } from "../shared/linked.js";
import { idempotencyTableName, runtimeDeps } from "../shared/runtime.js";
import { createApp } from "./app.js";

let adminHash: string | undefined | null = null;

/** The API Lambda. The bootstrap admin token is an SST secret, kept only as a hash in memory. */
export const app = createApp({
  deps: runtimeDeps,
  adminTokenHash: () => {
    if (adminHash === null) {
      const token = linkedOptional<{ value: string }>("AdminToken")?.value;
      adminHash = token ? hashSecret(token) : undefined;
    }
    return adminHash;
  },
  idempotencyTable: idempotencyTableName,
  dynamoClient,
  ...(process.env.CKP_DOCS_ASSETS_URL ? { docsAssetsUrl: process.env.CKP_DOCS_ASSETS_URL } : {}),
});

export const handler = handle(app);
