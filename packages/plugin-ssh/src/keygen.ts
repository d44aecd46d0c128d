// Temporary key pairs (the SDK's communicator/ssh key pairs and StepSSHKeyGen): OpenSSH-format private keys and
// authorized_keys public keys, and private key files for debugging (StepDumpSSHKey's `-debug` key file).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { KeyPair } from '@tspacker/sdk';

const DEFAULT_RSA_BITS = 4096;
const MIN_RSA_BITS = 1024;

/**
 * A fresh key pair for `temporary_key_pair_type`: `rsa` (the default; `temporary_key_pair_bits` default 4096,
 * at least 1024) or `ed25519` (bits ignored). `comment` ends the public key line (Packer: the key pair name).
 */
export async function generateKeyPair(type: string, bits: number, comment: string): Promise<KeyPair> {
  const keyType = type === '' ? 'rsa' : type;
  if (keyType !== 'rsa' && keyType !== 'ed25519') {
    throw new Error(`temporary_key_pair_type "${type}" is not supported by tspacker: use rsa or ed25519`);
  }
  const rsaBits = bits === 0 ? DEFAULT_RSA_BITS : bits;
  if (keyType === 'rsa' && rsaBits < MIN_RSA_BITS) {
    throw new Error(`temporary_key_pair_bits ${bits} is too small for an RSA key: use at least ${MIN_RSA_BITS} (default ${DEFAULT_RSA_BITS})`);
  }
  const options = keyType === 'rsa' ? { bits: rsaBits, comment } : { comment };
  // ssh2 1.17 writes an ed25519 key whose first byte is zero as a 31-byte key (about 1 pair in 256), which
  // neither ssh2 nor OpenSSH can read back: check every pair and generate again when it is not readable.
  for (let attempt = 1; ; attempt++) {
    const pair = await new Promise<{ private: string; public: string }>((resolve, reject) =>
      ssh2.utils.generateKeyPair(keyType, options, (err, keys) => (err ? reject(err) : resolve(keys))),
    );
    if (isReadable(pair.private) && isReadable(pair.public)) return { privateKey: pair.private, publicKey: pair.public.trim() };
    if (attempt === MAX_GENERATE_ATTEMPTS) throw new Error(`could not generate a readable ${keyType} key pair`);
  }
}

const MAX_GENERATE_ATTEMPTS = 8;

function isReadable(key: string): boolean {
  return !(ssh2.utils.parseKey(key) instanceof Error);
}

/** A private key written to a file only its owner can read, and how to remove it. */
export interface PrivateKeyFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Writes `privateKey` to a new file with mode 0600 in a new private directory (name: `fileName`, default
 * `id`), for tools that want a key file (a `-debug` key dump, ssh's `-i`). Call remove() in a cleanup.
 */
export async function writePrivateKeyFile(privateKey: string, fileName = 'id'): Promise<PrivateKeyFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tspacker-key-'));
  const file = path.join(dir, path.basename(fileName));
  // `mode` applies when the file is created; the umask cannot widen 0600.
  await writeFile(file, privateKey.endsWith('\n') ? privateKey : `${privateKey}\n`, { mode: 0o600, flag: 'wx' });
  return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
}
