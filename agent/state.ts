import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The agent's state directory: its key, certificate and identity. Secrets
 * are written 0600 (temp file + rename, so a crash leaves the old file or
 * the new one, never half of one).
 */
export interface Identity {
  /** where the agent registered (the PSK endpoint) */
  server: string;
  /** the mTLS endpoint named by the control plane */
  agentApiUrl: string;
  domain: string;
  project: string;
  machineId: string;
  hostname: string;
  requestId: string;
  hostId: string;
  certificateSerial: string;
}

export class State {
  constructor(readonly dir: string) {}

  get keyFile() {
    return join(this.dir, "key.pem");
  }
  get certFile() {
    return join(this.dir, "cert.pem");
  }
  get caFile() {
    return join(this.dir, "ca.pem");
  }
  get identityFile() {
    return join(this.dir, "identity.json");
  }
  /** the last installation of a bundle's packages, reported with every heartbeat */
  get packagesFile() {
    return join(this.dir, "packages.json");
  }

  get pidFile() {
    return join(this.dir, "agent.pid");
  }

  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  has(file: string): boolean {
    return existsSync(file);
  }

  read(file: string): string {
    return readFileSync(file, "utf8");
  }

  /** Writes atomically with the given mode (0600 unless said otherwise). */
  write(file: string, content: string, mode = 0o600): void {
    this.ensureDir();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, file);
  }

  identity(): Identity | undefined {
    if (!this.has(this.identityFile) || !this.has(this.certFile) || !this.has(this.keyFile)) return undefined;
    return JSON.parse(this.read(this.identityFile)) as Identity;
  }
}
