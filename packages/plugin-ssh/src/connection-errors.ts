// Why an SSH connection attempt failed, as one of a few classes with a message a user can act on. Packer reports
// most of these as "Timeout waiting for SSH." after minutes of silence; here every attempt's failure is named.

/** The failure classes, from the network up to authentication. */
export type FailureClass =
  | 'dns' // the host name does not resolve
  | 'refused' // the host answered, nothing listens on the port (sshd not started yet)
  | 'no-route' // no network path to the host (wrong address, security group, down interface)
  | 'dial-timeout' // the TCP connection did not complete (packets dropped by a firewall, machine booting)
  | 'reset' // the connection opened and closed before SSH spoke (sshd starting, MaxStartups, a proxy)
  | 'handshake-timeout' // TCP connected, the SSH handshake did not finish in time
  | 'algorithm' // no host key algorithm, cipher, key exchange or MAC both sides accept
  | 'auth' // the server rejected every authentication method offered
  | 'proxy' // the SOCKS5 proxy could not be reached or refused us
  | 'config' // something in the configuration makes every attempt fail (unreadable key, no agent)
  | 'other';

/** A failed attempt: its class, a sentence about it, and whether retrying can help. */
export class ConnectFailure extends Error {
  constructor(
    readonly failure: FailureClass,
    message: string,
    /** A configuration problem: retrying cannot help, the wait stops at once. */
    readonly definitive = false,
  ) {
    super(message);
    this.name = 'ConnectFailure';
  }
}

/** Whether the failure happened after the SSH server answered (Packer's "handshake error" branch). */
export function serverAnswered(failure: FailureClass): boolean {
  return failure === 'handshake-timeout' || failure === 'algorithm' || failure === 'auth' || failure === 'reset';
}

interface ErrorLike {
  readonly message?: string;
  readonly code?: string | number;
  readonly level?: string;
}

/** The class of an error from dialing (node's net) or from ssh2's handshake, for a connection to `address`. */
export function classify(error: unknown, address: string): ConnectFailure {
  if (error instanceof ConnectFailure) return error;
  const e = (error ?? {}) as ErrorLike;
  const text = String(e.message ?? error);
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return new ConnectFailure('dns', `the host name "${host}" does not resolve (${code})`);
  }
  if (code === 'ECONNREFUSED' || /connection refused/i.test(text)) {
    return new ConnectFailure('refused', `${address} refused the connection: nothing listens on that port (yet)`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /no route to host|network is unreachable/i.test(text)) {
    return new ConnectFailure('no-route', `no route to ${address} (${code || text}): check the address and the network path`);
  }
  if (code === 'ETIMEDOUT' || e.level === 'dial-timeout') {
    return new ConnectFailure('dial-timeout', `the TCP connection to ${address} timed out: packets may be dropped by a firewall`);
  }
  if (e.level === 'client-timeout' || /timed out while waiting for handshake/i.test(text)) {
    return new ConnectFailure('handshake-timeout', `${address} accepted the TCP connection but the SSH handshake did not finish in time`);
  }
  if (/no matching|handshake failed/i.test(text)) {
    return new ConnectFailure('algorithm', `${address} and tspacker have no ${algorithmKind(text)} in common (${text})`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /connection lost before handshake|socket hang up|closed/i.test(text)) {
    return new ConnectFailure('reset', `${address} closed the connection before the SSH handshake finished (${code || text})`);
  }
  return new ConnectFailure('other', `${address}: ${text}`);
}

function algorithmKind(text: string): string {
  if (/host ?key/i.test(text)) return 'host key algorithm';
  if (/cipher/i.test(text)) return 'cipher';
  if (/kex|key exchange/i.test(text)) return 'key exchange algorithm';
  if (/mac/i.test(text)) return 'MAC algorithm';
  return 'algorithm';
}

/** A short name for a class, for the final error ("connection refused", "authentication rejected"). */
export function failureName(failure: FailureClass): string {
  switch (failure) {
    case 'dns':
      return 'DNS failure';
    case 'refused':
      return 'connection refused';
    case 'no-route':
      return 'no route to host';
    case 'dial-timeout':
      return 'TCP connection timeout';
    case 'reset':
      return 'connection closed by the server';
    case 'handshake-timeout':
      return 'SSH handshake timeout';
    case 'algorithm':
      return 'no common algorithm';
    case 'auth':
      return 'authentication rejected';
    case 'proxy':
      return 'SOCKS5 proxy failure';
    case 'config':
      return 'configuration error';
    case 'other':
      return 'connection failure';
  }
}
