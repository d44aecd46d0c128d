// Reading ec2-local's JSONL request log (one line per answered call: service, region, action, status, error code)
// from a mark: the calls of one CLI run on a cloud that served earlier runs.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { LocalCloud, RequestLogEntry } from '@tspacker/ec2-local';

/** One answered call, as ec2-local logs it. */
export type LoggedCall = Pick<RequestLogEntry, 'time' | 'service' | 'region' | 'action' | 'status' | 'errorCode' | 'injected'>;

export class RequestLogCursor {
  private offset = 0;

  constructor(private readonly cloud: LocalCloud) {}

  /** From now on, `since()` returns only calls recorded after this point. */
  async mark(): Promise<void> {
    await this.cloud.operations.flushLog();
    this.offset = this.size();
  }

  /** The calls recorded since the mark, in order. */
  async since(): Promise<LoggedCall[]> {
    await this.cloud.operations.flushLog();
    const end = this.size();
    if (end <= this.offset) return [];
    const buffer = Buffer.alloc(end - this.offset);
    const fd = openSync(this.cloud.requestLogPath!, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LoggedCall);
  }

  private size(): number {
    try {
      return statSync(this.cloud.requestLogPath!).size;
    } catch {
      return 0;
    }
  }
}

/** Actions that create something: none of them may appear when a configuration is refused. */
export function isCreateCall(call: LoggedCall): boolean {
  return /^(Create|Run|Copy|Import|Allocate|Request|Register|Authorize|Modify|Enable|Put|Start)/.test(call.action);
}

/** `region action` per call, in order. */
export function callNames(calls: readonly LoggedCall[]): string[] {
  return calls.map((c) => `${c.region} ${c.action}`);
}
