// commonsteps.StepCleanupTempKeys: with `ssh_clear_authorized_keys`, the temporary key is removed from the
// machine's authorized_keys before the image is made (the SDK's clearAuthorizedKeys does the work).
import { createPublicKey } from 'node:crypto';
import { clearAuthorizedKeys, type Step } from '@tspacker/sdk';
import type { EbsState } from '../state.js';

/** An SSH wire-format string: length, then bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSH mpint from a big-endian unsigned integer (a leading zero when the top bit is set). */
function sshMpint(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return sshString(trimmed[0]! & 0x80 ? Buffer.concat([Buffer.alloc(1), trimmed]) : trimmed);
}

/** The public key blob an OpenSSH private key file carries in clear (before its possibly encrypted part). */
function openSshPublicBlob(privateKey: string): Buffer | undefined {
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(privateKey)?.[1];
  if (body === undefined) return undefined;
  const data = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (data.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  let offset = magic.length;
  const readString = (): Buffer => {
    const length = data.readUInt32BE(offset);
    const value = data.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return value;
  };
  readString(); // cipher
  readString(); // kdf
  readString(); // kdf options
  offset += 4; // number of keys
  return readString();
}

/**
 * The authorized_keys line (`TYPE BASE64`) of a private key, since CreateKeyPair returns only the private half:
 * EC2's RSA keys come as PEM, its Ed25519 keys in OpenSSH's format. Undefined for what cannot be read.
 */
export function publicKeyLine(privateKey: string): string | undefined {
  try {
    const blob = openSshPublicBlob(privateKey);
    if (blob) return `${blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1')} ${blob.toString('base64')}`;
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    if (jwk.kty === 'RSA' && jwk.n && jwk.e) {
      const blob = Buffer.concat([
        sshString(Buffer.from('ssh-rsa')),
        sshMpint(Buffer.from(jwk.e, 'base64url')),
        sshMpint(Buffer.from(jwk.n, 'base64url')),
      ]);
      return `ssh-rsa ${blob.toString('base64')}`;
    }
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) {
      const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(jwk.x, 'base64url'))]);
      return `ssh-ed25519 ${blob.toString('base64')}`;
    }
  } catch {
    // Not a key node can read (e.g. an encrypted one): nothing to clear with.
  }
  return undefined;
}

export const stepCleanupTempKeys: Step<EbsState> = {
  name: 'StepCleanupTempKeys',
  async run(state, { ui, signal }) {
    const c = state.config;
    // Only the temporary key the build made, and only over SSH (Packer's conditions).
    if (!c.ssh_clear_authorized_keys || c.communicator !== 'ssh' || !state.keyPair?.temporaryName) return 'continue';
    const communicator = state.connection?.communicator;
    if (!communicator) return 'continue';
    const publicKey = state.keyPair.publicKey ?? publicKeyLine(state.keyPair.privateKey);
    if (!publicKey) {
      ui.message('Could not derive the temporary public key; please remove it from authorized_keys manually');
      return 'continue';
    }
    await clearAuthorizedKeys(communicator, publicKey, ui, signal);
    return 'continue';
  },
};
