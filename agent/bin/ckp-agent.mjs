#!/usr/bin/env node
// `npx ckp-agent …` in the repository: runs the TypeScript source through tsx.
// The single-file build (npm run build:agent → dist/agent/ckp-agent.mjs) needs nothing but Node.
import { register } from "tsx/esm/api";

register();
await import("../cli.ts");
