import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { Agent, request } from "node:https";
import { join } from "node:path";
import type { ClusterAgentConfig } from "./config.js";

/**
 * The agent's own cluster: its API server, with the pod's service account
 * (the token is read again every minute: Kubernetes rotates projected
 * tokens). Every request the control plane sends through the tunnel is
 * made with this identity and nothing else, so the service account's RBAC
 * bounds what the control plane can do here.
 */
export class InClusterKube {
  private readonly agent: Agent;
  private token: { value: string; readAt: number } | undefined;

  constructor(private readonly cfg: ClusterAgentConfig) {
    this.agent = new Agent({ keepAlive: true, ca: readFileSync(join(cfg.serviceAccountDir, "ca.crt"), "utf8"), maxSockets: 64 });
  }

  private bearer(): string {
    if (!this.token || Date.now() - this.token.readAt > 60_000) {
      this.token = { value: readFileSync(join(this.cfg.serviceAccountDir, "token"), "utf8").trim(), readAt: Date.now() };
    }
    return this.token.value;
  }

  /** One request to the API server; resolves with the response as soon as its head arrives. */
  request(o: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer;
    signal?: AbortSignal;
  }): Promise<IncomingMessage> {
    const url = new URL(o.path, this.cfg.kubeServer);
    return new Promise((ok, fail) => {
      const req = request(
        url,
        {
          method: o.method,
          agent: this.agent,
          headers: {
            ...o.headers,
            authorization: `Bearer ${this.bearer()}`,
            ...(o.body ? { "content-length": String(o.body.length) } : {}),
          },
          ...(o.signal ? { signal: o.signal } : {}),
        },
        ok,
      );
      req.on("error", fail);
      req.end(o.body);
    });
  }

  /** A small JSON exchange (the agent's own Secret). */
  async json<T>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: T }> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const res = await this.request({
      method,
      path,
      headers: { accept: "application/json", ...(data ? { "content-type": contentType } : {}) },
      ...(data ? { body: data } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.statusCode ?? 0, body: parsed as T };
  }

  close(): void {
    this.agent.destroy();
  }
}
