// Real key pairs: CreateKeyPair's private key is what a client logs in with, and its public half (OpenSSH form)
// is what a launched machine authorizes. ed25519 keys come in the OpenSSH private key format and RSA keys as
// PKCS#1 PEM, as AWS returns them; ImportKeyPair accepts an OpenSSH public key line.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { AwsError } from '../contracts.js';

export interface GeneratedKey {
  readonly privateKeyPem: string;
  /** `ssh-ed25519 AAAA… name` / `ssh-rsa AAAA… name`. */
  readonly publicKey: string;
  readonly fingerprint: string;
}

function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSH mpint from an unsigned big-endian integer. */
function sshMpint(unsigned: Buffer): Buffer {
  let bytes = unsigned;
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function pem(label: string, der: Buffer, width = 70): string {
  const base64 = der.toString('base64');
  const lines = base64.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function ed25519Blob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

function rsaBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([sshString('ssh-rsa'), sshMpint(Buffer.from(jwk.e!, 'base64url')), sshMpint(Buffer.from(jwk.n!, 'base64url'))]);
}

function colonHex(digest: Buffer): string {
  return digest.toString('hex').match(/../g)!.join(':');
}

function generateEd25519(comment: string): GeneratedKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const blob = ed25519Blob(pub);
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(blob),
    sshString(secret),
  ]);
  return {
    privateKeyPem: pem('OPENSSH PRIVATE KEY', body),
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${comment}`,
    // AWS: base64 of the SHA-256 of the public key blob.
    fingerprint: createHash('sha256').update(blob).digest('base64'),
  };
}

function generateRsa(comment: string): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: `ssh-rsa ${rsaBlob(publicKey).toString('base64')} ${comment}`,
    // AWS: the SHA-1 of the DER PKCS#8 private key, colon-separated hex.
    fingerprint: colonHex(createHash('sha1').update(pkcs8).digest()),
  };
}

export function generateKey(type: 'rsa' | 'ed25519', comment: string): GeneratedKey {
  return type === 'ed25519' ? generateEd25519(comment) : generateRsa(comment);
}

export interface ImportedKey {
  readonly type: 'rsa' | 'ed25519';
  readonly publicKey: string;
  readonly fingerprint: string;
}

/** An OpenSSH public key line (`ssh-rsa AAAA… comment`), as ImportKeyPair's decoded PublicKeyMaterial. */
export function importPublicKey(material: string, comment: string): ImportedKey {
  const match = /^(ssh-rsa|ssh-ed25519)\s+([A-Za-z0-9+/=]+)/.exec(material.trim());
  if (!match) throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  const type = match[1] === 'ssh-rsa' ? 'rsa' : 'ed25519';
  const blob = Buffer.from(match[2]!, 'base64');
  if (blob.length < 4 || blob.subarray(4, 4 + blob.readUInt32BE(0)).toString() !== match[1]) {
    throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  }
  let fingerprint: string;
  if (type === 'rsa') {
    // AWS: MD5 of the DER public key for imported RSA keys.
    const e = readSshString(blob, 4 + match[1].length);
    const n = readSshString(blob, e.next);
    const key = createPublicKey({ key: { kty: 'RSA', e: stripZero(e.value).toString('base64url'), n: stripZero(n.value).toString('base64url') }, format: 'jwk' });
    fingerprint = colonHex(createHash('md5').update(key.export({ type: 'spki', format: 'der' })).digest());
  } else {
    fingerprint = createHash('sha256').update(blob).digest('base64');
  }
  return { type, publicKey: `${match[1]} ${match[2]} ${comment}`, fingerprint };
}

function readSshString(buffer: Buffer, offset: number): { value: Buffer; next: number } {
  if (offset + 4 > buffer.length) throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  const length = buffer.readUInt32BE(offset);
  if (offset + 4 + length > buffer.length) throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  return { value: buffer.subarray(offset + 4, offset + 4 + length), next: offset + 4 + length };
}

function stripZero(bytes: Buffer): Buffer {
  return bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes;
}
