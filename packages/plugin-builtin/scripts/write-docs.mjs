// Writes docs/<kind>/<type>.md from the built package (run `npx tsc -b packages/plugin-builtin` first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinDocsPages } from '../dist/docs-pages.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
for (const page of builtinDocsPages()) {
  mkdirSync(dirname(join(docs, page.path)), { recursive: true });
  writeFileSync(join(docs, page.path), page.text);
}
