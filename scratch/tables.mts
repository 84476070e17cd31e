import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
const c = new DynamoDBClient({ endpoint: "http://127.0.0.1:8000", region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
let start: string | undefined; const names: string[] = [];
do { const o = await c.send(new ListTablesCommand({ ExclusiveStartTableName: start })); names.push(...(o.TableNames ?? [])); start = o.LastEvaluatedTableName; } while (start);
console.log(names.filter((n) => n.endsWith("MainTable")).join("\n"));
