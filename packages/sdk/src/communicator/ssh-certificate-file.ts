// communicator/ssh.ReadCertificate's checks on `ssh_certificate_file` (an OpenSSH user certificate, one
// authorized_keys-style line), with Go's messages.
import { readFileSync } from 'node:fs';

/** ReadCertificate's error for a certificate file, or undefined when it holds a certificate. */
export function certificateFileError(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    return `unable to read certificate file: ${code === 'EISDIR' ? 'read' : 'open'} ${path}: ${reason}`;
  }
  // ssh.ParseAuthorizedKey: the first non-comment line of the form `[options] TYPE BASE64 [comment]`.
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || fields[0]!.startsWith('#')) continue;
    for (let i = 0; i + 1 < fields.length; i++) {
      if (/^(ssh|ecdsa|sk)-[\w@.-]+$/.test(fields[i]!) && /^[A-Za-z0-9+/]+={0,2}$/.test(fields[i + 1]!)) {
        return fields[i]!.includes('-cert-v01@openssh.com') ? undefined : 'Error loading certificate';
      }
    }
  }
  return 'unable to parse public key: ssh: no key found';
}
