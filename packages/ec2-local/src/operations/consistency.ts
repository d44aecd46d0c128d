// Eventual consistency: a resource created while `hideMs` > 0 stays invisible to reads for that long, as a new EC2
// instance or security group can be "not found" for a moment on AWS (which waiters and retries must absorb).
import { integer } from './admin-input.js';

export class EventualConsistency {
  private hideMs = 0;
  /** resource id → when it becomes visible (ms since the epoch). Only resources created while hiding. */
  private readonly visibleAt = new Map<string, number>();

  configure(hideMs: unknown): number {
    this.hideMs = integer(hideMs, 'hideMs', 0, 3_600_000);
    return this.hideMs;
  }

  get delay(): number {
    return this.hideMs;
  }

  created(resourceId: string, now: number): void {
    if (this.hideMs <= 0) return;
    // Entries of resources nobody reads again are dropped once visible, so the map stays small under load.
    if (this.visibleAt.size >= 10_000) {
      for (const [id, at] of this.visibleAt) if (at <= now) this.visibleAt.delete(id);
    }
    this.visibleAt.set(resourceId, now + this.hideMs);
  }

  hidden(resourceId: string, now: number): boolean {
    const at = this.visibleAt.get(resourceId);
    if (at === undefined) return false;
    if (now < at) return true;
    this.visibleAt.delete(resourceId);
    return false;
  }

  /** Stops hiding; resources hidden so far become visible at once. */
  clear(): void {
    this.hideMs = 0;
    this.visibleAt.clear();
  }
}
