import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinDocsPages } from '@tspacker/plugin-builtin/docs-pages.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');

test('docs/ is what the specs say (regenerate with scripts/write-docs.mjs)', () => {
  const pages = builtinDocsPages();
  expect(pages).toHaveLength(17);
  for (const page of pages) expect([page.path, readFileSync(join(docs, page.path), 'utf8')]).toEqual([page.path, page.text]);
});

test('a page lists attributes with types and defaults', () => {
  const page = builtinDocsPages().find((p) => p.path === 'post-processors/manifest.md')!;
  expect(page.text).toContain('# `manifest` post-processor');
  expect(page.text).toContain('- `output` (string) - The manifest file. Defaults to `packer-manifest.json`.');
});
