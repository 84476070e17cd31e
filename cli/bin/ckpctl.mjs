#!/usr/bin/env node
// `npx ckpctl …` in the repository: runs the TypeScript source through tsx.
// The single-file build (npm run build:cli → dist/cli/ckpctl.mjs) needs nothing but Node.
import { register } from "tsx/esm/api";

register();
await import("../main.ts");
