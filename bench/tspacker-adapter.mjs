// Adapter that plugs tspacker's HCL parser into ../../shared/bench/hcl-parsers.mjs (`--extra`).
// Two variants: `tspacker` parses with lazy ranges (what the CLI does), `tspacker+positions` also resolves every
// node's start and end position (line, grapheme column, UTF-8 byte), to show the cost of materialising them all.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const hclDist = pathToFileURL(path.join(here, '..', 'packages', 'hcl', 'dist', 'index.js')).href;

function firstError(diags) {
  const e = diags.find((d) => d.severity === 'error');
  return e && `${e.summary}: ${e.detail ?? ''}`;
}

// Visit every object reachable from the AST and read its range fields, so that lazy positions are computed.
function touchRanges(node, seen = new Set()) {
  if (!node || typeof node !== 'object' || seen.has(node)) return 0;
  seen.add(node);
  let n = 0;
  for (const [k, v] of Object.entries(node)) {
    if (v && typeof v === 'object' && 'startOffset' in v) {
      void v.start.byte;
      void v.end.byte;
      n++;
    } else if (k !== 'value' && v && typeof v === 'object') n += touchRanges(v, seen);
  }
  return n;
}

function adapter(name, withPositions) {
  return {
    name,
    kind: withPositions ? 'tspacker parseConfig + every range resolved' : 'tspacker parseConfig (chevrotain lexer, lazy ranges)',
    async load() {
      const hcl = await import(hclDist);
      return {
        parse(src, filename) {
          const { body, diags } = hcl.parseConfig(src, filename);
          const err = firstError(diags);
          if (err) return { ok: false, error: err };
          const nodes = withPositions ? touchRanges(body) : undefined;
          return { ok: true, nodes };
        },
      };
    },
  };
}

export default [adapter('tspacker', false), adapter('tspacker+positions', true)];
