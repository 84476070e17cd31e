import { CONSOLE_SECURITY_HEADERS } from "../console/security-headers";
import { api } from "./api";

/**
 * The console on AWS: its build (npm run build:console → console/dist) as a
 * static site (S3 + CloudFront) behind a Router that also sends /v1 to the
 * HTTP API. The console then calls the API at its own origin, as it does on
 * the dev server: no CORS, one address for people, and the API's own URL
 * keeps working for agents and automation. Unknown paths answer index.html
 * (the site's error page), so the app's own addresses can be opened directly.
 */
export const consoleRouter = new sst.aws.Router("Console");
consoleRouter.route("/v1", api.url);

const headers = Object.entries(CONSOLE_SECURITY_HEADERS)
  .map(([k, v]) => `event.response.headers[${JSON.stringify(k)}] = { value: ${JSON.stringify(v)} };`)
  .join("\n");

export const consoleSite = new sst.aws.StaticSite("ConsoleSite", {
  path: ".",
  build: { command: "npm run build:console", output: "console/dist" },
  errorPage: "index.html",
  router: { instance: consoleRouter },
  edge: { viewerResponse: { injection: headers } },
});
