// aws_polling and its environment overrides → how waits pace themselves (reference §3.1, Packer's common/state.go):
// AWS_POLL_DELAY_SECONDS, AWS_MAX_ATTEMPTS and the deprecated AWS_TIMEOUT_SECONDS; the config beats the env.
import type { PollingConfig } from '../access/config.js';
import type { Polling } from '../access/session.js';

/** Packer's delay when only a limit (attempts or timeout) is given. */
const LIMIT_ONLY_DELAY_SECONDS = 2;

/** An integer environment override; Packer ignores (and logs) values that are not integers. */
function envInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '' || !/^-?\d+$/.test(raw.trim())) return undefined;
  return Number.parseInt(raw, 10);
}

/**
 * The Polling of a config: a delay set (config or env) is a fixed pace; attempts set give a total wait of attempts ×
 * delay (delay 2 s unless set); else AWS_TIMEOUT_SECONDS gives the total wait (delay 2 s unless set). Nothing set:
 * `{}`, each waiter's own pace and limit. Zero in the config means unset, as in Go.
 */
export function pollingFrom(config: PollingConfig | undefined, env: Record<string, string | undefined> = process.env): Polling {
  const delaySeconds = config?.delay_seconds || envInt(env, 'AWS_POLL_DELAY_SECONDS');
  const maxAttempts = config?.max_attempts || envInt(env, 'AWS_MAX_ATTEMPTS');
  const timeoutSeconds = envInt(env, 'AWS_TIMEOUT_SECONDS');
  if (maxAttempts !== undefined) {
    const delay = delaySeconds ?? LIMIT_ONLY_DELAY_SECONDS;
    return { delayMs: delay * 1000, maxWaitMs: maxAttempts * delay * 1000 };
  }
  if (timeoutSeconds !== undefined) {
    return { delayMs: (delaySeconds ?? LIMIT_ONLY_DELAY_SECONDS) * 1000, maxWaitMs: timeoutSeconds * 1000 };
  }
  return delaySeconds !== undefined ? { delayMs: delaySeconds * 1000 } : {};
}

/** Packer's warnings about conflicting or deprecated overrides (it logs them at prepare). */
export function pollingWarnings(config: PollingConfig | undefined, env: Record<string, string | undefined> = process.env): string[] {
  const attemptsSet = Boolean(config?.max_attempts) || envInt(env, 'AWS_MAX_ATTEMPTS') !== undefined;
  const timeoutSet = envInt(env, 'AWS_TIMEOUT_SECONDS') !== undefined;
  const delaySet = Boolean(config?.delay_seconds) || envInt(env, 'AWS_POLL_DELAY_SECONDS') !== undefined;
  if (attemptsSet && timeoutSet) {
    return [
      'AWS_MAX_ATTEMPTS and AWS_TIMEOUT_SECONDS are both set. Packer will use AWS_MAX_ATTEMPTS and discard AWS_TIMEOUT_SECONDS.' +
        (delaySet ? '' : '  Since you have not set the poll delay, Packer will default to a 2-second delay.'),
    ];
  }
  if (timeoutSet) {
    return [
      'env var AWS_TIMEOUT_SECONDS is deprecated in favor of AWS_MAX_ATTEMPTS env or aws_polling_max_attempts config option. ' +
        'If you have not explicitly set AWS_POLL_DELAY_SECONDS env or aws_polling_delay_seconds config option, ' +
        "we are defaulting to a poll delay of 2 seconds, regardless of the AWS waiter's default.",
    ];
  }
  return [];
}
