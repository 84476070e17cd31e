import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: "http://127.0.0.1:8000", region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }));
const counts: Record<string, number> = {};
let start: any;
do { const out = await db.send(new ScanCommand({ TableName: `ckp-${process.argv[2]}-MainTable`, ExclusiveStartKey: start }));
for (const c of out.Items ?? []) { const k = `${c.kind}:${c.status ?? c.phase ?? ""}`; counts[k] = (counts[k] ?? 0) + 1; } start = out.LastEvaluatedKey; } while (start);
console.log(counts);
