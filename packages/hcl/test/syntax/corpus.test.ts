// Every HCL file of the shared corpus (read in place) parses exactly as Go's hclsyntax decides: the files below are
// the only ones with syntax errors. The list was derived by running Packer 1.6.6 (`packer fmt -check` on a copy
// named x.pkr.hcl or x.pkrvars.hcl: exit 1 means the file did not parse) on every file, and the last test re-checks
// it against the same oracle. (packer's command/test-fixtures/fmt_errs/malformed.pkr.hcl is not in this corpus.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSource, parseConfig } from '../../src/syntax/index.js';
import { packerFmtBatch } from '../format/packer-oracle.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');

/** Corpus files with syntax errors, and the first error hclsyntax reports for each. */
const REJECTED: Record<string, string> = {
  'hcl-specsuite/tests/structure/attributes/singleline_bad.hcl': 'Unexpected comma after argument',
  'hcl-specsuite/tests/structure/blocks/single_oneline_invalid.hcl': 'Invalid single-argument block definition',
  'hcl-specsuite/tests/structure/blocks/single_unclosed.hcl': 'Unclosed configuration block',
  // A duplicate attribute is a parse error in Go ("Attribute redefined").
  'packer-v1.9.4/hcl2template/testdata/init/duplicate_required_plugins/packer.pkr.hcl': 'Attribute redefined',
};

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.hcl')) out.push(p);
  }
  return out.sort();
}

const files = walk(corpus).map((f) => path.relative(corpus, f));

test('the corpus is there', () => {
  expect(files.length).toBeGreaterThan(150);
  for (const f of Object.keys(REJECTED)) expect(files).toContain(f);
  // Valid syntax whose error is in the schema, not the parser.
  expect(files).toContain('hcl-specsuite/tests/structure/attributes/unexpected.hcl');
});

test.each(files)('%s', (f) => {
  const { text } = decodeSource(fs.readFileSync(path.join(corpus, f)));
  const { diags } = parseConfig(text, f);
  const want = REJECTED[f];
  if (want === undefined) {
    expect(diags.map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
  } else {
    expect(diags.length).toBeGreaterThan(0);
    expect(diags.every((d) => d.severity === 'error' && d.subject !== undefined)).toBe(true);
    expect(diags[0]!.summary).toBe(want);
  }
});

test('packer 1.6.6 refuses exactly the files listed', () => {
  const results = packerFmtBatch(files.map((f) => ({ name: f, text: fs.readFileSync(path.join(corpus, f)) })));
  const refused = files.filter((_, i) => results[i]!.refused);
  expect(refused).toEqual(Object.keys(REJECTED).sort());
}, 60_000);
