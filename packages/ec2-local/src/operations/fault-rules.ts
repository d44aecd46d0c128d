// "Fail the Nth call of an action": each rule counts the calls that match it from the moment it is added, fails
// calls nth .. nth+count-1 (or every call from the nth on) with the given code, and is dropped once spent.
import { AwsError } from '../contracts.js';
import { bool, integer, text } from './admin-input.js';

export interface FaultSpec {
  /** The action (`RunInstances`, `GetParameter`), or `*` for every action. */
  readonly action: string;
  readonly code: string;
  /** HTTP status; by default what AWS uses for the code (500/503 for server errors, 412 DryRunOperation, else 400). */
  readonly status?: number;
  /** The first call to fail, counting from 1 (default 1: the next call). */
  readonly nth?: number;
  /** How many consecutive calls fail (default 1). */
  readonly count?: number;
  /** Every call from the nth on fails, until the faults are cleared. */
  readonly always?: boolean;
  /** Only calls to this service (`ec2`, `sts`, `ssm`, ...). */
  readonly service?: string;
  /** Only calls in this region. */
  readonly region?: string;
  readonly message?: string;
}

export interface FaultRule extends Required<Omit<FaultSpec, 'service' | 'region' | 'message'>> {
  readonly id: number;
  readonly service?: string;
  readonly region?: string;
  readonly message?: string;
  /** Matching calls seen so far. */
  seen: number;
}

interface CallKey {
  readonly service: string;
  readonly region: string;
  readonly action: string;
}

export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = {
      id: this.nextId++,
      action: text(spec.action, 'action'),
      code: text(spec.code, 'code'),
      status: spec.status === undefined ? defaultStatus(spec.code) : integer(spec.status, 'status', 400, 599),
      nth: spec.nth === undefined ? 1 : integer(spec.nth, 'nth', 1),
      count: spec.count === undefined ? 1 : integer(spec.count, 'count', 1),
      always: spec.always === undefined ? false : bool(spec.always, 'always'),
      service: spec.service === undefined ? undefined : text(spec.service, 'service'),
      region: spec.region === undefined ? undefined : text(spec.region, 'region'),
      message: spec.message === undefined ? undefined : text(spec.message, 'message'),
      seen: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  /** Counts the call against every matching rule; the error of the first rule whose turn it is, if any. */
  next(call: CallKey): AwsError | undefined {
    if (this.rules.length === 0) return undefined;
    let fault: AwsError | undefined;
    for (const rule of this.rules) {
      if (!matches(rule, call)) continue;
      const n = ++rule.seen;
      const failing = n >= rule.nth && (rule.always || n < rule.nth + rule.count);
      if (failing && !fault) {
        fault = new AwsError(rule.code, rule.message ?? `Injected fault: call ${n} of ${call.action} fails with ${rule.code}.`, rule.status);
      }
    }
    this.rules = this.rules.filter((rule) => rule.always || rule.seen < rule.nth + rule.count - 1);
    return fault;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }
}

function matches(rule: FaultRule, call: CallKey): boolean {
  return (
    (rule.action === '*' || rule.action === call.action) &&
    (rule.service === undefined || rule.service === call.service) &&
    (rule.region === undefined || rule.region === call.region)
  );
}

/** The HTTP status AWS answers a code with. */
export function defaultStatus(code: string): number {
  if (code === 'DryRunOperation') return 412;
  if (code === 'RequestLimitExceeded' || code === 'Unavailable' || code === 'ServiceUnavailable') return 503;
  if (code === 'InternalError' || code === 'InternalFailure' || code === 'InternalServerError') return 500;
  return 400;
}
