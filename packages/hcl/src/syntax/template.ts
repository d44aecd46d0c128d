// The second stage of template parsing (hclsyntax's templateParser): the flat sequence of template parts —
// literals (already trimmed and merged), interpolations and directive markers — becomes expressions, with
// `%{if}` desugared to a conditional and `%{for}` to a TemplateJoin over a for expression.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { SourceRange, rangeToString, type SourceFile } from '../source.js';
import { DynamicVal, stringVal } from '../values/value.js';
import type { NativeExpr, TemplateExpr } from './ast.js';
import { between } from './peeker.js';

export type TemplatePart =
  | { t: 'lit'; val: string; start: number; end: number }
  | { t: 'interp'; expr: NativeExpr; range: SourceRange }
  | { t: 'if'; cond: NativeExpr; range: SourceRange }
  | { t: 'for'; keyVar?: string; valVar: string; coll: NativeExpr; range: SourceRange }
  | { t: 'endCtrl'; which: 'endif' | 'else' | 'endfor'; range: SourceRange }
  | { t: 'end'; range: SourceRange };

function placeholder(range: SourceRange): NativeExpr {
  return { kind: 'literal', value: DynamicVal, range };
}

function emptyString(file: SourceFile, at: number): NativeExpr {
  return { kind: 'literal', value: stringVal(''), range: new SourceRange(file, at, at) };
}

function templateOf(parts: NativeExpr[]): TemplateExpr {
  return { kind: 'template', parts, range: between(parts[0]!.range as SourceRange, parts[parts.length - 1]!.range as SourceRange) };
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
  return { kind: 'literal', value: stringVal(part.val), range: new SourceRange(file, part.start, part.end) };
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
    return {
      kind: 'conditional',
      condition: open.cond,
      trueResult: templateOf(ifExprs),
      falseResult: templateOf(elseExprs),
      range: between(open.range, endifRange),
    };
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
    const range = between(open.range, endforRange);
    return {
      kind: 'templateJoin',
      tuple: {
        kind: 'for',
        ...(open.keyVar !== undefined ? { keyVar: open.keyVar } : {}),
        valVar: open.valVar,
        collExpr: open.coll,
        valExpr: templateOf(content),
        group: false,
        range,
        openRange: open.range,
        closeRange: endforRange,
      },
      range,
    };
  }
}
