// `tspacker fmt [-check] [-diff] [-write=false] [-recursive] PATH...`, as Packer's FormatCommand and
// hcl2template.HCL2Formatter behave:
// - a directory is listed in name order; dot-files, `~` backups and `#…#` files are skipped; only `*.pkr.hcl` and
//   `*.pkrvars.hcl` are formatted; sub-directories only with -recursive. A path that is not a directory is
//   formatted whatever its name… unless the name is not an HCL one: `file X is not a HCL file`.
// - `-` reads stdin and writes the result to stdout (the text as is when already formatted; nothing with
//   -write=false or -check); it also turns -diff off for the rest of the run.
// - each changed file's name is printed, then (with -diff) a unified diff made by the system `diff`.
// - errors are collected as diagnostics and printed at the end (exit 1); -check exits 3 if anything would change.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnosticToString, errorDiag, hasErrors, type Diagnostic } from '@tspacker/hcl/diagnostics.js';
import { format } from '@tspacker/hcl/format/index.js';
import { decodeSource, parseConfig } from '@tspacker/hcl/syntax/index.js';
import { parseCommandFlags, metaFlags } from '../flags.js';
import type { Ui } from '../ui.js';
import { writeDiags } from '../diags.js';

const fmtFlags = {
  check: { type: 'bool', default: false },
  diff: { type: 'bool', default: false },
  write: { type: 'bool', default: true },
  recursive: { type: 'bool', default: false },
  ...metaFlags,
} as const;

export async function runFmt(argv: readonly string[], ui: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags(fmtFlags, argv, ui, help);
  if (!flags) return 1;
  if (flags.args.length === 0) {
    ui.say(help);
    return 1;
  }
  const check = flags.bools.get('check')!;
  const formatter = new Formatter(ui, {
    showDiff: flags.bools.get('diff')!,
    write: check ? false : flags.bools.get('write')!,
    recursive: flags.bools.get('recursive')!,
  });
  const { bytesModified, diags } = formatter.format(flags.args);
  const ret = writeDiags(ui, undefined, diags);
  if (ret !== 0) return ret;
  if (check && bytesModified > 0) return 3; // as `terraform fmt -check`
  return 0;
}

interface FormatterOptions {
  showDiff: boolean;
  write: boolean;
  recursive: boolean;
}

const HCL_FILE = '.pkr.hcl';
const HCL_VAR_FILE = '.pkrvars.hcl';

function isHclFileOrVarFile(p: string): boolean {
  return p.endsWith(HCL_FILE) || p.endsWith(HCL_VAR_FILE);
}

/** Editor leftovers and hidden files, which a directory walk skips. */
function shouldIgnoreFile(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

/** Go's error text for a failed system call, e.g. "open x: no such file or directory". */
function goPathError(op: string, p: string, err: unknown): string {
  const m = /^[A-Z0-9]+: ([^,]+),/.exec((err as Error).message ?? '');
  return `${op} ${p}: ${m ? m[1] : (err as Error).message}`;
}

class Formatter {
  /** hclparse caches files by name: a name parsed before is not parsed (nor refused) again. */
  private readonly parsed = new Set<string>();

  constructor(
    private readonly ui: Ui,
    private readonly opts: FormatterOptions,
  ) {}

  format(paths: readonly string[]): { bytesModified: number; diags: Diagnostic[] } {
    let bytesModified = 0;
    const diags: Diagnostic[] = [];
    for (const p of paths) {
      let isDir = false;
      try {
        isDir = fs.statSync(p).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) {
        bytesModified += this.formatFile(p, diags);
        continue;
      }
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(p, { withFileTypes: true });
      } catch (e) {
        diags.push(errorDiag('Cannot read hcl directory', goPathError('open', p, e)));
        return { bytesModified, diags };
      }
      entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
      for (const entry of entries) {
        if (shouldIgnoreFile(entry.name)) continue;
        const filename = path.join(p, entry.name);
        if (entry.isDirectory()) {
          if (this.opts.recursive) {
            const sub = this.format([filename]);
            bytesModified += sub.bytesModified;
            diags.push(...sub.diags);
          }
          continue;
        }
        if (isHclFileOrVarFile(filename)) bytesModified += this.formatFile(filename, diags);
      }
    }
    return { bytesModified, diags };
  }

  private formatFile(filename: string, diags: Diagnostic[]): number {
    const { output, error } = this.processFile(filename);
    if (error !== undefined) diags.push(errorDiag(`encountered an error while formatting ${filename}`, error));
    return output === undefined ? 0 : Buffer.byteLength(output, 'utf8');
  }

  /** Formats one file; returns the new text when it changed, and/or an error message. */
  private processFile(filename: string): { output?: string; error?: string } {
    const stdin = filename === '-';
    if (!stdin && !isHclFileOrVarFile(filename)) return { error: `file ${filename} is not a HCL file` };

    let bytes: Buffer;
    if (stdin) {
      this.opts.showDiff = false;
      try {
        bytes = fs.readFileSync(0);
      } catch (e) {
        return { error: `failed to read ${filename}: ${goPathError('read', '/dev/stdin', e)}` };
      }
    } else {
      let fd: number;
      try {
        fd = fs.openSync(filename, 'r');
      } catch (e) {
        return { error: `failed to open ${filename}: ${goPathError('open', filename, e)}` };
      }
      try {
        bytes = fs.readFileSync(fd);
      } catch (e) {
        return { error: `failed to read ${filename}: ${goPathError('read', filename, e)}` };
      } finally {
        fs.closeSync(fd);
      }
    }

    const { text } = decodeSource(bytes);
    if (!this.parsed.has(filename)) {
      this.parsed.add(filename);
      const { diags } = parseConfig(text, filename);
      if (hasErrors(diags)) return { error: multiError(diags.filter((d) => d.severity === 'error').map(diagnosticToString)) };
    }

    const out = format(text, filename);
    if (out === text) {
      if (stdin) this.ui.raw(out);
      return {};
    }
    if (!stdin) this.ui.raw(`${filename}\n`);
    if (this.opts.write) {
      if (stdin) this.ui.raw(out);
      else {
        try {
          fs.writeFileSync(filename, out, { mode: 0o644 });
        } catch (e) {
          return { error: goPathError('open', filename, e) };
        }
      }
    }
    if (this.opts.showDiff) {
      const diff = unifiedDiff(text, out, filename);
      if (diff.error !== undefined) return { output: out, error: `failed to generate diff for ${filename}: ${diff.error}` };
      this.ui.raw(diff.output);
    }
    return { output: out };
  }
}

/** go-multierror's list format. */
function multiError(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

/** `diff --label=old/P --label=new/P -u` over two temporary files, as Packer (and terraform fmt) run it. */
function unifiedDiff(before: string, after: string, filename: string): { output: string; error?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-fmt-'));
  try {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    fs.writeFileSync(a, before);
    fs.writeFileSync(b, after);
    const r = spawnSync('diff', [`--label=old/${filename}`, `--label=new/${filename}`, '-u', a, b], { encoding: 'utf8' });
    if (r.error) return { output: '', error: `exec: "diff": executable file not found in $PATH` };
    const output = (r.stdout ?? '') + (r.stderr ?? '');
    if (output.length === 0 && r.status !== 0) return { output, error: `exit status ${r.status}` };
    return { output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
