// `ssh_clear_authorized_keys` (the SDK's StepCleanupTempKeys): before the image is made, remove the temporary
// public key from the user's and root's authorized_keys on the machine. Builders call clearAuthorizedKeys when
// the option is set and they made a temporary key pair.
//
// Packer deletes lines ending in " KEY_PAIR_NAME" (the key's comment); this matches the key itself (type and
// base64 body), so a key whose comment was edited or that carries options is removed too. Packer runs plain
// `sudo`, which waits for a password forever under `ssh_pty`; this runs `sudo -n`, which fails at once instead.
// As in Packer, failures are reported but do not fail the build: the key is useless without its private half.
import { Writable } from 'node:stream';
import type { Communicator, Ui } from '../runtime.js';

// The key's "TYPE BASE64" as a sed address: key type names and base64 hold no `|` and no regex specials but
// `+` and `.` (literal or any character in a basic regular expression: harmless for a match this long).
function keyPattern(publicKey: string): string {
  const [type, body] = publicKey.trim().split(/\s+/);
  // A key blob starts with its own type name: that tells a key from other text.
  const blob = body !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? Buffer.from(body, 'base64') : Buffer.alloc(0);
  const blobType = blob.length >= 4 ? blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1') : '';
  if (!type || blobType !== type) {
    throw new Error('clearAuthorizedKeys: the public key is not an authorized_keys line ("TYPE BASE64 [COMMENT]")');
  }
  return `${type} ${body}`;
}

function collector(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter((l) => l !== ''));
      done();
    },
  });
}

/** Removes `publicKey` from ~/.ssh/authorized_keys and /root/.ssh/authorized_keys (with `sudo -n`). */
export async function clearAuthorizedKeys(
  communicator: Communicator,
  publicKey: string,
  ui: Ui,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const pattern = keyPattern(publicKey);
  ui.say('Trying to remove ephemeral keys from authorized_keys files');
  const commands = [
    { file: '~/.ssh/authorized_keys', command: `sed -i.bak '\\|${pattern}|d' ~/.ssh/authorized_keys; rm -f ~/.ssh/authorized_keys.bak` },
    {
      file: '/root/.ssh/authorized_keys',
      command: `sudo -n sed -i.bak '\\|${pattern}|d' /root/.ssh/authorized_keys; sudo -n rm -f /root/.ssh/authorized_keys.bak`,
    },
  ];
  for (const { file, command } of commands) {
    const output: string[] = [];
    try {
      const { exitStatus } = await communicator.start({ command, stdout: collector(output), stderr: collector(output) }, signal);
      for (const line of output) ui.message(line);
      if (exitStatus !== 0) ui.message(`Could not clean up ${file} (exit status ${exitStatus}); please remove the temporary key manually`);
    } catch (err) {
      ui.message(`Could not clean up ${file}: ${(err as Error).message}; please remove the temporary key manually`);
    }
  }
}
