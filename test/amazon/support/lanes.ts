// Several local clouds ("lanes") for suites that run many CLI builds: each build takes one lane for itself (the
// cloud's faults, throttling and latency are global to it), runs on a fresh account (reset), and gives it back.
// Builds on different lanes run at once; instance addresses differ per lane.
import { startTestCloud, type TestCloud, type TestCloudOptions } from './local-cloud.js';

export class Lanes {
  private readonly free: TestCloud[] = [];
  private readonly waiting: ((lane: TestCloud) => void)[] = [];

  private constructor(readonly all: readonly TestCloud[]) {
    this.free.push(...all);
  }

  /** `count` clouds, addresses 127.<firstOctet + i>.x.y (keep them under 64: random prefixes start there). */
  static async start(name: string, count: number, firstOctet: number, options: Omit<TestCloudOptions, 'addressPrefix'> = {}): Promise<Lanes> {
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => startTestCloud(`${name}-${i}`, { ...options, addressPrefix: `127.${firstOctet + i}` })),
    );
    const clouds = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s) => s.status === 'rejected');
    if (failure) {
      await Promise.all(clouds.map((c) => c.stop()));
      throw (failure as PromiseRejectedResult).reason;
    }
    return new Lanes(clouds);
  }

  /** Runs `work` on a lane of its own, reset before; the lane is free again afterwards whatever happens. */
  async with<T>(work: (lane: TestCloud) => Promise<T>): Promise<T> {
    const lane = this.free.pop() ?? (await new Promise<TestCloud>((resolve) => this.waiting.push(resolve)));
    try {
      await lane.reset();
      await lane.log.mark();
      return await work(lane);
    } finally {
      const next = this.waiting.shift();
      if (next) next(lane);
      else this.free.push(lane);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((lane) => lane.stop()));
  }
}
