// Schema decoding against the real Packer (1.6.6 at /usr/bin/packer): files whose top level breaks Packer's
// configuration schema are validated, and the diagnostics must match ours for the same schema, rendered by the same
// text writer — summaries, details with their suggestions, order, and the lines the ranges select.
// Packer 1.6.6 decodes every file twice and prints each diagnostic twice; we compare the first occurrences. Go
// reports a body's unsupported arguments in map order (random), we in source order: runs of them are sorted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bodyContent } from '../../src/decode/content.js';
import { parseJson } from '../../src/json/parser.js';
import type { BodySchema } from '../../src/model.js';
import { jsonDiagnosticSource, nativeDiagnosticSource, renderDiagnostics } from '../../src/render/diagnostics-text.js';
import { parseConfig } from '../../src/syntax/index.js';

const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';

/** The top-level schema of Packer 1.6.6 configuration files (hcl2template's configSchema). */
const configSchema: BodySchema = {
  blocks: [
    { type: 'packer' },
    { type: 'source', labelNames: ['type', 'name'] },
    { type: 'variables' },
    { type: 'variable', labelNames: ['name'] },
    { type: 'locals' },
    { type: 'build' },
  ],
};

const files: Record<string, string> = {
  'a.pkr.hcl': [
    'foo = 1',
    'sourc "null" "x" {}',
    'variable {}',
    'variable "a" "b" {}',
    'variables = {}',
    'source "null" {',
    '}',
    'buidl {}',
    'packer = 1',
    'zzz "q" {}',
    '',
  ].join('\n'),
  'b.pkr.json': [
    '{',
    '  "fo": 1,',
    '  "//": "a comment",',
    '  "variable": {"v": {}},',
    '  "sourc": {},',
    '  "source": {',
    '    "null": []',
    '  },',
    '  "build": "x",',
    '  "variable": {"w": null, "x": 12},',
    '  "locals": null',
    '}',
    '',
  ].join('\n'),
};

function blocks(out: string): string[] {
  const list = out.split(/^(?=Error: |Warning: )/m).filter((b) => b.trim() !== '');
  // Sort each run of consecutive "Unsupported argument" diagnostics.
  const out2: string[] = [];
  for (let i = 0; i < list.length; ) {
    let j = i;
    while (j < list.length && list[j]!.startsWith('Error: Unsupported argument')) j++;
    if (j > i) {
      out2.push(...list.slice(i, j).sort());
      i = j;
    } else out2.push(list[i++]!);
  }
  return out2;
}

test('top-level schema diagnostics match packer validate', () => {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-decode-oracle-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const run = spawnSync(PACKER, ['validate', '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' },
    });
    if (run.error) throw run.error;
    expect(run.status).toBe(1);

    let ours = '';
    // Packer reads native files first, then JSON files.
    for (const name of ['a.pkr.hcl', 'b.pkr.json']) {
      const text = files[name]!;
      if (name.endsWith('.json')) {
        const p = parseJson(text, name);
        expect(p.diags).toEqual([]);
        ours += renderDiagnostics(bodyContent(p.body, configSchema).diags, new Map([[name, jsonDiagnosticSource(text, p.body.node)]]));
      } else {
        const p = parseConfig(text, name);
        expect(p.diags).toEqual([]);
        ours += renderDiagnostics(bodyContent(p.body, configSchema).diags, new Map([[name, nativeDiagnosticSource(text, p.body)]]));
      }
    }
    const theirs = [...new Set(blocks(run.stdout.replace(/\n$/, '')))];
    expect(blocks(ours)).toEqual(theirs);
    expect(theirs.length).toBeGreaterThanOrEqual(12);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
