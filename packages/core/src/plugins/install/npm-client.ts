// The machine's `npm`, run as a child process to look plugin packages up in, and install them from, the registry
// npm is configured with (its own config files and npm_config_* environment are honoured: nothing is overridden).
import { spawn } from 'node:child_process';

export interface NpmOptions {
  /** The environment npm runs with (npm_config_registry, npm_config_cache, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The npm executable ('npm' on the PATH unless given). */
  readonly npmCommand?: string;
}

/** One published version of a package, as the registry describes it. */
export interface RegistryVersion {
  readonly version: string;
  /** dist.integrity: the SRI hash (sha512-...) of the package's tarball. */
  readonly integrity: string;
  /** dist.tarball: where the tarball is downloaded from. */
  readonly tarball: string;
}

/** A failed npm run: npm's error code (E404, ECONNREFUSED, ...) and its one-line summary. */
export class NpmError extends Error {
  constructor(
    readonly code: string,
    readonly summary: string,
  ) {
    super(summary);
  }

  /** Whether npm could not talk to the registry at all (as opposed to the registry answering "no"). */
  get unreachable(): boolean {
    return unreachableCodes.has(this.code) || /^(FetchError|request to .* failed)/.test(this.summary);
  }

  get notFound(): boolean {
    return this.code === 'E404';
  }
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPROTO', 'ERR_SOCKET_TIMEOUT']);

/** The code of an NpmError when npm itself could not be started (not on the PATH). */
export const NPM_NOT_RUN = 'ENPMSPAWN';

interface NpmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runNpm(args: readonly string[], options: NpmOptions): Promise<NpmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.npmCommand ?? 'npm', args, { env: { ...options.env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new NpmError(NPM_NOT_RUN, `npm could not be run: ${e.message}`)));
    child.on('close', (status) => resolve({ status: status ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** npm's error from a `--json` run (its `{ "error": { code, summary } }` on stdout), else from its stderr lines. */
function npmError(run: NpmRun): NpmError {
  try {
    const json = JSON.parse(run.stdout) as { error?: { code?: unknown; summary?: unknown } };
    if (json.error && typeof json.error.summary === 'string') {
      return new NpmError(typeof json.error.code === 'string' ? json.error.code : 'EUNKNOWN', json.error.summary);
    }
  } catch {
    // not JSON: fall back to stderr
  }
  const lines = run.stderr.split('\n').map((l) => l.replace(/^npm (error|ERR!) ?/, '').trim());
  const code = /^code (\S+)/.exec(lines.find((l) => l.startsWith('code ')) ?? '')?.[1] ?? 'EUNKNOWN';
  const summary = lines.find((l) => l !== '' && !/^(code|errno|syscall) /.test(l) && !l.startsWith('A complete log')) ?? `npm exited with status ${run.status}`;
  return new NpmError(code, summary.replace(/^404 /, ''));
}

/**
 * The released versions of a package (prereleases are left out, as Packer installs releases only), oldest first.
 * Throws NpmError (E404 when the registry has no such package; `unreachable` when it cannot be reached).
 */
export async function registryVersions(packageName: string, options: NpmOptions): Promise<RegistryVersion[]> {
  // `@*` would give the `latest` version alone; `>=0.0.0` gives every release.
  return viewVersions(`${packageName}@>=0.0.0`, options);
}

/** One exact version of a package; undefined when the registry has the package but not that version. */
export async function registryVersion(packageName: string, version: string, options: NpmOptions): Promise<RegistryVersion | undefined> {
  try {
    return (await viewVersions(`${packageName}@${version}`, options)).find((v) => v.version === version);
  } catch (e) {
    if (e instanceof NpmError && e.code === 'E404' && e.summary.startsWith('No match found for version')) return undefined;
    throw e;
  }
}

async function viewVersions(spec: string, options: NpmOptions): Promise<RegistryVersion[]> {
  const run = await runNpm(['view', spec, 'version', 'dist.integrity', 'dist.tarball', '--json'], options);
  if (run.status !== 0) throw npmError(run);
  if (run.stdout.trim() === '') return [];
  const parsed = JSON.parse(run.stdout) as unknown;
  // One matching version is printed as an object, several as an array.
  const entries = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
  return entries
    .filter((e) => typeof e.version === 'string')
    .map((e) => ({ version: e.version as string, integrity: String(e['dist.integrity'] ?? ''), tarball: String(e['dist.tarball'] ?? '') }));
}

/**
 * `npm install --prefix DIR PACKAGE@VERSION`: into DIR/node_modules, recorded in DIR/package.json (exact version)
 * and DIR/node_modules/.package-lock.json. Peer dependencies (@tspacker/sdk) are not installed: tspacker provides
 * the SDK to its plugins. Throws NpmError.
 */
export async function npmInstall(prefix: string, packageName: string, version: string, options: NpmOptions): Promise<void> {
  const run = await runNpm(
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--legacy-peer-deps', '--save-exact', '--json', `${packageName}@${version}`],
    options,
  );
  if (run.status !== 0) throw npmError(run);
}

/** The registry npm is configured with (for messages): npm_config_registry, else `npm config get registry`. */
export async function configuredRegistry(options: NpmOptions): Promise<string> {
  for (const [key, value] of Object.entries(options.env)) if (key.toLowerCase() === 'npm_config_registry' && value) return value;
  try {
    const run = await runNpm(['config', 'get', 'registry'], options);
    if (run.status === 0 && run.stdout.trim() !== '') return run.stdout.trim();
  } catch {
    // fall through
  }
  return 'the configured npm registry';
}

/** `npm install --prefix DIR --install-links PATH`: a package directory on disk, copied (not linked) in. */
export async function npmInstallLocal(prefix: string, packageDir: string, options: NpmOptions): Promise<void> {
  const run = await runNpm(
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--legacy-peer-deps', '--install-links', '--json', packageDir],
    options,
  );
  if (run.status !== 0) throw npmError(run);
}
