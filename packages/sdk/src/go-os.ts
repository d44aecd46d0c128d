// The few Go os/path behaviours Packer's messages depend on: `os.Stat` error texts ("stat x: no such file or
// directory"), the SDK's `~` expansion (pathing.ExpandUser), and (from @tspacker/hcl) path/filepath's Clean,
// Join, Base and Dir with *fs.PathError texts.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { goPathErrorText } from '@tspacker/hcl';

export { goClean, goJoin, goBase, goDir, goPathErrorText } from '@tspacker/hcl';

/** Go's os.Stat error text for `path` (`stat PATH: REASON`), or undefined when it exists. */
export function goStatError(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    // Go reports an empty name as ENOENT too.
    return goPathErrorText('stat', path, e);
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
