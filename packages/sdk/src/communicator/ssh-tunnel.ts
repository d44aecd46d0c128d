// communicator/ssh.ParseTunnelArgument's validation of `ssh_local_tunnels` / `ssh_remote_tunnels` entries
// (`PORT:HOST:PORT`), with the Go messages of net.SplitHostPort and strconv.Atoi it passes on.
import { goQuote } from '@tspacker/hcl';

// net.SplitHostPort, returning Go's AddrError text on failure.
function splitHostPort(hostport: string): { host: string; port: string } | { error: string } {
  const fail = (why: string) => ({ error: `address ${hostport}: ${why}` });
  const i = hostport.lastIndexOf(':');
  if (i < 0) return fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== i) return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return fail('too many colons in address');
  }
  if (hostport.indexOf('[', j) >= 0) return fail("unexpected '[' in address");
  if (hostport.indexOf(']', k) >= 0) return fail("unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

// strconv.Atoi's error for text that is not a Go int (64-bit), or undefined.
function atoiError(text: string): string | undefined {
  const m = /^[+-]?([0-9]+)$/.exec(text);
  if (!m) return `strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`;
  const magnitude = BigInt(m[1]!);
  const limit = text.startsWith('-') ? 2n ** 63n : 2n ** 63n - 1n;
  return magnitude > limit ? `strconv.Atoi: parsing ${goQuote(text)}: value out of range` : undefined;
}

/** ParseTunnelArgument's error for a tunnel specification, or undefined when it is well-formed. */
export function tunnelError(forward: string): string | undefined {
  const colon = forward.indexOf(':');
  if (colon < 0) return `Error parsing tunnel '${forward}': [${forward}]`;
  const listeningPort = forward.slice(0, colon);
  const split = splitHostPort(forward.slice(colon + 1));
  if ('error' in split) return `Error parsing forwarding, must be a tcp address: ${split.error}`;
  const portError = atoiError(split.port);
  if (portError) return `Error parsing forwarding port, must be a valid port: ${portError}`;
  const listenError = atoiError(listeningPort);
  if (listenError) return `Error parsing listening port, must be a valid port: ${listenError}`;
  return undefined;
}
