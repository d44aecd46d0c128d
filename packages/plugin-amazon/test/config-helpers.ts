// Helpers of the config-*.test.ts files: a template validated the way `tspacker validate` does it (core's
// loadTemplate, initializeTemplate without executing data sources, getBuilds, which decodes and prepares every
// builder), with the amazon and built-in components registered; and Packer 1.6.6's `packer validate`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getBuilds, initializeTemplate, loadTemplate, type CoreBuild } from '@tspacker/core';
import { renderDiagnostics, type Diagnostic } from '@tspacker/hcl';
import { mergedBuiltins } from '../../cli/src/template.js';

export const corpusDir = path.resolve(import.meta.dirname, '../../../../shared/corpus/packer-plugin-amazon');

export interface Validated {
  readonly diags: Diagnostic[];
  readonly builds: CoreBuild[];
  /** Error summaries (a builder's MultiError text is its summary). */
  readonly errors: string[];
  readonly warnings: string[];
}

export interface ValidateOptions {
  readonly vars?: readonly (readonly [string, string])[];
  readonly env?: Record<string, string>;
  readonly force?: boolean;
  readonly cwd?: string;
}

/** Validates the template file at `file` (decode + prepare of every build, data sources not executed). */
export async function validateFile(file: string, options: ValidateOptions = {}): Promise<Validated> {
  const loaded = await loadTemplate({
    path: file,
    varFiles: [],
    vars: options.vars ?? [],
    env: options.env ?? {},
    cwd: options.cwd ?? path.dirname(file),
    coreVersion: '1.16.0',
    components: mergedBuiltins(), // the CLI's registry: Packer's built-ins, the amazon components, ssh
    skipDatasourcesExecution: true,
  });
  const diags = [...loaded.diags];
  let builds: CoreBuild[] = [];
  if (loaded.value && !diags.some((d) => d.severity === 'error')) {
    diags.push(...(await initializeTemplate(loaded.value)));
    if (!diags.some((d) => d.severity === 'error')) {
      const got = getBuilds(loaded.value, { only: [], except: [], force: options.force ?? false });
      diags.push(...got.diags);
      builds = got.builds;
    }
  }
  return {
    diags,
    builds,
    errors: diags.filter((d) => d.severity === 'error').map((d) => d.summary),
    warnings: diags.filter((d) => d.severity === 'warning').map((d) => d.summary),
  };
}

/** A scratch directory for templates and files; removed by `cleanup`. */
export function scratch(): { dir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-amazon-config-'));
  return {
    dir,
    write(name, text) {
      const p = path.join(dir, name);
      fs.writeFileSync(p, text);
      return p;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The minimal valid source body these tests start from. */
export const BASE = {
  region: 'us-east-1',
  source_ami: 'ami-12345678',
  instance_type: 't3.micro',
  ami_name: 'test-ami',
  ssh_username: 'ubuntu',
};

/** An `amazon-ebs` source with `body` (HCL lines) and a build of it. */
export function ebsTemplate(body: string): string {
  return `source "amazon-ebs" "a" {\n${body}}\n\nbuild {\n  sources = ["source.amazon-ebs.a"]\n}\n`;
}

/** HCL attribute lines for `attrs` (strings quoted, others as JSON, which is HCL for lists/numbers/bools). */
export function attrs(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([k, v]) => `  ${k} = ${JSON.stringify(v)}\n`)
    .join('');
}

/** The MultiError items of a builder error summary (`N error(s) occurred:\n\n* a\n* b`). */
export function multiErrorItems(summary: string): string[] {
  const m = /^\d+ error\(s\) occurred:\n\n/.exec(summary);
  if (!m) return [summary];
  return summary
    .slice(m[0].length)
    .split(/\n\* /)
    .map((s, i) => (i === 0 ? s.replace(/^\* /, '') : s));
}

/** `packer validate FILE` (Packer 1.6.6), in the file's directory, without colour or checkpoint calls. */
export function packerValidate(file: string, env: Record<string, string> = {}): { stdout: string; status: number | null } {
  const run = spawnSync('packer', ['validate', path.basename(file)], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1', ...env },
    timeout: 30_000,
  });
  return { stdout: run.stdout, status: run.status };
}

export const render = (diags: readonly Diagnostic[]): string => renderDiagnostics(diags);
