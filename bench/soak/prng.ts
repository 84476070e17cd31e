/**
 * A seeded PRNG (mulberry32): every random choice and fault moment of a soak
 * run comes from one of these, so a seed names a run's script of actions.
 * Timing on a loaded machine still varies, so a seed fixes what is done and
 * when it is tried, not what the system answers.
 */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** a float in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from nothing");
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** a new generator whose sequence depends only on this one's seed and `label` (so adding draws to one stream does not shift another) */
  fork(label: string): Prng {
    let h = this.state ^ 0x9e3779b9;
    for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return new Prng(h);
  }
  hex(bytes: number): string {
    let s = "";
    for (let i = 0; i < bytes; i++) s += this.int(0, 255).toString(16).padStart(2, "0");
    return s;
  }
}
