// The operations layer of the endpoint (contracts.ts `Operations`): injected faults, throttling, latency,
// eventual consistency and the state-transition time scale, all set through the admin endpoint, plus the JSONL
// request log. One instance per endpoint; the front calls `intercept` before and `record` after each call.
import { AwsError, type AwsRequest, type AwsResponse, type Operations } from '../contracts.js';
import { finite, integer, text } from './admin-input.js';
import { EventualConsistency } from './consistency.js';
import { renderError, throttlingError, errorCodeOf } from './error-response.js';
import { defaultStatus, FaultRules, type FaultRule, type FaultSpec } from './fault-rules.js';
import { RequestLog } from './request-log.js';
import { Throttle, type ThrottleSpec } from './throttle.js';

export interface LocalOperationsOptions {
  /** Where the JSONL request log goes; no log when absent. */
  readonly requestLogPath?: string;
  readonly now?: () => number;
}

export interface LatencySpec {
  /** Added to every matching call before it is answered. */
  readonly ms: number;
  readonly service?: string;
  readonly action?: string;
}

/** A call as it arrives: its metadata only (parameters can hold secrets). */
export interface ArrivingCall {
  readonly service: string;
  readonly region: string;
  readonly action: string;
  readonly requestId: string;
}

/** Everything currently injected (GET /_admin/faults). */
export interface InjectedFaults {
  readonly faults: readonly FaultRule[];
  readonly throttle: ThrottleSpec;
  readonly latency: LatencySpec;
  readonly hideMs: number;
  readonly timeScale: number;
}

export class LocalOperations implements Operations {
  readonly faults = new FaultRules();
  readonly throttle = new Throttle();
  readonly consistency = new EventualConsistency();
  private latency: LatencySpec = { ms: 0 };
  private scale = 1;
  private readonly log: RequestLog | undefined;
  private readonly now: () => number;
  private readonly observers = new Set<(call: ArrivingCall) => void>();
  /** Responses this layer produced, so the log can mark them. */
  private readonly injected = new WeakMap<AwsResponse, 'fault' | 'throttle'>();

  constructor(options: LocalOperationsOptions = {}) {
    this.log = options.requestLogPath === undefined ? undefined : new RequestLog(options.requestLogPath);
    this.now = options.now ?? Date.now;
  }

  async intercept(request: AwsRequest): Promise<AwsResponse | undefined> {
    if (this.observers.size > 0) {
      const call: ArrivingCall = { service: request.service, region: request.region, action: request.action, requestId: request.requestId };
      for (const observer of this.observers) observer(call);
    }
    const { ms, service, action } = this.latency;
    if (ms > 0 && (service === undefined || service === request.service) && (action === undefined || action === request.action)) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    const fault = this.faults.next(request);
    if (fault) return this.answer(request, fault, 'fault');
    if (this.throttle.next(request.service, request.action)) {
      const own = throttlingError(request.service);
      const code = this.throttle.code ?? own.code;
      return this.answer(request, new AwsError(code, own.message, this.throttle.code ? defaultStatus(code) : own.status), 'throttle');
    }
    return undefined;
  }

  record(request: AwsRequest, response: AwsResponse, durationMs: number): void {
    if (!this.log) return;
    const injected = this.injected.get(response);
    this.log.append({
      time: new Date(this.now() - durationMs).toISOString(),
      service: request.service,
      region: request.region,
      action: request.action,
      status: response.status,
      errorCode: errorCodeOf(response) ?? null,
      durationMs: Math.round(durationMs * 10) / 10,
      requestId: request.requestId,
      ...(injected ? { injected } : {}),
    });
  }

  /**
   * Calls as they arrive, before faults, throttling and latency are applied (the request log has them only once
   * answered): an embedding test can act while a call is in flight, e.g. interrupt a client in that step.
   * Returns the function that stops the observation.
   */
  observe(observer: (call: ArrivingCall) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** The EC2 state (and the admin-fed stores) must call this when they create a resource. */
  created(resourceId: string, now: number): void {
    this.consistency.created(resourceId, now);
  }

  hidden(resourceId: string, now: number): boolean {
    return this.consistency.hidden(resourceId, now);
  }

  timeScale(): number {
    return this.scale;
  }

  addFault(spec: FaultSpec): FaultRule {
    return this.faults.add(spec);
  }

  setThrottle(spec: ThrottleSpec): ThrottleSpec {
    return this.throttle.configure(spec);
  }

  setHideMs(hideMs: unknown): number {
    return this.consistency.configure(hideMs);
  }

  setTimeScale(scale: unknown): number {
    this.scale = finite(scale, 'scale', 0.001, 1000);
    return this.scale;
  }

  setLatency(spec: LatencySpec): LatencySpec {
    this.latency = {
      ms: integer(spec.ms, 'ms', 0, 60_000),
      service: spec.service === undefined ? undefined : text(spec.service, 'service'),
      action: spec.action === undefined ? undefined : text(spec.action, 'action'),
    };
    return this.latency;
  }

  describe(): InjectedFaults {
    return {
      faults: this.faults.list(),
      throttle: this.throttle.describe(),
      latency: this.latency,
      hideMs: this.consistency.delay,
      timeScale: this.scale,
    };
  }

  /** Back to a faithful endpoint: no faults, throttle, latency or hiding, time scale 1. */
  clearFaults(): void {
    this.faults.clear();
    this.throttle.clear();
    this.consistency.clear();
    this.latency = { ms: 0 };
    this.scale = 1;
  }

  /** Resolves when the request log has every line recorded so far. */
  async flushLog(): Promise<void> {
    await this.log?.flush();
  }

  async close(): Promise<void> {
    await this.log?.close();
  }

  private answer(request: AwsRequest, error: AwsError, kind: 'fault' | 'throttle'): AwsResponse {
    const response = renderError(request, error);
    this.injected.set(response, kind);
    return response;
  }
}
