// JSON parse diagnostics against the real Packer: every broken `.pkr.json` below is validated by one `packer
// validate` run over a directory (Packer parses all files and reports every parse error before giving up), and its
// output must match our diagnostics rendered by the same text writer Packer uses. The writer prints the lines the
// subject and context ranges cover and the enclosing block path, so this checks ranges at line granularity, plus
// the exact sequence of summaries and details (including the extra ones Go's parser emits after an error).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseJson } from '../../src/json/parser.js';
import { jsonDiagnosticSource, renderDiagnostics } from '../../src/render/diagnostics-text.js';

const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';

const documents: string[] = [
  '{\n  "source": {\n    "null": {\n      "x": {\n        "communicator": "none",\n      }\n    }\n  }\n}\n',
  '{"variable": {"v": {"default": tru}}}',
  '{\n  "a": 1\n  "b": 2\n}\n',
  '{\n  "a": 1\n  "b": 2\n}\n\n\n',
  '[1',
  '{"a\\q": 1}',
  '{"é\\x": 1}',
  '{\t"a":\t"b\\x"}',
  '{\n  "locals": {\n    "x": [1, 2\n  }\n}\n',
  '{\n  "locals": {\n    "x": [1 2],\n    "y": 3\n  }\n}\n',
  '{\n  "locals": {\n    "x": {"k" = 1}\n  }\n}\n',
  '{\n  "locals": {\n    "x": {"k" 1}\n  }\n}\n',
  '{\n  "locals": {\n    "x": NaN,\n    "y": undefined,\n    "z": nul\n  }\n}\n',
  '{\n  "locals": {\n    "x": 01,\n    "y": .5,\n    "z": 1e\n  }\n}\n',
  '{\n  "locals": {\n    "x": "a\nb"\n  }\n}\n',
  '{\n  "locals": {\n    "x": [1,],\n    "y": {"a": 1,}\n  }\n}\n',
  '{\n  "locals": {\n    "x": ["k": 1]\n  }\n}\n',
  '{\n  "locals": {\n    "x": ]\n  }\n}\n',
  '{\n  "locals": {\n    "x": }\n}\n',
  '{\n  "locals": {\n    // comment\n  }\n}\n',
  '{\n  "locals": {\n    "x": 1\n  }\n}\nextra\n',
  '{\n  "locals": {\n    "x": 1\n  }\n',
  '"just a string"\n',
  '\n\n',
  '{\n  "locals": {\n    true: 1\n  }\n}\n',
  '{\n  "locals": {\n    "x": 1,\n    "y": {"z": [1, 2}\n  }\n}\n',
];

function names(): string[] {
  return documents.map((_, i) => `f${String(i).padStart(3, '0')}.pkr.json`);
}

/** Split a text-writer output into its diagnostics. */
function blocks(out: string): string[] {
  return out.split(/^(?=Error: |Warning: )/m).filter((b) => b.trim() !== '');
}

test('parse diagnostics render exactly as packer validate prints them', () => {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-json-oracle-'));
  try {
    const files = names();
    documents.forEach((d, i) => fs.writeFileSync(path.join(dir, files[i]!), d));
    const run = spawnSync(PACKER, ['validate', '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' },
    });
    if (run.error) throw run.error;
    expect(run.status).toBe(1);

    let ours = '';
    for (const [i, text] of documents.entries()) {
      // Packer names files by their path relative to the directory it was given.
      const r = parseJson(text, files[i]!);
      ours += renderDiagnostics(r.diags, new Map([[files[i]!, jsonDiagnosticSource(text, r.body.node)]]));
    }
    // Packer ends its output with one more newline after the last diagnostic.
    expect(run.stdout.endsWith('\n\n\n')).toBe(true);
    expect(blocks(ours)).toEqual(blocks(run.stdout.slice(0, -1)));
    expect(blocks(ours).length).toBeGreaterThan(documents.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
