import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: "http://127.0.0.1:8000", region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }));
const out = await db.send(new ScanCommand({ TableName: `ckp-${process.argv[2]}-MainTable`, FilterExpression: "kind = :k", ExpressionAttributeValues: { ":k": "cluster" } }));
for (const c of out.Items ?? []) console.log(JSON.stringify(c.steps, null, 1));
