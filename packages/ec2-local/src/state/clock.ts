// Time for state transitions: cancellable sleeps, so that stopping or resetting the endpoint leaves no timers
// behind, and durations stretched by the operations layer's time scale.
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly timeScale: () => number) {}

  now(): number {
    return Date.now();
  }

  /** Resolves after `ms` × time scale; never resolves once the scheduler is closed. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return new Promise(() => {});
    const scaled = Math.max(0, ms * this.timeScale());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, scaled);
      this.timers.add(timer);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
