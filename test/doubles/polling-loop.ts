/**
 * A double's reconcile loop: one pass, then the next `intervalMs` after it ends (passes never overlap); stop()
 * waits for the pass under way. `wake()` (a change seen by a watch, test/doubles/watch-cache.ts) brings the next
 * pass forward to `settleMs` after the current one, as a controller's work queue would; with `wakeOn`, every
 * change the watch reports wakes it while it runs.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private pass: Promise<void> | undefined;
  private busy = false;
  private woken = false;
  private unsubscribe: (() => void) | undefined;
  running = false;

  constructor(
    private readonly reconcile: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly o: { wakeOn?: { onChange(f: () => void): () => void }; settleMs?: number } = {},
  ) {}

  private get settleMs(): number {
    return this.o.settleMs ?? 20;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.o.wakeOn?.onChange(() => this.wake());
    void this.tick();
  }

  /** Something changed: the next pass comes `settleMs` after this one ends (or from now, if none is under way). */
  wake(): void {
    if (!this.running) return;
    if (this.busy) {
      this.woken = true;
      return;
    }
    if (this.timer && this.dueAt > Date.now() + this.settleMs) this.schedule(this.settleMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    this.busy = true;
    this.woken = false;
    this.pass = this.reconcile();
    await this.pass;
    this.busy = false;
    if (this.running) this.schedule(this.woken ? this.settleMs : this.intervalMs);
  }
}
