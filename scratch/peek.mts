import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
process.env.AWS_REGION="us-east-1"; process.env.AWS_ACCESS_KEY_ID="test"; process.env.AWS_SECRET_ACCESS_KEY="test";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: "http://127.0.0.1:8000" }));
const out = await db.send(new ScanCommand({ TableName: `ckp-${process.argv[2]}-MainTable`, FilterExpression: "kind = :k", ExpressionAttributeValues: { ":k": "cluster" } }));
for (const c of out.Items ?? []) console.log(c.name, c.phase, c.step, JSON.stringify(c.steps.map((s: any) => `${s.name}:${s.state}${s.retries ? "r" + s.retries : ""}`)), JSON.stringify(c.conditions.filter((x: any) => x.status !== "True").map((x: any) => `${x.type}:${x.reason}:${x.message}`)));
