/**
 * The judgment slots: `concurrency` at once, then a queue of at most `queueLimit` waiting, in
 * arrival order. A waiter whose client leaves gives its place back at once.
 */
export class JudgmentSlots {
  inFlight = 0;
  readonly waiting: Array<{ resume: () => void }> = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {}

  /** A slot: at once, after a wait in the queue (`false` when the client left), or `"full"`. */
  acquire(signal: AbortSignal): Promise<boolean> | "full" {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.queueLimit) return "full";
    return new Promise((resolve) => {
      const entry = {
        resume: () => {
          signal.removeEventListener("abort", leave);
          resolve(true);
        },
      };
      const leave = () => {
        const index = this.waiting.indexOf(entry);
        if (index !== -1) this.waiting.splice(index, 1);
        resolve(false);
      };
      signal.addEventListener("abort", leave, { once: true });
      this.waiting.push(entry);
    });
  }

  /** Give a slot back: the next waiter takes it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next.resume();
    else this.inFlight--;
  }

  /** Let every waiter in (at shutdown: each then answers through the failure policy). */
  releaseWaiting(): void {
    for (const entry of this.waiting.splice(0)) entry.resume();
  }
}
