// The local cloud's request log (one JSON line a call, in `stateDir/requests.jsonl`), read by tests that check
// which calls a session or a build made.
import { readFileSync } from 'node:fs';
import type { LocalCloud, RequestLogEntry } from '@tspacker/ec2-local';

/** One answered call, as ec2-local logs it. */
export type LoggedCall = Pick<RequestLogEntry, 'service' | 'region' | 'action' | 'status' | 'errorCode' | 'injected'>;

/** The calls logged so far (`since`: how many to skip, e.g. a previous build's). */
export async function loggedCalls(cloud: LocalCloud, since = 0): Promise<LoggedCall[]> {
  await cloud.operations.flushLog();
  // Complete lines only: calls still being answered may be half written.
  const lines = readFileSync(cloud.requestLogPath!, 'utf8').split('\n');
  lines.pop();
  return lines.slice(since).map((line) => JSON.parse(line) as LoggedCall);
}

/** The calls of one region, as `Action` names (failed ones as `Action!Code`). */
export function actionsIn(calls: readonly LoggedCall[], region: string): string[] {
  return calls.filter((c) => c.region === region).map((c) => (c.status === 200 ? c.action : `${c.action}!${c.errorCode ?? c.status}`));
}
