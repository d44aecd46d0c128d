// The checks the SDK's communicator config runs on `ssh_private_key_file` / `ssh_bastion_private_key_file`
// (communicator/ssh.FileSigner): the file must hold a PEM block, not a legacy password-protected one, of a key
// type Go's ssh.ParsePrivateKey knows. Messages follow Go's; key material is never printed.
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';

interface PemBlock {
  readonly type: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly bytes: Buffer;
}

// encoding/pem.Decode, reduced: the first `-----BEGIN T-----` … `-----END T-----` block with its headers.
function decodePem(text: string): PemBlock | undefined {
  const re = /(?:^|\n)-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)\n-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const headers = new Map<string, string>();
    const lines = m[2]!.split(/\r?\n/);
    let i = 0;
    for (; i < lines.length; i++) {
      const colon = lines[i]!.indexOf(':');
      if (colon < 0) break;
      headers.set(lines[i]!.slice(0, colon).trim(), lines[i]!.slice(colon + 1).trim());
    }
    const body = lines.slice(i).join('').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    return { type: m[1]!, headers, bytes: Buffer.from(body, 'base64') };
  }
  return undefined;
}

const OPENSSH_MAGIC = 'openssh-key-v1\0';

// ssh.ParsePrivateKey's verdict on a block, as Go words it (undefined: usable).
function parseError(block: PemBlock, text: string): string | undefined {
  switch (block.type) {
    case 'RSA PRIVATE KEY':
    case 'PRIVATE KEY':
    case 'EC PRIVATE KEY':
    case 'DSA PRIVATE KEY':
      try {
        createPrivateKey({ key: text, format: 'pem' });
        return undefined;
      } catch (e) {
        // Go reports the x509/asn1 parser's error here; Node's wording differs.
        return (e as Error).message;
      }
    case 'OPENSSH PRIVATE KEY': {
      if (block.bytes.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC) {
        return 'ssh: invalid openssh private key format';
      }
      // string ciphername follows the magic: "none" unless the key is encrypted.
      const len = block.bytes.readUInt32BE(OPENSSH_MAGIC.length);
      const cipher = block.bytes.subarray(OPENSSH_MAGIC.length + 4, OPENSSH_MAGIC.length + 4 + len).toString('latin1');
      return cipher === 'none' ? undefined : 'ssh: this private key is passphrase protected';
    }
    default:
      return `ssh: unsupported key type "${block.type}"`;
  }
}

/** FileSigner's error for a private key file (already known to exist), or undefined when it is usable. */
export function privateKeyFileError(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `Error setting up SSH config: read ${path}: ${code === 'EISDIR' ? 'is a directory' : (e as Error).message}`;
  }
  const block = decodePem(text);
  if (!block) return `Error setting up SSH config: Failed to read key '${path}': no key found`;
  if (block.headers.get('Proc-Type') === '4,ENCRYPTED') {
    return (
      `Error setting up SSH config: Failed to read key '${path}': password protected keys are\n` +
      'not supported. Please decrypt the key prior to use.'
    );
  }
  const err = parseError(block, text);
  return err === undefined ? undefined : `Error setting up SSH config: ${err}`;
}
