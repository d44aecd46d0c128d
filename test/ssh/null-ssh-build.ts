// Building a template whose null source connects to a real sshd, in this process: the communicator settings
// for such a source, and tspacker's build (core's runBuilds with the built-in components and the ssh
// communicator) recording every line it prints, as `packer build` prints them, and its progress bars.
import path from 'node:path';
import { getBuilds, runBuilds } from '@tspacker/core';
import { builtinComponents } from '@tspacker/plugin-builtin';
import { builtinCommunicators } from '@tspacker/plugin-ssh';
import { loadAndInitialize } from '../support/data-components.js';
import { RecordingBuildsUi } from '../support/recording-builds-ui.js';
import type { Sshd } from '../support/sshd.js';

/** The build every template here defines: source "null" "x", so lines read `==> null.x: …`. */
export const BUILD = 'null.x';

/** The source settings (HCL attribute lines) that connect to `sshd` with its key and a short ssh_timeout. */
export function sshSettings(sshd: Sshd, sshTimeout = '20s'): string[] {
  return [
    'communicator = "ssh"',
    `ssh_host = "${sshd.host}"`,
    `ssh_port = ${sshd.port}`,
    `ssh_username = "${sshd.user}"`,
    `ssh_private_key_file = "${sshd.privateKeyFile}"`,
    `ssh_timeout = "${sshTimeout}"`,
  ];
}

/** The null source connecting to `sshd` (sshSettings), and `extra` lines. */
export function nullSshSource(sshd: Sshd, extra: readonly string[] = [], sshTimeout?: string): string {
  return ['source "null" "x" {', ...[...sshSettings(sshd, sshTimeout), ...extra].map((line) => `  ${line}`), '}', ''].join('\n');
}

/** What a build printed (`==> null.x: text` lines, errors included, in order) and its exit code. */
export interface BuildRun {
  readonly lines: string[];
  readonly exitCode: number;
}

/** A tspacker build's run: its lines and, as `start LABEL` / `update TEXT` / `done`, its progress bars. */
export interface TspackerRun extends BuildRun {
  readonly progress: string[];
}

/** `tspacker build` of `dir/build.pkr.hcl` in this process; `onLine` sees each line as it is printed. */
export async function tspackerBuild(
  dir: string,
  options: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<TspackerRun> {
  const components = { ...builtinComponents(), communicators: builtinCommunicators() };
  const { config, diags } = await loadAndInitialize(path.join(dir, 'build.pkr.hcl'), { components, cwd: dir });
  const errors = diags.filter((d) => d.severity === 'error');
  if (!config || errors.length > 0) throw new Error(errors.map((d) => `${d.summary}: ${d.detail}`).join('\n'));
  const { builds, diags: buildDiags } = getBuilds(config, { only: [], except: [] });
  const buildErrors = buildDiags.filter((d) => d.severity === 'error');
  if (buildErrors.length > 0) throw new Error(buildErrors.map((d) => `${d.summary}: ${d.detail}`).join('\n'));
  const ui = new RecordingBuildsUi(options.onLine ?? (() => {}));
  const result = await runBuilds(builds, {
    ui,
    signal: options.signal ?? new AbortController().signal,
    parallelBuilds: 0,
    onError: '',
    debug: false,
    communicators: components.communicators,
  });
  return { lines: ui.lines, progress: ui.progress, exitCode: result.exitCode };
}
