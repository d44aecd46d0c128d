// "Throttle a fraction of calls": each matching call draws from a seeded PRNG, so a given seed throttles the same
// positions of a call sequence every run (tests can rely on it).
import { finite, integer, text } from './admin-input.js';

export interface ThrottleSpec {
  /** 0 (none) .. 1 (every call). */
  readonly fraction: number;
  /** The PRNG seed (default 1). */
  readonly seed?: number;
  /** Only this service / action. */
  readonly service?: string;
  readonly action?: string;
  /** The code to answer with; by default the service's own throttling code (RequestLimitExceeded for EC2). */
  readonly code?: string;
}

export class Throttle {
  private spec: Required<Pick<ThrottleSpec, 'fraction' | 'seed'>> & ThrottleSpec = { fraction: 0, seed: 1 };
  private random = mulberry32(1);

  configure(spec: ThrottleSpec): ThrottleSpec {
    this.spec = {
      fraction: finite(spec.fraction, 'fraction', 0, 1),
      seed: spec.seed === undefined ? 1 : integer(spec.seed, 'seed', 0, 2 ** 32 - 1),
      service: spec.service === undefined ? undefined : text(spec.service, 'service'),
      action: spec.action === undefined ? undefined : text(spec.action, 'action'),
      code: spec.code === undefined ? undefined : text(spec.code, 'code'),
    };
    this.random = mulberry32(this.spec.seed);
    return this.spec;
  }

  /** Whether this call is throttled (draws only for calls the throttle applies to). */
  next(service: string, action: string): boolean {
    const { fraction } = this.spec;
    if (fraction <= 0) return false;
    if (this.spec.service !== undefined && this.spec.service !== service) return false;
    if (this.spec.action !== undefined && this.spec.action !== action) return false;
    return this.random() < fraction;
  }

  get code(): string | undefined {
    return this.spec.code;
  }

  describe(): ThrottleSpec {
    return this.spec;
  }

  clear(): void {
    this.configure({ fraction: 0 });
  }
}

/** A small, fast, seedable PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
