/**
 * A double's reconcile loop: one pass, then the next `intervalMs` after it ends (passes never overlap); stop()
 * waits for the pass under way.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  running = false;

  constructor(
    private readonly reconcile: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.pass = this.reconcile();
      await this.pass;
      if (this.running) this.timer = setTimeout(tick, this.intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }
}
