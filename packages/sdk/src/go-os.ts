// The few Go os/path behaviours Packer's validation messages depend on: `os.Stat` error texts
// ("stat x: no such file or directory") and the SDK's `~` expansion (pathing.ExpandUser).
import { statSync } from 'node:fs';
import { homedir } from 'node:os';

// Go's syscall.Errno strings for the errors a stat can meet.
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  // Node refuses a name with a NUL byte before asking the OS; Go gets EINVAL.
  ERR_INVALID_ARG_VALUE: 'invalid argument',
};

/** Go's os.Stat error text for `path` (`stat PATH: REASON`), or undefined when it exists. */
export function goStatError(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    // Go reports an empty name as ENOENT too.
    return `stat ${path}: ${ERRNO_TEXT[code] ?? (e as Error).message}`;
  }
}

/** The SDK's pathing.ExpandUser: a leading `~` or `~/` becomes the home directory. */
export function expandUser(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return homedir() + path.slice(1);
  return path;
}

/** Go's runtime.GOOS for this process. */
export function goOS(): string {
  switch (process.platform) {
    case 'win32':
      return 'windows';
    case 'sunos':
      return 'solaris';
    default:
      return process.platform;
  }
}
