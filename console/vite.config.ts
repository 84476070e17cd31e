import { resolve } from "node:path";
import { defineConfig } from "vite";

/**
 * The console: a static app over the public /v1 API (docs/console.md).
 * `npm run build:console` writes console/dist, which the dev server serves
 * at `/` and infra/console.ts deploys; `npm run console:dev` serves the
 * sources with the API proxied to a running `npm run dev` (CKP_API_URL).
 */
export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  // a build is always React's production build, also when started from a process with NODE_ENV=test (vitest)
  ...(command === "build" ? { define: { "process.env.NODE_ENV": JSON.stringify("production") } } : {}),
  base: "/",
  build: {
    outDir: resolve(import.meta.dirname, "dist"),
    emptyOutDir: true,
    target: "es2022",
    // the first-load budget is 250 KB gzipped (docs/console.md); Vite warns well before
    chunkSizeWarningLimit: 400,
    reportCompressedSize: true,
    rolldownOptions: {
      // TanStack Query marks its hooks "use client" for React Server Components; a static app has none
      onwarn(w, warn) {
        if (w.code !== "MODULE_LEVEL_DIRECTIVE") warn(w);
      },
    },
  },
  oxc: { jsx: { runtime: "automatic", importSource: "react", development: command === "serve" } },
  server: {
    proxy: { "/v1": { target: process.env.CKP_API_URL ?? "http://127.0.0.1:3000", changeOrigin: false } },
  },
}));
