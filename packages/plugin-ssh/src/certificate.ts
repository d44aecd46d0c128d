// OpenSSH user certificates (`ssh_certificate_file`, `ssh-keygen -s CA -I ID -n USER key.pub`). ssh2 1.x knows
// plain public keys only, so the parsed key is wrapped to present the certificate blob and the certificate's
// algorithm name (as OpenSSH's client does), and the connection's signed publickey request is written here:
// ssh2 would label the signature with the certificate's algorithm, where OpenSSH wants the plain one
// (PROTOCOL.certkeys: "ssh-ed25519", "rsa-sha2-512"). That patch touches ssh2's Protocol internals (pinned ^1.17),
// only on connections that offer a certificate; the certificate tests fail if ssh2 changes them.
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client, ParsedKey } from 'ssh2';
import { ConnectFailure } from './connection-errors.js';

const CERTIFICATE = Symbol('certificate');

interface CertificateKey extends ParsedKey {
  readonly [CERTIFICATE]: { readonly algorithm: string; readonly signatureAlgorithm: string; readonly blob: Buffer };
}

const MESSAGE_USERAUTH_REQUEST = 50;
const { sendPacket } = createRequire(import.meta.url)('ssh2/lib/protocol/utils.js') as {
  sendPacket(protocol: unknown, packet: Buffer): void;
};

// The certificate type of each plain key type, and the algorithm name to authenticate with.
const CERT_TYPES: Readonly<Record<string, { cert: string; algorithm: string; signature: string; hash?: string; curveBytes?: number }>> = {
  'ssh-ed25519': { cert: 'ssh-ed25519-cert-v01@openssh.com', algorithm: 'ssh-ed25519-cert-v01@openssh.com', signature: 'ssh-ed25519' },
  // OpenSSH 8.8+ refuses SHA-1 signatures: an RSA certificate authenticates as rsa-sha2-512.
  'ssh-rsa': { cert: 'ssh-rsa-cert-v01@openssh.com', algorithm: 'rsa-sha2-512-cert-v01@openssh.com', signature: 'rsa-sha2-512', hash: 'sha512' },
  'ecdsa-sha2-nistp256': {
    cert: 'ecdsa-sha2-nistp256-cert-v01@openssh.com',
    algorithm: 'ecdsa-sha2-nistp256-cert-v01@openssh.com',
    signature: 'ecdsa-sha2-nistp256',
    hash: 'sha256',
    curveBytes: 32,
  },
  'ecdsa-sha2-nistp384': {
    cert: 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
    algorithm: 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
    signature: 'ecdsa-sha2-nistp384',
    hash: 'sha384',
    curveBytes: 48,
  },
  'ecdsa-sha2-nistp521': {
    cert: 'ecdsa-sha2-nistp521-cert-v01@openssh.com',
    algorithm: 'ecdsa-sha2-nistp521-cert-v01@openssh.com',
    signature: 'ecdsa-sha2-nistp521',
    hash: 'sha512',
    curveBytes: 66,
  },
};

/** `key` presenting the certificate in `certificateFile` (an OpenSSH `*-cert.pub` file). */
export function withCertificate(key: ParsedKey, certificateFile: string): ParsedKey {
  const types = CERT_TYPES[key.type];
  if (!types) {
    throw new ConnectFailure('config', `ssh_certificate_file ${certificateFile}: certificates for ${key.type} keys are not supported`, true);
  }
  let text: string;
  try {
    text = readFileSync(certificateFile, 'utf8');
  } catch (err) {
    throw new ConnectFailure('config', `ssh_certificate_file ${certificateFile} cannot be read: ${(err as Error).message}`, true);
  }
  const [type, base64] = text.trim().split(/\s+/);
  if (type !== types.cert || base64 === undefined) {
    throw new ConnectFailure(
      'config',
      `ssh_certificate_file ${certificateFile} is not a ${types.cert} certificate for the ${key.type} private key`,
      true,
    );
  }
  const blob = Buffer.from(base64, 'base64');
  const wrapped = Object.create(key) as ParsedKey & { type: string };
  Object.defineProperty(wrapped, 'type', { value: types.algorithm });
  Object.defineProperty(wrapped, 'getPublicSSH', { value: () => blob });
  Object.defineProperty(wrapped, CERTIFICATE, { value: { algorithm: types.algorithm, signatureAlgorithm: types.signature, blob } });
  if (types.hash) {
    const privateKey = createPrivateKey(key.getPrivatePEM());
    const curveBytes = types.curveBytes;
    Object.defineProperty(wrapped, 'sign', {
      value: (data: Buffer) =>
        curveBytes === undefined
          ? cryptoSign(types.hash!, data, privateKey)
          : ecdsaSignature(cryptoSign(types.hash!, data, { key: privateKey, dsaEncoding: 'ieee-p1363' }), curveBytes),
    });
  }
  return wrapped;
}

// An ECDSA signature as SSH sends it: mpint r, mpint s (ssh2 converts only for the plain key types).
function ecdsaSignature(p1363: Buffer, curveBytes: number): Buffer {
  const mpint = (n: Buffer): Buffer => {
    let i = 0;
    while (i < n.length - 1 && n[i] === 0) i++;
    let bytes = n.subarray(i);
    if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  };
  return Buffer.concat([mpint(p1363.subarray(0, curveBytes)), mpint(p1363.subarray(curveBytes))]);
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

interface Protocol {
  authPK(username: string, key: unknown, keyAlgo?: string, cbSign?: SignCallback): void;
  readonly _kex: { readonly sessionID: Buffer };
  readonly _authsQueue: string[];
  readonly _packetRW: { readonly write: { readonly allocStart: number; alloc(n: number): Buffer; finalize(packet: Buffer): Buffer } };
}
type SignCallback = (data: Buffer, done: (signature: Buffer) => void) => void;

/**
 * Makes `client` (after connect(), before authentication) send signed publickey requests for certificate keys
 * the way OpenSSH expects them; other keys go through ssh2 unchanged.
 */
export function enableCertificateAuth(client: Client): void {
  const protocol = (client as unknown as { _protocol?: Protocol })._protocol;
  if (!protocol) return;
  const original = protocol.authPK.bind(protocol);
  protocol.authPK = (username, key, keyAlgo, cbSign) => {
    const certificate = (key as Partial<CertificateKey> | null)?.[CERTIFICATE];
    if (!certificate || typeof cbSign !== 'function') return original(username, key, keyAlgo, cbSign);
    const request = Buffer.concat([
      Buffer.from([MESSAGE_USERAUTH_REQUEST]),
      sshString(username),
      sshString('ssh-connection'),
      sshString('publickey'),
      Buffer.from([1]),
      sshString(certificate.algorithm),
      sshString(certificate.blob),
    ]);
    cbSign(Buffer.concat([sshString(protocol._kex.sessionID), request]), (signature) => {
      const payload = Buffer.concat([request, sshString(Buffer.concat([sshString(certificate.signatureAlgorithm), sshString(signature)]))]);
      const start = protocol._packetRW.write.allocStart;
      const packet = protocol._packetRW.write.alloc(payload.length);
      payload.copy(packet, start);
      protocol._authsQueue.push('publickey');
      sendPacket(protocol, protocol._packetRW.write.finalize(packet));
    });
  };
}
