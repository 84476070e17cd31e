import { createApp } from "../functions/api/app.js";
const app = createApp({ deps: () => ({}) as any, adminTokenHash: () => undefined, idempotencyTable: () => "x", dynamoClient: () => ({}) as any });
const res = await app.request("/v1/openapi.json");
const doc = await res.json() as any;
console.log(res.status, Object.keys(doc.paths).filter((p) => /cluster|kubernetes|byoh/.test(p)));
console.log(Object.keys(doc.components.schemas).filter((s) => /Cluster|Kube|Byoh/.test(s)));
