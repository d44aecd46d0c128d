// Temporary key pairs (the SDK's communicator/ssh keys): OpenSSH-format private keys, authorized_keys public keys.
import ssh2 from 'ssh2';
import type { KeyPair } from '@tspacker/sdk';

/** A fresh key pair: `rsa` (bits default 4096, at least 1024) or `ed25519` (bits ignored). */
export async function generateKeyPair(type: string, bits: number, comment: string): Promise<KeyPair> {
  const keyType = type === '' ? 'rsa' : type;
  if (keyType !== 'rsa' && keyType !== 'ed25519') {
    throw new Error(`temporary_key_pair_type "${type}" is not supported: use rsa or ed25519`);
  }
  const options = keyType === 'rsa' ? { bits: bits === 0 ? 4096 : bits, comment } : { comment };
  const pair = await new Promise<{ private: string; public: string }>((resolve, reject) =>
    ssh2.utils.generateKeyPair(keyType, options, (err, keys) => (err ? reject(err) : resolve(keys))),
  );
  return { privateKey: pair.private, publicKey: pair.public };
}
