// The native-syntax parser: a hand-written recursive-descent port of hclsyntax's parser.go (bodies, blocks,
// attributes, expressions); templates are in template-parser.ts, traversals in traversal-parser.ts. It reads tokens
// through the Peeker, which drops newlines where they do not matter. It is hand-written rather than a chevrotain
// parser because HCL's diagnostics and error recovery are part of its behaviour: each production reports
// hclsyntax's exact message and then recovers the same way (skipping to the construct's closer or the end of the
// body item, and entering "recovery" mode, which suppresses follow-on errors) — chevrotain's generic recovery
// cannot reproduce that.
//
// Diagnostics go into one array in the order they are found; `errorsSince(n)` answers hclsyntax's frequent
// "did that sub-parse fail?" question. Nodes (nodes.ts) keep their ranges as UTF-16 offsets; the parser works on
// token indexes and offsets, and builds SourceRange objects only for diagnostics.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { SourceRange, rangeToString } from '../source.js';
import { DynamicVal, False, True, NullDynamic, numberVal, unknownVal, type Value } from '../values/value.js';
import { BigFloat } from '../values/number.js';
import { NumberType } from '../values/types.js';
import { goQuote } from './goquote.js';
import type { BinaryOperator, NativeAttribute, NativeBlock, NativeBody, NativeExpr, ObjectConsItem, TraverseStep } from './ast.js';
import {
  AnonSymbolNode,
  AttrStep,
  AttributeNode,
  BinaryOpNode,
  BlockNode,
  ConditionalNode,
  ForNode,
  FunctionCallNode,
  IndexNode,
  IndexStep,
  LiteralNode,
  NameKeyNode,
  ObjectConsKeyNode,
  ObjectConsNode,
  ParenthesesNode,
  RelativeTraversalNode,
  ScopeTraversalNode,
  SplatNode,
  TupleConsNode,
  UnaryOpNode,
  endOf,
  startOf,
  type OneOrList,
  type Spanned,
} from './nodes.js';
import { Peeker, between } from './peeker.js';
import { decodeLiteral } from './string-literal.js';
import { parseTemplateExpr } from './template-parser.js';
import { K, type Kind, type TokenBuffer } from './token-kinds.js';

function rangeOf(e: NativeExpr): SourceRange {
  return e.range as SourceRange;
}

/** Values of short number literals (values are immutable, and configurations repeat small numbers a lot). */
const numberCache = new Map<string, Value>();

/** Expressions standing for a syntax error inside a construct (hclsyntax's ExprSyntaxError). */
const syntaxErrors = new WeakSet<NativeExpr>();

const BINARY_LEVELS: ReadonlyMap<Kind, BinaryOperator>[] = [
  new Map([[K.Or, '||']]),
  new Map([[K.And, '&&']]),
  new Map<Kind, BinaryOperator>([[K.EqualOp, '=='], [K.NotEqual, '!=']]),
  new Map<Kind, BinaryOperator>([[K.GreaterThan, '>'], [K.GreaterThanEq, '>='], [K.LessThan, '<'], [K.LessThanEq, '<=']]),
  new Map<Kind, BinaryOperator>([[K.Plus, '+'], [K.Minus, '-']]),
  new Map<Kind, BinaryOperator>([[K.Star, '*'], [K.Slash, '/'], [K.Percent, '%']]),
];
// Quick filter: is this kind a binary operator at all?
const IS_BINARY_OP = new Uint8Array(64);
for (const level of BINARY_LEVELS) for (const k of level.keys()) IS_BINARY_OP[k] = 1;

function opposite(k: Kind): Kind {
  switch (k) {
    case K.OBrace: return K.CBrace;
    case K.OBrack: return K.CBrack;
    case K.OParen: return K.CParen;
    case K.OQuote: return K.CQuote;
    case K.OHeredoc: return K.CHeredoc;
    case K.CBrace: return K.OBrace;
    case K.CBrack: return K.OBrack;
    case K.CParen: return K.OParen;
    case K.CQuote: return K.OQuote;
    case K.CHeredoc: return K.OHeredoc;
    case K.TemplateControl: return K.TemplateSeqEnd;
    case K.TemplateInterp: return K.TemplateSeqEnd;
    case K.TemplateSeqEnd: return K.TemplateInterp;
    default: return K.Nil;
  }
}

export class Parser {
  readonly p: Peeker;
  readonly diags: Diagnostic[];
  /** Set once any recovery was attempted: later "unexpected token" errors are then suppressed. */
  recovery = false;
  // Scratch stacks the lists of the tree are collected on (a nested construct works above its parent's items and
  // leaves the stack as it found it); each list is then copied out at its exact size.
  private readonly attrStack = new Stack<NativeAttribute>();
  private readonly blockStack = new Stack<NativeBlock>();
  private readonly exprStack = new Stack<NativeExpr>();
  private readonly itemStack = new Stack<ObjectConsItem>();

  constructor(buf: TokenBuffer, diags: Diagnostic[]) {
    this.p = new Peeker(buf);
    this.diags = diags;
  }

  err(summary: string, detail: string, subject: SourceRange, context?: SourceRange): void {
    this.diags.push(errorDiag(summary, detail, subject, context));
  }
  errorsSince(n: number): boolean {
    return this.diags.length > n;
  }
  isKeyword(i: number, kw: string): boolean {
    const p = this.p;
    return p.kinds[i] === K.Ident && p.ends[i]! - p.starts[i]! === kw.length && p.text.startsWith(kw, p.starts[i]!);
  }

  /**
   * Identifier token i is an object key by itself: the next token is "=" or ":" (with nothing, not even a comment,
   * between), and it is not one of the keywords that parse as literals.
   */
  private isNameKey(i: number): boolean {
    const p = this.p;
    const next = p.kinds[i + 1];
    if (next !== K.Equal && next !== K.Colon) return false;
    return !this.isKeyword(i, 'true') && !this.isKeyword(i, 'false') && !this.isKeyword(i, 'null');
  }

  // ---- structure ----------------------------------------------------------------------------------------------

  parseBody(end: Kind): NativeBody {
    const p = this.p;
    const attrs = this.attrStack;
    const blocks = this.blockStack;
    const attrBase = attrs.top;
    const blockBase = blocks.top;
    // Attribute names of a long body, for the "redefined" check (short ones are searched).
    let index: Map<string, NativeAttribute> | undefined;
    const startIdx = p.prevIdx();
    let endIdx: number;

    for (;;) {
      const kind = p.peekKind();
      if (kind === end) {
        endIdx = p.read();
        break;
      }
      if (kind === K.Newline) {
        p.read();
        continue;
      }
      if (kind === K.Ident) {
        const item = this.parseBodyItem();
        if (item === undefined) continue;
        if (item instanceof BlockNode) {
          blocks.push(item);
        } else {
          let existing: NativeAttribute | undefined;
          if (attrs.top - attrBase < 16) {
            for (let i = attrBase; i < attrs.top; i++) {
              if (attrs.items[i]!.name === item.name) {
                existing = attrs.items[i];
                break;
              }
            }
          } else {
            if (!index) {
              index = new Map();
              for (let i = attrBase; i < attrs.top; i++) index.set(attrs.items[i]!.name, attrs.items[i]!);
            }
            existing = index.get(item.name);
          }
          if (existing) {
            this.err(
              'Attribute redefined',
              `The argument ${goQuote(item.name)} was already set at ${rangeToString(existing.nameRange)}. Each argument may be set only once.`,
              item.nameRange as SourceRange,
            );
          } else {
            attrs.push(item);
            index?.set(item.name, item);
          }
        }
        continue;
      }
      const bad = p.read();
      if (!this.recovery) {
        if (kind === K.OQuote) {
          this.err('Invalid argument name', 'Argument names must not be quoted.', p.range(bad));
        } else if (kind === K.EOF) {
          if (end === K.CBrace) {
            this.err(
              'Unclosed configuration block',
              'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
              p.range(startIdx),
            );
          } else {
            this.err('Unclosed configuration body', 'Found end of file before the end of this configuration body.', p.range(startIdx));
          }
        } else {
          this.err('Argument or block definition required', 'An argument or block definition is required here.', p.range(bad));
        }
      }
      endIdx = p.prevIdx();
      this.recover(end);
      break;
    }
    const endOffset = p.ends[endIdx]!;
    return {
      kind: 'nativeBody',
      attributes: attrs.take(attrBase),
      blocks: blocks.take(blockBase),
      range: p.span(startIdx, endIdx),
      endRange: new SourceRange(p.file, endOffset, endOffset),
    };
  }

  private parseBodyItem(): AttributeNode | BlockNode | undefined {
    const p = this.p;
    const ident = p.read();
    if (p.lastKind() !== K.Ident) {
      this.recoverAfterBodyItem();
      this.err('Argument or block definition required', 'An argument or block definition is required here.', p.range(ident));
      return undefined;
    }
    const next = p.peekKind();
    if (next === K.Equal) return this.finishParsingBodyAttribute(ident, false);
    if (next === K.OQuote || next === K.OBrace || next === K.Ident) return this.finishParsingBodyBlock(ident);
    this.recoverAfterBodyItem();
    this.err(
      'Argument or block definition required',
      'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
      p.range(ident),
    );
    return undefined;
  }

  /** The body of a one-line block `b { a = 1 }`: exactly one attribute, then the closing brace. */
  private parseSingleAttrBody(): NativeBody | undefined {
    const p = this.p;
    const ident = p.read();
    if (p.lastKind() !== K.Ident) {
      this.recoverAfterBodyItem();
      this.err('Argument or block definition required', 'An argument or block definition is required here.', p.range(ident));
      return undefined;
    }
    const next = p.peekKind();
    if (next === K.Equal) {
      const attr = this.finishParsingBodyAttribute(ident, true);
      return {
        kind: 'nativeBody',
        attributes: [attr],
        blocks: EMPTY,
        range: attr.range,
        endRange: new SourceRange(p.file, attr.srcEnd, attr.srcEnd),
      };
    }
    const nextIdx = p.peek();
    this.recoverAfterBodyItem();
    if (next === K.OQuote || next === K.OBrace || next === K.Ident) {
      this.err(
        'Argument definition required',
        `A single-line block definition can contain only a single argument. If you meant to define argument ${goQuote(p.textOf(ident))}, use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
        between(p.range(ident), p.range(nextIdx)),
      );
    } else {
      this.err(
        'Argument or block definition required',
        'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
        p.range(ident),
      );
    }
    return undefined;
  }

  private finishParsingBodyAttribute(ident: number, singleLine: boolean): AttributeNode {
    const p = this.p;
    const eq = p.read();
    const n = this.diags.length;
    const expr = this.parseExpression();
    let endIdx = p.prevIdx();
    if (this.recovery && this.errorsSince(n)) {
      this.recoverAfterBodyItem();
    } else {
      if (!singleLine) {
        const endKind = p.peekKind();
        if (endKind !== K.Newline && endKind !== K.EOF) {
          if (!this.recovery) {
            const end = p.nextRange();
            const comma = endKind === K.Comma;
            this.err(
              comma ? 'Unexpected comma after argument' : 'Missing newline after argument',
              (comma ? 'Argument definitions must be separated by newlines, not commas. ' : '') + 'An argument definition must end with a newline.',
              end,
              between(p.range(ident), end),
            );
          }
          endIdx = p.prevIdx();
          this.recoverAfterBodyItem();
        } else {
          p.read();
        }
      }
    }
    // The expression (or the skipped remainder) follows the name: the range runs from one to the other.
    return new AttributeNode(p.starts[ident]!, p.ends[endIdx]!, p.nameOf(ident), expr, p.starts[eq]!);
  }

  private finishParsingBodyBlock(ident: number): BlockNode {
    const p = this.p;
    const typeStart = p.starts[ident]!;
    const typeEnd = p.ends[ident]!;
    const type = p.nameOf(ident);
    const labels: string[] = [];
    const labelRanges: SourceRange[] = [];
    let oBraceIdx = -1;

    while (oBraceIdx < 0) {
      const kind = p.peekKind();
      if (kind === K.OBrace) {
        oBraceIdx = p.read();
      } else if (kind === K.OQuote) {
        const [label, range] = this.parseQuotedStringLiteral();
        labels.push(label);
        labelRanges.push(range);
      } else if (kind === K.Ident) {
        const t = p.read();
        labels.push(p.nameOf(t));
        labelRanges.push(p.range(t));
      } else {
        const typeRange = p.range(ident);
        const tok = p.nextRange();
        const context = between(typeRange, tok);
        if (kind === K.Equal) {
          this.err('Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.', tok, context);
        } else if (kind === K.Newline) {
          this.err('Invalid block definition', 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.', tok, context);
        } else if (!this.recovery) {
          this.err('Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.', tok, context);
        }
        this.recoverAfterBodyItem();
        // Every range of the broken block is its type name's.
        const body: NativeBody = { kind: 'nativeBody', attributes: EMPTY, blocks: EMPTY, range: typeRange, endRange: typeRange };
        return new BlockNode(p.file, typeStart, typeEnd, type, labels, body, labelRanges, typeStart, typeStart);
      }
    }

    let body: NativeBody | undefined;
    const bodyDiagsAt = this.diags.length;
    const first = p.peekKind();
    if (first === K.Newline || first === K.EOF || first === K.CBrace) {
      body = this.parseBody(K.CBrace);
    } else {
      // Special one-line, single-attribute block.
      body = this.parseSingleAttrBody();
      // hclsyntax reports problems with the closing brace before the body's own diagnostics.
      const bodyDiags = this.diags.splice(bodyDiagsAt);
      const kind = p.peekKind();
      if (kind === K.CBrace) {
        p.read();
      } else if (kind === K.Comma) {
        this.err(
          'Invalid single-argument block definition',
          'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
          p.nextRange(),
        );
        this.recover(K.CBrace);
      } else if (kind === K.Newline) {
        this.err(
          'Invalid single-argument block definition',
          "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
          p.nextRange(),
        );
        this.recover(K.CBrace);
      } else {
        if (!this.recovery) {
          if (kind === K.EOF) {
            this.err(
              'Unclosed configuration block',
              'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
              p.range(oBraceIdx),
              p.span(ident, oBraceIdx),
            );
          } else {
            this.err(
              'Invalid single-argument block definition',
              'A single-line block definition must end with a closing brace immediately after its single argument definition.',
              p.nextRange(),
            );
          }
        }
        this.recover(K.CBrace);
      }
      for (const d of bodyDiags) this.diags.push(d);
    }
    const cBraceIdx = p.prevIdx();

    const eol = p.peekKind();
    if (eol === K.Newline || eol === K.EOF) {
      p.read();
    } else {
      if (!this.recovery) {
        const r = p.nextRange();
        this.err('Missing newline after block definition', 'A block definition must end with a newline.', r, between(p.range(ident), r));
      }
      this.recoverAfterBodyItem();
    }

    // The closing brace (or whatever ended the body) follows the type name and the opening brace.
    const closeStart = p.starts[cBraceIdx]!;
    const end = p.ends[cBraceIdx]!;
    body ??= { kind: 'nativeBody', attributes: EMPTY, blocks: EMPTY, range: p.span(oBraceIdx, cBraceIdx), endRange: p.range(cBraceIdx) };
    return new BlockNode(p.file, typeStart, end, type, oneOrList(labels), body, oneOrList(labelRanges), p.starts[oBraceIdx]!, closeStart);
  }

  // ---- expressions ----------------------------------------------------------------------------------------------

  parseExpression(): NativeExpr {
    return this.parseTernaryConditional();
  }

  private parseTernaryConditional(): NativeExpr {
    const p = this.p;
    const startIdx = p.peek();
    let n = this.diags.length;
    const cond = this.parseBinaryOps(0);
    if (this.recovery && this.errorsSince(n)) return cond;
    if (p.peekKind() !== K.Question) return cond;
    p.read();

    n = this.diags.length;
    const trueResult = this.parseExpression();
    if (this.recovery && this.errorsSince(n)) return cond;

    if (p.peekKind() !== K.Colon) {
      const colonIdx = p.peek();
      this.err(
        'Missing false expression in conditional',
        'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
        p.range(colonIdx),
        p.span(startIdx, colonIdx),
      );
      return cond;
    }
    p.read();

    n = this.diags.length;
    const falseResult = this.parseExpression();
    if (this.recovery && this.errorsSince(n)) return cond;
    const start = Math.min(p.starts[startIdx]!, startOf(falseResult));
    const end = Math.max(p.ends[startIdx]!, endOf(falseResult));
    return new ConditionalNode(p.file, start, end, cond, trueResult, falseResult);
  }

  private parseBinaryOps(level: number): NativeExpr {
    if (level === BINARY_LEVELS.length) return this.parseExpressionWithTraversals();
    const p = this.p;
    const ops = BINARY_LEVELS[level]!;
    let n = this.diags.length;
    let lhs = this.parseBinaryOps(level + 1);
    if (this.recovery && this.errorsSince(n)) return lhs;

    let op: BinaryOperator | undefined;
    let rhs: NativeExpr | undefined;
    for (;;) {
      const kind = p.peekKind();
      if (IS_BINARY_OP[kind] !== 1) break;
      const newOp = ops.get(kind);
      if (newOp === undefined) break;
      if (op !== undefined) lhs = this.binaryOp(op, lhs, rhs!);
      op = newOp;
      p.read();
      n = this.diags.length;
      rhs = this.parseBinaryOps(level + 1);
      if (this.recovery && this.errorsSince(n)) return lhs;
    }
    if (op === undefined) return lhs;
    return this.binaryOp(op, lhs, rhs!);
  }

  private binaryOp(op: BinaryOperator, lhs: NativeExpr, rhs: NativeExpr): NativeExpr {
    return new BinaryOpNode(this.p.file, Math.min(startOf(lhs), startOf(rhs)), Math.max(endOf(lhs), endOf(rhs)), op, lhs, rhs);
  }

  private parseExpressionWithTraversals(): NativeExpr {
    return this.parseExpressionTraversals(this.parseExpressionTerm());
  }

  private parseExpressionTraversals(from: NativeExpr): NativeExpr {
    const p = this.p;
    const file = p.file;
    let ret = from;
    for (;;) {
      const kind = p.peekKind();
      if (kind === K.Dot) {
        const dotIdx = p.read();
        const attrKind = p.peekKind();
        if (attrKind === K.Ident) {
          const attrTok = p.read();
          ret = makeRelativeTraversal(ret, p.nameOf(attrTok), p.starts[dotIdx]!, p.ends[attrTok]!);
          continue;
        }
        if (attrKind === K.NumberLit) {
          // Legacy index syntax inherited from HIL: foo.0 means foo[0].
          const numTok = p.read();
          const numText = p.textOf(numTok);
          const dotAt = numText.indexOf('.');
          let key: Value;
          if (dotAt >= 0) {
            this.err(
              'Invalid legacy index syntax',
              `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${numText.slice(0, dotAt)}][${numText.slice(dotAt + 1)}].`,
              p.range(numTok),
            );
            key = DynamicVal;
          } else {
            key = this.numberLitValue(numTok);
          }
          ret = makeRelativeTraversal(ret, key, p.starts[dotIdx]!, p.ends[numTok]!);
        } else if (attrKind === K.Star) {
          // Attribute-only splat: src.*.a.b
          const starTok = p.read();
          const trav: TraverseStep[] = [];
          const firstIdx = p.peek();
          let lastIdx = starTok;
          let abandoned = false;
          while (p.peekKind() === K.Dot) {
            const stepDot = p.read();
            if (p.peekKind() === K.NumberLit) {
              const numTok = p.read();
              const numText = p.textOf(numTok);
              const dotAt = numText.indexOf('.');
              let key: Value;
              if (dotAt >= 0) {
                this.err(
                  'Invalid legacy index syntax',
                  `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax with a full splat expression [*] instead, like [${numText.slice(0, dotAt)}][${numText.slice(dotAt + 1)}].`,
                  p.range(starTok),
                );
                key = DynamicVal;
              } else {
                key = this.numberLitValue(numTok);
              }
              trav.push(new IndexStep(file, p.starts[stepDot]!, p.ends[numTok]!, key));
              lastIdx = numTok;
              continue;
            }
            if (p.peekKind() !== K.Ident) {
              if (!this.recovery) {
                if (p.peekKind() === K.Star) {
                  this.err('Nested splat expression not allowed', 'A splat expression (*) cannot be used inside another attribute-only splat expression.', p.nextRange());
                } else {
                  this.err('Invalid attribute name', 'An attribute name is required after a dot.', p.range(starTok));
                }
              }
              this.recovery = true;
              abandoned = true;
              break;
            }
            const attrTok = p.read();
            trav.push(new AttrStep(file, p.starts[stepDot]!, p.ends[attrTok]!, p.nameOf(attrTok)));
            lastIdx = attrTok;
          }
          if (abandoned) continue;
          const item = new AnonSymbolNode(file, p.starts[dotIdx]!, p.ends[starTok]!);
          const each: NativeExpr = trav.length === 0
            ? item
            : new RelativeTraversalNode(
              file,
              Math.min(p.starts[firstIdx]!, p.starts[lastIdx]!),
              Math.max(p.ends[firstIdx]!, p.ends[lastIdx]!),
              item,
              trav,
            );
          ret = new SplatNode(file, Math.min(startOf(from), p.starts[lastIdx]!), Math.max(endOf(from), p.ends[lastIdx]!), ret, each, item);
        } else {
          this.err('Invalid attribute name', 'An attribute name is required after a dot.', p.nextRange());
          ret = this.syntaxError(Math.min(startOf(from), p.starts[dotIdx]!), Math.max(endOf(from), p.ends[dotIdx]!));
          this.recovery = true;
        }
      } else if (kind === K.OBrack) {
        const openIdx = p.read();
        const open = p.starts[openIdx]!;
        if (p.peekKind() === K.Star) {
          // Full splat: src[*].a[0].b — every following traversal step applies per element.
          p.read();
          let closeIdx = p.read();
          if (p.lastKind() !== K.CBrack && !this.recovery) {
            this.err('Missing close bracket on splat index', 'The star for a full splat operator must be immediately followed by a closing bracket ("]").', p.range(closeIdx));
            closeIdx = this.recover(K.CBrack);
          }
          const item = new AnonSymbolNode(file, Math.min(open, p.starts[closeIdx]!), Math.max(p.ends[openIdx]!, p.ends[closeIdx]!));
          const each = this.parseExpressionTraversals(item);
          ret = new SplatNode(file, Math.min(startOf(from), startOf(each)), Math.max(endOf(from), endOf(each)), ret, each, item);
        } else {
          let closeIdx: number;
          p.pushIncludeNewlines(false);
          const n = this.diags.length;
          const key = this.parseExpression();
          if (this.recovery && this.errorsSince(n)) {
            closeIdx = this.recover(K.CBrack);
          } else {
            closeIdx = p.read();
            if (p.lastKind() !== K.CBrack && !this.recovery) {
              this.err('Missing close bracket on index', 'The index operator must end with a closing bracket ("]").', p.range(closeIdx));
              closeIdx = this.recover(K.CBrack);
            }
          }
          p.popIncludeNewlines();
          // The closing bracket (or whatever recovery stopped at) comes after the opening one.
          const end = p.ends[closeIdx]!;
          const litKey = constantKey(key);
          if (litKey !== undefined) {
            ret = makeRelativeTraversal(ret, litKey, open, end);
          } else {
            ret = new IndexNode(file, Math.min(startOf(from), open), Math.max(endOf(from), end), ret, key, open);
          }
        }
      } else {
        return ret;
      }
    }
  }

  private syntaxError(start: number, end: number): LiteralNode {
    const e = new LiteralNode(this.p.file, start, end, DynamicVal);
    syntaxErrors.add(e);
    return e;
  }

  private parseExpressionTerm(): NativeExpr {
    const p = this.p;
    const kind = p.peekKind();
    switch (kind) {
      case K.OParen: {
        const startIdx = p.read();
        const start = p.range(startIdx);
        p.pushIncludeNewlines(false);
        const n = this.diags.length;
        const expr = this.parseExpression();
        if (this.errorsSince(n)) {
          this.recover(K.CParen);
          p.popIncludeNewlines();
          return expr;
        }
        if (p.peekKind() !== K.CParen) {
          const close = p.nextRange();
          this.err('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.', close, between(start, close));
          this.recovery = true;
        }
        const cParen = p.read();
        p.popIncludeNewlines();
        return new ParenthesesNode(p.file, p.starts[startIdx]!, Math.max(p.ends[startIdx]!, p.ends[cParen]!), expr);
      }
      case K.NumberLit: {
        const tok = p.read();
        return new LiteralNode(p.file, p.starts[tok]!, p.ends[tok]!, this.numberLitValue(tok));
      }
      case K.Ident: {
        const tok = p.read();
        const next = p.peekKind();
        if (next === K.OParen || next === K.DoubleColon) return this.finishParsingFunctionCall(tok);
        const start = p.starts[tok]!;
        const end = p.ends[tok]!;
        const name = p.nameOf(tok);
        switch (name) {
          case 'true':
            return new LiteralNode(p.file, start, end, True);
          case 'false':
            return new LiteralNode(p.file, start, end, False);
          case 'null':
            return new LiteralNode(p.file, start, end, NullDynamic);
        }
        return new ScopeTraversalNode(p.file, start, end, name);
      }
      case K.OQuote:
      case K.OHeredoc: {
        const openIdx = p.read();
        const flush = kind === K.OHeredoc && p.text.charCodeAt(p.starts[openIdx]! + 2) === 0x2d /* - */;
        return parseTemplateExpr(this, openIdx, opposite(kind), flush);
      }
      case K.Minus:
      case K.Bang: {
        const tok = p.read();
        // The operand is a single term with its traversals: -46+5 is (-46)+5.
        const operand = this.parseExpressionWithTraversals();
        return new UnaryOpNode(p.file, p.starts[tok]!, Math.max(p.ends[tok]!, endOf(operand)), kind === K.Minus ? '-' : '!', operand);
      }
      case K.OBrack:
        return this.parseTupleCons();
      case K.OBrace:
        return this.parseObjectCons();
      default: {
        const start = p.nextRange();
        if (!this.recovery) {
          if (kind === K.EOF) {
            this.err('Missing expression', 'Expected the start of an expression, but found the end of the file.', start);
          } else {
            this.err('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', start);
          }
        }
        this.recovery = true;
        return new LiteralNode(p.file, start.startOffset, start.endOffset, DynamicVal);
      }
    }
  }

  numberLitValue(tok: number): Value {
    const text = this.p.textOf(tok);
    const cached = numberCache.get(text);
    if (cached !== undefined) return cached;
    const n = BigFloat.parse(text);
    if (n === undefined) {
      this.err('Invalid number literal', 'Failed to recognize the value of this number literal.', this.p.range(tok));
      return unknownVal(NumberType);
    }
    const v = numberVal(n);
    if (text.length <= 8) {
      if (numberCache.size >= 4096) numberCache.clear();
      numberCache.set(text, v);
    }
    return v;
  }

  private finishParsingFunctionCall(name: number): NativeExpr {
    const p = this.p;
    let openTok = p.read();
    let nameStr = p.nameOf(name);
    let nameEnd = p.ends[name]!;
    while (p.lastKind() === K.DoubleColon) {
      const nextName = p.read();
      if (p.lastKind() !== K.Ident) {
        const r = p.range(nextName);
        const context = p.span(name, nextName);
        this.err('Missing function name', 'Function scope resolution symbol :: must be followed by a function name in this scope.', r, context);
        this.recoverOver(K.OParen);
        return this.syntaxError(context.startOffset, context.endOffset);
      }
      // Namespaced functions are plain names containing "::", as hclsyntax keeps them.
      nameStr += '::' + p.textOf(nextName);
      nameEnd = p.ends[nextName]!;
      openTok = p.read();
    }
    if (p.lastKind() !== K.OParen) {
      const r = p.range(openTok);
      const context = p.span(name, openTok);
      this.err('Missing open parenthesis', 'Function selector must be followed by an open parenthesis to begin the function call.', r, context);
      this.recoverOver(K.OParen);
      return this.syntaxError(context.startOffset, context.endOffset);
    }

    const args = this.exprStack;
    const argsBase = args.top;
    let expandFinal = false;
    let closeTok = -1;
    p.pushIncludeNewlines(false);
    for (;;) {
      if (p.peekKind() === K.CParen) {
        closeTok = p.read();
        break;
      }
      const n = this.diags.length;
      const arg = this.parseExpression();
      args.push(arg);
      if (this.recovery && this.errorsSince(n)) {
        const recovered = this.recover(K.CParen);
        closeTok = recovered;
        break;
      }
      const sep = p.read();
      const sepKind = p.lastKind();
      if (sepKind === K.CParen) {
        closeTok = sep;
        break;
      }
      if (sepKind === K.Ellipsis) {
        expandFinal = true;
        if (p.peekKind() !== K.CParen) {
          if (!this.recovery) {
            const r = p.range(sep);
            this.err('Missing closing parenthesis', 'An expanded function argument (with ...) must be immediately followed by closing parentheses.', r, p.span(name, sep));
          }
          closeTok = this.recover(K.CParen);
        } else {
          closeTok = p.read();
        }
        break;
      }
      if (sepKind !== K.Comma) {
        if (sepKind === K.EOF) {
          this.err(
            'Unterminated function call',
            'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
            p.span(name, openTok),
          );
        } else {
          const r = p.range(sep);
          this.err('Missing argument separator', 'A comma is required to separate each function argument from the next.', r, p.span(name, sep));
        }
        closeTok = this.recover(K.CParen);
        break;
      }
      if (p.peekKind() === K.CParen) {
        closeTok = p.read();
        break;
      }
    }
    p.popIncludeNewlines();
    // The closing parenthesis (or wherever recovery stopped) comes after the name.
    return new FunctionCallNode(
      p.file,
      p.starts[name]!,
      p.ends[closeTok]!,
      nameStr,
      args.takeOneOrList(argsBase),
      expandFinal,
      nameEnd,
      p.starts[openTok]!,
      p.starts[closeTok]!,
    );
  }

  private parseTupleCons(): NativeExpr {
    const p = this.p;
    const openIdx = p.read();
    p.pushIncludeNewlines(false);
    try {
      if (this.isKeyword(p.peek(), 'for')) return this.finishParsingForExpr(openIdx);
      const exprs = this.exprStack;
      const base = exprs.top;
      let close: number;
      for (;;) {
        if (p.peekKind() === K.CBrack) {
          close = p.read();
          break;
        }
        const n = this.diags.length;
        exprs.push(this.parseExpression());
        if (this.recovery && this.errorsSince(n)) {
          close = this.recover(K.CBrack);
          break;
        }
        const next = p.peekKind();
        if (next === K.CBrack) {
          close = p.read();
          break;
        }
        if (next !== K.Comma) {
          if (!this.recovery) {
            if (next === K.EOF) {
              this.err(
                'Unterminated tuple constructor expression',
                'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
                p.range(openIdx),
              );
            } else {
              const r = p.nextRange();
              this.err('Missing item separator', 'Expected a comma to mark the beginning of the next item.', r, between(p.range(openIdx), r));
            }
          }
          close = this.recover(K.CBrack);
          break;
        }
        p.read();
      }
      // The closer (or wherever recovery stopped) comes after the opening bracket.
      return new TupleConsNode(p.file, p.starts[openIdx]!, Math.max(p.ends[openIdx]!, p.ends[close]!), exprs.takeOneOrList(base));
    } finally {
      p.popIncludeNewlines();
    }
  }

  private parseObjectCons(): NativeExpr {
    const p = this.p;
    const openIdx = p.read();
    // Newlines do not matter when looking for the "for" keyword: for expressions ignore them.
    p.pushIncludeNewlines(false);
    const isFor = this.isKeyword(p.peek(), 'for');
    p.popIncludeNewlines();
    if (isFor) return this.finishParsingForExpr(openIdx);

    p.pushIncludeNewlines(true);
    try {
      const items = this.itemStack;
      const base = items.top;
      let close: number;
      for (;;) {
        const kind = p.peekKind();
        if (kind === K.Newline) {
          p.read();
          continue;
        }
        if (kind === K.CBrace) {
          close = p.read();
          break;
        }
        let n = this.diags.length;
        let key: NativeExpr;
        const keyIdx = p.peek();
        if (kind === K.Ident && this.isNameKey(keyIdx)) {
          // What parseExpression gives for a name right before "=" or ":" (a one-step traversal, no diagnostics).
          p.read();
          key = new NameKeyNode(p.file, p.starts[keyIdx]!, p.ends[keyIdx]!, p.nameOf(keyIdx));
        } else {
          // Parentheses force a key to be an expression rather than a literal name.
          const forceNonLiteral = kind === K.OParen;
          const wrapped = this.parseExpression();
          if (this.recovery && this.errorsSince(n)) {
            close = this.recover(K.CBrace);
            break;
          }
          key = new ObjectConsKeyNode(wrapped, forceNonLiteral);
        }
        const sep = p.peekKind();
        if (sep !== K.Equal && sep !== K.Colon) {
          if (!this.recovery) {
            const r = p.nextRange();
            if (sep === K.Newline || sep === K.Comma) {
              this.err('Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").', r, between(p.range(openIdx), r));
            } else if (sep === K.Ident) {
              this.err(
                'Missing key/value separator',
                'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
                r,
                between(p.range(openIdx), r),
              );
            } else if (sep === K.EOF) {
              this.err(
                'Unterminated object constructor expression',
                'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
                p.range(openIdx),
              );
            } else {
              this.err('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.', r, between(p.range(openIdx), r));
            }
          }
          close = this.recover(K.CBrace);
          break;
        }
        p.read();
        n = this.diags.length;
        const value = this.parseExpression();
        if (this.recovery && this.errorsSince(n)) {
          if (syntaxErrors.has(value)) items.push({ key, value });
          close = this.recover(K.CBrace);
          break;
        }
        items.push({ key, value });
        const next = p.peekKind();
        if (next === K.CBrace) {
          close = p.read();
          break;
        }
        if (next !== K.Comma && next !== K.Newline) {
          if (!this.recovery) {
            if (next === K.EOF) {
              this.err(
                'Unterminated object constructor expression',
                'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
                p.range(openIdx),
              );
            } else {
              const r = p.nextRange();
              this.err('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.', r, between(p.range(openIdx), r));
            }
          }
          close = this.recover(K.CBrace);
          break;
        }
        p.read();
      }
      return new ObjectConsNode(p.file, p.starts[openIdx]!, Math.max(p.ends[openIdx]!, p.ends[close]!), items.takeOneOrList(base));
    } finally {
      p.popIncludeNewlines();
    }
  }

  private finishParsingForExpr(openIdx: number): NativeExpr {
    const p = this.p;
    p.pushIncludeNewlines(false);
    try {
      p.read(); // "for"
      const open = p.range(openIdx);
      const makeObj = p.kinds[openIdx] === K.OBrace;
      const closeType: Kind = makeObj ? K.CBrace : K.CBrack;
      const fail = (detail: string | undefined): NativeExpr => {
        if (detail !== undefined && !this.recovery) {
          const r = p.nextRange();
          this.err("Invalid 'for' expression", detail, r, between(open, r));
        }
        const close = this.recover(closeType);
        return new LiteralNode(p.file, p.starts[openIdx]!, Math.max(p.ends[openIdx]!, p.ends[close]!), DynamicVal);
      };

      if (p.peekKind() !== K.Ident) return fail("For expression requires variable name after 'for'.");
      let valVar = p.nameOf(p.read());
      let keyVar: string | undefined;
      if (p.peekKind() === K.Comma) {
        keyVar = valVar;
        p.read();
        if (p.peekKind() !== K.Ident) return fail('For expression requires value variable name after comma.');
        valVar = p.nameOf(p.read());
      }
      if (!this.isKeyword(p.peek(), 'in')) return fail("For expression requires the 'in' keyword after its name declarations.");
      p.read();

      let n = this.diags.length;
      const collExpr = this.parseExpression();
      if (this.recovery && this.errorsSince(n)) return fail(undefined);

      if (p.peekKind() !== K.Colon) return fail('For expression requires a colon after the collection expression.');
      p.read();

      n = this.diags.length;
      let keyExpr: NativeExpr | undefined;
      let valExpr = this.parseExpression();
      if (p.peekKind() === K.FatArrow) {
        p.read();
        keyExpr = valExpr;
        valExpr = this.parseExpression();
      }
      if (this.recovery && this.errorsSince(n)) return fail(undefined);

      let group = false;
      let ellipsis: SourceRange | undefined;
      if (p.peekKind() === K.Ellipsis) {
        ellipsis = p.range(p.read());
        group = true;
      }

      let condExpr: NativeExpr | undefined;
      if (this.isKeyword(p.peek(), 'if')) {
        p.read();
        n = this.diags.length;
        condExpr = this.parseExpression();
        if (this.recovery && this.errorsSince(n)) return fail(undefined);
      }

      let close: number;
      if (p.peekKind() === closeType) {
        close = p.read();
      } else {
        if (!this.recovery) {
          const r = p.nextRange();
          this.err("Invalid 'for' expression", "Extra characters after the end of the 'for' expression.", r, between(open, r));
        }
        close = this.recover(closeType);
      }
      const closeRange = p.range(close);
      const whole = between(open, closeRange);
      if (!makeObj) {
        if (keyExpr) {
          this.err("Invalid 'for' expression", 'Key expression is not valid when building a tuple.', rangeOf(keyExpr), whole);
        }
        if (group) {
          this.err("Invalid 'for' expression", 'Grouping ellipsis (...) cannot be used when building a tuple.', ellipsis!, whole);
        }
      } else if (!keyExpr) {
        this.err("Invalid 'for' expression", 'Key expression is required when building an object.', rangeOf(valExpr), whole);
      }
      const parts = { keyVar, valVar, collExpr, keyExpr, valExpr, condExpr, group };
      return new ForNode(p.file, whole.startOffset, whole.endOffset, parts, open.endOffset, closeRange.startOffset);
    } finally {
      p.popIncludeNewlines();
    }
  }

  /** A quoted string with escapes but no template sequences (block labels). Returns the value and its range. */
  parseQuotedStringLiteral(): [string, SourceRange] {
    const p = this.p;
    const oIdx = p.read();
    const oQuote = p.range(oIdx);
    if (p.lastKind() !== K.OQuote) {
      this.err('Invalid string literal', 'A quoted string is required here.', oQuote);
      return ['', oQuote];
    }
    let ret = '';
    let endRange: SourceRange;
    for (;;) {
      const tok = p.read();
      const kind = p.lastKind();
      if (kind === K.CQuote) {
        endRange = p.range(tok);
        break;
      }
      if (kind === K.QuotedLit) {
        ret += decodeLiteral(p.file, p.starts[tok]!, p.ends[tok]!, true, this.diags);
        continue;
      }
      const r = p.range(tok);
      if (kind === K.TemplateControl || kind === K.TemplateInterp) {
        const which = kind === K.TemplateControl ? '%' : '$';
        this.err(
          'Invalid string literal',
          `Template sequences are not allowed in this string. To include a literal ${goQuote(which)}, double it (as "${which}${which}") to escape it.`,
          r,
          between(oQuote, r),
        );
        // Leave a marker in the (unusable) result so partial analyses do not misread it.
        ret += which + '{ ... }';
        this.recover(K.TemplateSeqEnd);
        continue;
      }
      if (kind === K.EOF) {
        this.err('Unterminated string literal', 'Unable to find the closing quote mark before the end of the file.', r, between(oQuote, r));
        endRange = r;
        break;
      }
      this.err('Invalid string literal', 'This item is not valid in a string literal.', r, between(oQuote, r));
      this.recover(K.CQuote);
      endRange = r;
      break;
    }
    return [ret, between(oQuote, endRange)];
  }

  // ---- recovery ---------------------------------------------------------------------------------------------------

  /** Skip to the `end` token that closes the current construct (counting nested pairs); returns its index. */
  recover(end: Kind): number {
    const p = this.p;
    const start = opposite(end);
    this.recovery = true;
    let nest = 0;
    for (;;) {
      const tok = p.read();
      let kind = p.lastKind();
      if (end === K.TemplateSeqEnd && kind === K.TemplateControl) kind = K.TemplateInterp;
      if (kind === start) nest++;
      else if (kind === end) {
        if (nest < 1) return tok;
        nest--;
      } else if (kind === K.EOF) return tok;
    }
  }

  /** Skip to the next `start` bracket and then past its matching closer. */
  private recoverOver(start: Kind): void {
    const p = this.p;
    for (;;) {
      p.read();
      const kind = p.lastKind();
      if (kind === start || kind === K.EOF) break;
    }
    this.recover(opposite(start));
  }

  /** Skip to the newline that ends the current body item, ignoring newlines inside brackets. */
  private recoverAfterBodyItem(): void {
    const p = this.p;
    this.recovery = true;
    const open: Kind[] = [];
    for (;;) {
      p.read();
      const kind = p.lastKind();
      switch (kind) {
        case K.Newline:
          if (open.length === 0) return;
          break;
        case K.EOF:
          return;
        case K.OBrace:
        case K.OBrack:
        case K.OParen:
        case K.OQuote:
        case K.OHeredoc:
        case K.TemplateInterp:
        case K.TemplateControl:
          open.push(kind);
          break;
        case K.CBrace:
        case K.CBrack:
        case K.CParen:
        case K.CQuote:
        case K.CHeredoc: {
          const opener = opposite(kind);
          while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
          if (open.length > 0) open.pop();
          break;
        }
        case K.TemplateSeqEnd:
          while (open.length > 0 && open[open.length - 1] !== K.TemplateInterp && open[open.length - 1] !== K.TemplateControl) open.pop();
          if (open.length > 0) open.pop();
          break;
      }
    }
  }
}

/**
 * An attribute step (a name) or an index step (a key) over [start, end), appended to an existing traversal
 * expression (extending it in place, as hclsyntax does), or a new relative traversal over any other expression.
 */
function makeRelativeTraversal(expr: NativeExpr, nameOrKey: string | Value, start: number, end: number): NativeExpr {
  if (expr instanceof ScopeTraversalNode) {
    expr.append(nameOrKey, start, end);
    return expr;
  }
  const file = (expr as unknown as Spanned).srcFile;
  const step = typeof nameOrKey === 'string' ? new AttrStep(file, start, end, nameOrKey) : new IndexStep(file, start, end, nameOrKey);
  if (expr instanceof RelativeTraversalNode) {
    expr.traversal = appended(expr.traversal, step);
    expr.srcStart = Math.min(expr.srcStart, start);
    expr.srcEnd = Math.max(expr.srcEnd, end);
    return expr;
  }
  return new RelativeTraversalNode(file, Math.min(startOf(expr), start), Math.max(endOf(expr), end), expr, [step]);
}

/** An index key that is a constant (a literal, or a template that is one literal string) becomes a traversal step. */
function constantKey(key: NativeExpr): Value | undefined {
  if (key.kind === 'literal') return key.value;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]!.kind === 'literal') return key.parts[0].value;
  return undefined;
}





const EMPTY: readonly never[] = Object.freeze([]);

/** A copy of `a` with `x` added, at exact size (a spread or a push leaves spare capacity, which a big tree keeps). */
function appended<T>(a: readonly T[], x: T): T[] {
  switch (a.length) {
    case 1:
      return [a[0]!, x];
    case 2:
      return [a[0]!, a[1]!, x];
    default:
      return a.concat([x]);
  }
}

/** An exact-capacity copy of an array grown by push, or one shared empty array (a big AST keeps many small ones). */
function exact<T>(a: T[]): T[] {
  return a.length === 0 ? (EMPTY as unknown as T[]) : a.slice();
}

/** Like exact, but one item is returned as itself (see OneOrList). */
function oneOrList<T>(a: T[]): OneOrList<T> {
  return a.length === 1 ? a[0]! : exact(a);
}

/** A stack that lists are collected on; `take` removes the items from `base` up and returns them at exact size. */
class Stack<T> {
  readonly items: T[] = [];
  top = 0;
  push(item: T): void {
    this.items[this.top++] = item;
  }
  take(base: number): T[] {
    if (this.top === base) return EMPTY as unknown as T[];
    const out = this.items.slice(base, this.top);
    this.top = base;
    return out;
  }
  /** Like take, but one item is returned as itself (see OneOrList). */
  takeOneOrList(base: number): OneOrList<T> {
    if (this.top === base + 1) return this.items[--this.top]!;
    return this.take(base);
  }
}
