import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy in front of the management cluster's kube-apiserver
 * (TLS passes through untouched): `delayMs` holds every chunk in both
 * directions that long (a management cluster that answers slowly), `down`
 * resets every open connection and refuses new ones (an apiserver that is
 * gone). The control plane is given this proxy's address as the management
 * cluster's server.
 */
export class FaultProxy {
  delayMs = 0;
  private isDown = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((ok) => this.server?.listen(0, "127.0.0.1", ok));
    const addr = this.server.address();
    this.port = typeof addr === "object" && addr ? addr.port : 0;
    return this.port;
  }

  get down(): boolean {
    return this.isDown;
  }

  set down(v: boolean) {
    this.isDown = v;
    if (v) for (const s of this.sockets) s.resetAndDestroy();
  }

  private accept(client: Socket): void {
    if (this.isDown) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const pipe = (from: Socket, to: Socket) => {
      from.on("data", (chunk) => {
        const d = this.delayMs;
        if (d <= 0) to.write(chunk);
        else {
          from.pause();
          setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
            from.resume();
          }, d);
        }
      });
      from.on("end", () => to.end());
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
    };
    pipe(client, upstream);
    pipe(upstream, client);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
