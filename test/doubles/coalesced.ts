/**
 * A pass that many callers ask for at once, run once for all of them: a
 * call while a pass runs is answered by the next pass (which starts after
 * it, so it sees what the caller changed), shared with every other call
 * made meanwhile — as a controller's work queue folds the events of one key
 * into one reconcile.
 */
export class Coalesced {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly pass: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return this.start();
    const after = this.running.then(() => {
      this.next = undefined;
      return this.start();
    });
    this.next = after;
    return after;
  }

  private start(): Promise<void> {
    const p = this.pass().finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }
}
