import { currentRelease } from "../agents/release.js";
import type { Deps } from "../deps.js";
import type { ProjectRef } from "../store/keys.js";
import { readPsk } from "../tenancy/projects.js";
import type { AgentBootstrap } from "./driver.js";
import { InfrastructureError } from "./errors.js";

/** The path machines download an agent build from, without authentication (functions/api/routes/agent.ts). */
export const AGENT_DOWNLOAD_PATH = "/v1/agent/download";

/** Where a machine downloads the build with this digest: pinned, so a release published meanwhile does not break it. */
export function agentDownloadUrl(apiUrl: string, sha256: string): string {
  return `${apiUrl.replace(/\/+$/, "")}${AGENT_DOWNLOAD_PATH}?sha256=${sha256}`;
}

/**
 * What the cloud-init of a project's new machines carries: the API URL, the
 * project's PSK, and the agent build of the current release (its digest
 * pinned). `CKP_API_CA_CERTIFICATE` (PEM) names the CA of the API's HTTPS
 * certificate when it is a private one; machines then trust it for the
 * download and the registration.
 */
export async function agentBootstrap(
  deps: Deps,
  t: ProjectRef,
  o: { apiUrl: string; caCertificate?: string | undefined },
): Promise<AgentBootstrap> {
  const release = await currentRelease(deps);
  if (!release) {
    throw new InfrastructureError(
      "AgentReleaseUnavailable",
      "no agent release is published, so new machines would have no agent to install: build it (npm run build:agent), upload it to the artifacts bucket and name it with PUT /v1/agent/release",
    );
  }
  const { psk } = await readPsk(deps, t);
  const ca = o.caCertificate ?? process.env.CKP_API_CA_CERTIFICATE;
  return {
    apiUrl: o.apiUrl.replace(/\/+$/, ""),
    domain: t.domain,
    project: t.project,
    psk,
    build: { version: release.version, sha256: release.sha256, url: agentDownloadUrl(o.apiUrl, release.sha256) },
    ...(ca?.trim() ? { caCertificate: ca.trim() } : {}),
  };
}
