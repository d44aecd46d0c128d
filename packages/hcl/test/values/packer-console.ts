// The real `packer console` (1.6.6) as a test oracle for number arithmetic and formatting. Piped input is
// evaluated as one expression, so a whole batch goes into a single `jsonencode([...])` of templates: each
// element is "=${expr}" (the prefix stops HCL from unwrapping a lone interpolation), so every result comes
// back as a JSON string holding the value converted to string. One packer process serves one batch.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';

export function packerAvailable(): boolean {
  return fs.existsSync(PACKER);
}

/** Evaluates each HCL expression with `packer console` and returns its string conversion. */
export function consoleStrings(exprs: readonly string[]): string[] {
  if (exprs.length === 0) return [];
  const input = `jsonencode([${exprs.map((e) => `"=\${${e}}"`).join(', ')}])\n`;
  const r = spawnSync(PACKER, ['console', '-config-type=hcl2'], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`packer console failed (${r.status}): ${r.stdout}${r.stderr}`);
  const out = JSON.parse(r.stdout.trim()) as string[];
  if (!Array.isArray(out) || out.length !== exprs.length) throw new Error(`unexpected console output: ${r.stdout.slice(0, 500)}`);
  return out.map((s) => {
    if (!s.startsWith('=')) throw new Error(`unexpected element ${s}`);
    return s.slice(1);
  });
}

/** Runs one expression on its own and returns stdout, or the error text when packer rejects it. */
export function consoleOne(expr: string): { ok: boolean; text: string } {
  const r = spawnSync(PACKER, ['console', '-config-type=hcl2'], { input: expr + '\n', encoding: 'utf8', timeout: 60_000 });
  const text = (r.stdout + r.stderr).trim();
  return { ok: r.status === 0 && !text.startsWith('Error:'), text };
}

/** Runs several single expressions in parallel (one packer process each). */
export async function consoleMany(exprs: readonly string[], parallel = 8): Promise<{ ok: boolean; text: string }[]> {
  const { spawn } = await import('node:child_process');
  const out: { ok: boolean; text: string }[] = new Array(exprs.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < exprs.length) {
      const i = next++;
      out[i] = await new Promise((resolve, reject) => {
        const p = spawn(PACKER, ['console', '-config-type=hcl2']);
        let text = '';
        p.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
        p.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')));
        p.on('error', reject);
        // (packer console exits 0 even when it reports an error diagnostic)
        p.on('close', (code) => resolve({ ok: code === 0 && !text.startsWith('Error:'), text: text.trim() }));
        p.stdin.end(exprs[i] + '\n');
      });
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, exprs.length) }, worker));
  return out;
}

/** The detail text of a console error, with Packer's 80-column wrapping undone. */
export function consoleErrorDetail(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const body = lines.filter((l) => l !== '' && !l.startsWith('Error:') && !l.startsWith('on <console-input>') && l !== '(source code not available)');
  return body.join(' ');
}
