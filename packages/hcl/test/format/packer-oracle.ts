// The real `packer fmt` as a test oracle. Packer 1.6.6 has no stdin mode and no -recursive, so each batch of
// sources is written into one temporary directory under numbered names and formatted by a single `packer fmt`
// run (one process for the whole batch keeps the tests fast); the files it rewrote are read back.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';

export interface OracleInput {
  /** Used only to keep the original suffix (`.pkr.hcl` or `.pkrvars.hcl`). */
  readonly name: string;
  readonly text: string | Buffer;
}

export interface OracleResult {
  /** True when packer could not parse the file ("encountered an error while formatting"). */
  readonly refused: boolean;
  /** The file's bytes after `packer fmt` (the input itself when it was already formatted or refused). */
  readonly output: Buffer;
}

function suffixOf(name: string): string {
  return name.endsWith('.pkrvars.hcl') ? '.pkrvars.hcl' : '.pkr.hcl';
}

export function packerFmtBatch(inputs: readonly OracleInput[]): OracleResult[] {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-fmt-oracle-'));
  try {
    const names = inputs.map((input, i) => `f${String(i).padStart(5, '0')}${suffixOf(input.name)}`);
    inputs.forEach((input, i) => fs.writeFileSync(path.join(dir, names[i]!), input.text));
    const run = spawnSync(PACKER, ['fmt', '.'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 28, // one error report per refused file
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' },
    });
    if (run.error) throw run.error;
    const refused = new Set<string>();
    for (const m of run.stdout.matchAll(/encountered an error while formatting (\S+)/g)) refused.add(m[1]!);
    // Any exit but 0 (all fine) or 1 (some file refused) means the oracle itself misbehaved.
    if (run.status !== 0 && !(run.status === 1 && refused.size > 0)) {
      throw new Error(`packer fmt exited ${run.status}:\n${run.stdout}${run.stderr}`);
    }
    return names.map((n) => ({ refused: refused.has(n), output: fs.readFileSync(path.join(dir, n)) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
