// The second stage of template parsing (hclsyntax's templateParser): the flat sequence of template parts —
// literals (already trimmed and merged), interpolations and directive markers — becomes expressions, with
// `%{if}` desugared to a conditional and `%{for}` to a TemplateJoin over a for expression.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { rangeToString, type SourceFile, type SourceRange } from '../source.js';
import { DynamicVal } from '../values/value.js';
import type { NativeExpr } from './ast.js';
import { ConditionalNode, ForNode, LiteralNode, StringLiteralNode, TemplateJoinNode, TemplateNode, endOf, startOf } from './nodes.js';

export type TemplatePart =
  | { t: 'lit'; val: string; start: number; end: number }
  | { t: 'interp'; expr: NativeExpr }
  | { t: 'if'; cond: NativeExpr; range: SourceRange }
  | { t: 'for'; keyVar?: string; valVar: string; coll: NativeExpr; range: SourceRange }
  | { t: 'endCtrl'; which: 'endif' | 'else' | 'endfor'; range: SourceRange }
  | { t: 'end'; range: SourceRange };

function placeholder(range: SourceRange): NativeExpr {
  return new LiteralNode(range.file, range.startOffset, range.endOffset, DynamicVal);
}

function emptyString(file: SourceFile, at: number): NativeExpr {
  return new StringLiteralNode(file, at, at, '');
}

/** A template over parts in source order: from the first to the last. */
function templateOf(file: SourceFile, parts: NativeExpr[]): TemplateNode {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  return new TemplateNode(file, Math.min(startOf(first), startOf(last)), Math.max(endOf(first), endOf(last)), parts);
}

/** Build the template's top-level expressions from its parts (the last part is always `end`). */
export function buildTemplate(parts: readonly TemplatePart[], file: SourceFile, diags: Diagnostic[]): NativeExpr[] {
  // Fast path for the common shapes: one literal, or one interpolation.
  if (parts.length === 2) {
    const only = parts[0]!;
    if (only.t === 'lit') return [literalOf(file, only)];
    if (only.t === 'interp') return [only.expr];
  }
  return new TemplateBuilder(parts, file, diags).root();
}

function literalOf(file: SourceFile, part: Extract<TemplatePart, { t: 'lit' }>): NativeExpr {
  return new StringLiteralNode(file, part.start, part.end, part.val);
}

class TemplateBuilder {
  private pos = 0;
  constructor(
    private readonly parts: readonly TemplatePart[],
    private readonly file: SourceFile,
    private readonly diags: Diagnostic[],
  ) {}

  root(): NativeExpr[] {
    const exprs: NativeExpr[] = [];
    while (this.peek().t !== 'end') exprs.push(this.parseExpr());
    return exprs.slice();
  }

  private peek(): TemplatePart {
    return this.parts[this.pos]!;
  }
  private read(): TemplatePart {
    const part = this.parts[this.pos]!;
    if (part.t !== 'end') this.pos++;
    return part;
  }

  private parseExpr(): NativeExpr {
    const part = this.peek();
    switch (part.t) {
      case 'lit':
        this.read();
        return literalOf(this.file, part);
      case 'interp':
        this.read();
        return part.expr;
      case 'if':
        return this.parseIf(part);
      case 'for':
        return this.parseFor(part);
      case 'end':
        this.read();
        this.diags.push(errorDiag('Unexpected end of template', 'The control directives within this template are unbalanced.', part.range));
        return placeholder(part.range);
      case 'endCtrl':
        this.read();
        this.diags.push(errorDiag(`Unexpected ${part.which} directive`, 'The control directives within this template are unbalanced.', part.range));
        return placeholder(part.range);
    }
  }

  private parseIf(open: Extract<TemplatePart, { t: 'if' }>): NativeExpr {
    this.read();
    const diags = this.diags;
    const ifExprs: NativeExpr[] = [];
    const elseExprs: NativeExpr[] = [];
    let current = ifExprs;
    let endifRange: SourceRange;
    for (;;) {
      const next = this.peek();
      if (next.t === 'end') {
        diags.push(errorDiag('Unexpected end of template', `The if directive at ${rangeToString(open.range)} is missing its corresponding endif directive.`, next.range));
        return placeholder(next.range);
      }
      if (next.t === 'endCtrl') {
        this.read();
        if (next.which === 'else') {
          if (current === ifExprs) {
            current = elseExprs;
            continue;
          }
          diags.push(errorDiag('Unexpected else directive', `Already in the else clause for the if started at ${rangeToString(open.range)}.`, next.range));
        } else if (next.which === 'endif') {
          endifRange = next.range;
          break;
        } else {
          diags.push(errorDiag(`Unexpected ${next.which} directive`, `Expecting an endif directive for the if started at ${rangeToString(open.range)}.`, next.range));
        }
        return placeholder(next.range);
      }
      current.push(this.parseExpr());
    }
    if (ifExprs.length === 0) ifExprs.push(emptyString(this.file, open.range.endOffset));
    if (elseExprs.length === 0) elseExprs.push(emptyString(this.file, endifRange.startOffset));
    return new ConditionalNode(
      this.file,
      Math.min(open.range.startOffset, endifRange.startOffset),
      Math.max(open.range.endOffset, endifRange.endOffset),
      open.cond,
      templateOf(this.file, ifExprs),
      templateOf(this.file, elseExprs),
    );
  }

  private parseFor(open: Extract<TemplatePart, { t: 'for' }>): NativeExpr {
    this.read();
    const diags = this.diags;
    const content: NativeExpr[] = [];
    let endforRange: SourceRange;
    for (;;) {
      const next = this.peek();
      if (next.t === 'end') {
        diags.push(errorDiag('Unexpected end of template', `The for directive at ${rangeToString(open.range)} is missing its corresponding endfor directive.`, next.range));
        return placeholder(next.range);
      }
      if (next.t === 'endCtrl') {
        this.read();
        if (next.which === 'else') {
          diags.push(errorDiag('Unexpected else directive', 'An else clause is not expected for a for directive.', next.range));
        } else if (next.which === 'endfor') {
          endforRange = next.range;
          break;
        } else {
          diags.push(errorDiag(`Unexpected ${next.which} directive`, `Expecting an endfor directive corresponding to the for directive at ${rangeToString(open.range)}.`, next.range));
        }
        return placeholder(next.range);
      }
      content.push(this.parseExpr());
    }
    if (content.length === 0) content.push(emptyString(this.file, open.range.endOffset));
    // The for directive comes before its endfor: the range runs from one to the other.
    const start = open.range.startOffset;
    const end = endforRange.endOffset;
    const parts = { keyVar: open.keyVar, valVar: open.valVar, collExpr: open.coll, valExpr: templateOf(this.file, content), group: false };
    const tuple = new ForNode(this.file, start, end, parts, open.range.endOffset, endforRange.startOffset);
    return new TemplateJoinNode(this.file, start, end, tuple);
  }
}
