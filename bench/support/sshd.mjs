// The SSH benchmarks' OpenSSH server: the tests' fixture itself (test/support/sshd.ts: a real sshd on a loopback
// port with a throwaway host key, an authorized key, its own config and log; as root it logs in the unprivileged
// `tspacker-test`), compiled on the fly with esbuild so that benchmarks and tests share one implementation.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/support/sshd.ts');
const { outputFiles } = await build({ entryPoints: [fixture], bundle: true, platform: 'node', format: 'esm', write: false });
const fixtureModule = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);

export const giveToUser = fixtureModule.giveToUser;

/**
 * Starts sshd with its files in `dir`, logging at DEBUG1 so that the negotiated algorithms can be read
 * (`negotiated`), and allowing the many quick sessions a benchmark opens. Always `await stop()`.
 */
export function startSshd(dir, { config = [] } = {}) {
  return fixtureModule.startSshd({ dir, logLevel: 'DEBUG1', config: ['MaxStartups 100', 'MaxSessions 100', ...config] });
}
