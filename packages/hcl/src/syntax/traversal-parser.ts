// Absolute traversals (hclsyntax's parser_traversal.go): a root name, then attribute names and literal indexes only,
// as parseTraversalAbs accepts them (references in JSON strings, for example).
import { stringVal } from '../values/value.js';
import type { Traversal, TraverseStep } from './ast.js';
import { AttrStep, IndexStep, RootStep, SplatStep } from './nodes.js';
import { between } from './peeker.js';
import type { Parser } from './parser.js';
import { K } from './token-kinds.js';

export function parseTraversal(ps: Parser, allowSplats: boolean): Traversal {
  const p = ps.p;
  const ret: TraverseStep[] = [];
  const varTok = p.read();
  const varRange = p.range(varTok);
  if (p.lastKind() !== K.Ident) {
    ps.err('Variable name required', 'Must begin with a variable name.', varRange);
    return ret;
  }
  ret.push(new RootStep(p.file, varRange.startOffset, varRange.endOffset, p.nameOf(varTok)));
  for (;;) {
    const kind = p.peekKind();
    if (kind === K.EOF) return ret;
    if (kind === K.Dot) {
      const dot = p.range(p.read());
      const nameTok = p.read();
      const nameRange = p.range(nameTok);
      if (p.lastKind() !== K.Ident) {
        ps.err(
          'Attribute name required',
          p.lastKind() === K.Star ? 'Splat expressions (.*) may not be used here.' : 'Dot must be followed by attribute name.',
          nameRange,
          between(varRange, nameRange),
        );
        return ret;
      }
      const r = between(dot, nameRange);
      ret.push(new AttrStep(p.file, r.startOffset, r.endOffset, p.nameOf(nameTok)));
      continue;
    }
    if (kind === K.OBrack) {
      const open = p.range(p.read());
      const nextKind = p.peekKind();
      const unclosed = (): boolean => {
        const closeIdx = p.read();
        if (p.lastKind() !== K.CBrack) {
          const r = p.range(closeIdx);
          ps.err('Unclosed index brackets', 'Index key must be followed by a closing bracket.', r, between(open, r));
          return true;
        }
        return false;
      };
      if (nextKind === K.NumberLit) {
        const n = ps.diags.length;
        const key = ps.numberLitValue(p.read());
        const bad = unclosed();
        const r = between(open, p.prevRange());
        ret.push(new IndexStep(p.file, r.startOffset, r.endOffset, key));
        if (bad || ps.errorsSince(n)) return ret;
        continue;
      }
      if (nextKind === K.OQuote) {
        const n = ps.diags.length;
        const [str] = ps.parseQuotedStringLiteral();
        unclosed();
        const r = between(open, p.prevRange());
        ret.push(new IndexStep(p.file, r.startOffset, r.endOffset, stringVal(str)));
        if (ps.errorsSince(n)) return ret;
        continue;
      }
      if (nextKind === K.Star && allowSplats) {
        p.read();
        const bad = unclosed();
        const r = between(open, p.prevRange());
        ret.push(new SplatStep(p.file, r.startOffset, r.endOffset));
        if (bad) return ret;
        continue;
      }
      const r = p.nextRange();
      if (nextKind === K.Star) {
        ps.err('Attribute name required', 'Splat expressions ([*]) may not be used here.', r, between(varRange, r));
      } else {
        ps.err('Index value required', 'Index brackets must contain either a literal number or a literal string.', r, between(varRange, r));
      }
      return ret;
    }
    const r = p.nextRange();
    ps.err('Invalid character', 'Expected an attribute access or an index operator.', r, between(varRange, r));
    return ret;
  }
}
