// Adapter that plugs tspacker's HCL parser into ../../shared/bench/hcl-parsers.mjs (`--extra`).
// Ranges are computed on demand (nodes keep offsets; positions are resolved when read), as the CLI uses them.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const hclDist = pathToFileURL(path.join(here, '..', 'packages', 'hcl', 'dist', 'index.js')).href;

function firstError(diags) {
  const e = diags.find((d) => d.severity === 'error');
  return e && `${e.summary}: ${e.detail ?? ''}`;
}

function adapter(name) {
  return {
    name,
    kind: 'tspacker parseConfig (chevrotain lexer, ranges on demand)',
    async load() {
      const hcl = await import(hclDist);
      return {
        parse(src, filename) {
          const { body, diags } = hcl.parseConfig(src, filename);
          const err = firstError(diags);
          if (err) return { ok: false, error: err };
          void body;
          return { ok: true };
        },
      };
    },
  };
}

export default [adapter('tspacker')];
