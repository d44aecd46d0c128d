// Time formats Packer prints: Go's time.RFC3339 in local time (`-timestamp-ui`) and the standard log prefix.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * `2006-01-02T15:04:05-07:00` in local time (or at `offsetMinutes` east of UTC); `Z` instead of a zero offset,
 * like Go.
 */
export function rfc3339Local(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  // The wall-clock time at that offset, read with the UTC getters.
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const base = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const offset = offsetMinutes;
  if (offset === 0) return `${base}Z`;
  const abs = Math.abs(offset);
  return `${base}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Go's log.LstdFlags prefix: `2006/01/02 15:04:05` in local time. */
export function goLogTime(date: Date): string {
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Elapsed time on progress lines: `0.4s`, `12.0s`, `3m05s`. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
}
