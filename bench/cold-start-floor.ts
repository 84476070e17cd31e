import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { handle } from "hono/aws-lambda";

/**
 * The API Lambda's libraries and nothing of ours: one route, a DynamoDB
 * document client and a logger. The foundation benchmark bundles and
 * imports it beside the real API bundle, so the cold import figure can be
 * read against what these libraries alone cost on the same machine.
 */
const app = new OpenAPIHono();
app.get("/healthz", (c) => c.json({ status: z.literal("ok").parse("ok") }));
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const logger = new Logger();
export const handler = handle(app);
