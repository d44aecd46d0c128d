// The parser's implementations of the AST interfaces in ast.ts, built for size: a 3 MB template yields ~0.5 M nodes,
// and one range object per range would make up almost half of the tree. So a node keeps its file and the UTF-16
// offsets of its ranges as plain numbers, and its `range`, `nameRange`, ... are getters that build a SourceRange on
// each read (a range is only read to report or locate something, which is rare next to parsing). `kind` lives on
// each class's prototype. Reading fields works exactly as on plain objects; spreading or enumerating a node does not
// see the getters or `kind`, so consumers copy what they need by name (as decode/ does).
import { SourceRange, type SourceFile } from '../source.js';
import type { Value } from '../values/value.js';
import type {
  AnonSymbolExpr,
  BinaryOpExpr,
  BinaryOperator,
  ConditionalExpr,
  ForExpr,
  FunctionCallExpr,
  IndexExpr,
  LiteralExpr,
  NativeAttribute,
  NativeBlock,
  NativeBody,
  NativeExpr,
  ObjectConsExpr,
  ObjectConsItem,
  ObjectConsKeyExpr,
  ParenthesesExpr,
  RelativeTraversalExpr,
  ScopeTraversalExpr,
  SplatExpr,
  TemplateExpr,
  TemplateJoinExpr,
  TemplateWrapExpr,
  TraverseStep,
  TupleConsExpr,
  UnaryOpExpr,
} from './ast.js';

/** A node's own extent: `range` is [srcStart, srcEnd) in srcFile. */
export abstract class Spanned {
  constructor(
    readonly srcFile: SourceFile,
    public srcStart: number,
    public srcEnd: number,
  ) {}
  get range(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcEnd);
  }
}

/** Every node the parser builds is Spanned; these read a node's offsets without building its range. */
export function startOf(e: NativeExpr | TraverseStep): number {
  return (e as unknown as Spanned).srcStart;
}
export function endOf(e: NativeExpr | TraverseStep): number {
  return (e as unknown as Spanned).srcEnd;
}

function kindOf(cls: abstract new (...args: never[]) => object, kind: string): void {
  Object.defineProperty(cls.prototype, 'kind', { value: kind, enumerable: true });
}

// ---- expressions ------------------------------------------------------------------------------------------------

export class LiteralNode extends Spanned implements LiteralExpr {
  declare readonly kind: 'literal';
  constructor(file: SourceFile, start: number, end: number, readonly value: Value) {
    super(file, start, end);
  }
}
kindOf(LiteralNode, 'literal');

export class ScopeTraversalNode extends Spanned implements ScopeTraversalExpr {
  declare readonly kind: 'scopeTraversal';
  constructor(file: SourceFile, start: number, end: number, public traversal: readonly TraverseStep[]) {
    super(file, start, end);
  }
}
kindOf(ScopeTraversalNode, 'scopeTraversal');

export class RelativeTraversalNode extends Spanned implements RelativeTraversalExpr {
  declare readonly kind: 'relativeTraversal';
  constructor(file: SourceFile, start: number, end: number, readonly source: NativeExpr, public traversal: readonly TraverseStep[]) {
    super(file, start, end);
  }
}
kindOf(RelativeTraversalNode, 'relativeTraversal');

export class FunctionCallNode extends Spanned implements FunctionCallExpr {
  declare readonly kind: 'functionCall';
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly name: string,
    readonly args: readonly NativeExpr[],
    readonly expandFinal: boolean,
    private readonly nameEnd: number,
    private readonly openStart: number,
    private readonly closeStart: number,
    private readonly closeEnd: number,
  ) {
    super(file, start, end);
  }
  get nameRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.nameEnd);
  }
  /** "(" is one character. */
  get openParenRange(): SourceRange {
    return new SourceRange(this.srcFile, this.openStart, this.openStart + 1);
  }
  get closeParenRange(): SourceRange {
    return new SourceRange(this.srcFile, this.closeStart, this.closeEnd);
  }
}
kindOf(FunctionCallNode, 'functionCall');

export class ConditionalNode extends Spanned implements ConditionalExpr {
  declare readonly kind: 'conditional';
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly condition: NativeExpr,
    readonly trueResult: NativeExpr,
    readonly falseResult: NativeExpr,
  ) {
    super(file, start, end);
  }
}
kindOf(ConditionalNode, 'conditional');

export class BinaryOpNode extends Spanned implements BinaryOpExpr {
  declare readonly kind: 'binaryOp';
  constructor(file: SourceFile, start: number, end: number, readonly op: BinaryOperator, readonly lhs: NativeExpr, readonly rhs: NativeExpr) {
    super(file, start, end);
  }
}
kindOf(BinaryOpNode, 'binaryOp');

export class UnaryOpNode extends Spanned implements UnaryOpExpr {
  declare readonly kind: 'unaryOp';
  constructor(file: SourceFile, start: number, end: number, readonly op: '-' | '!', readonly operand: NativeExpr) {
    super(file, start, end);
  }
  /** The operator is one character at the start. */
  get symbolRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcStart + 1);
  }
}
kindOf(UnaryOpNode, 'unaryOp');

export class TupleConsNode extends Spanned implements TupleConsExpr {
  declare readonly kind: 'tupleCons';
  constructor(file: SourceFile, start: number, end: number, readonly exprs: readonly NativeExpr[]) {
    super(file, start, end);
  }
  /** "[" is one character at the start. */
  get openRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcStart + 1);
  }
}
kindOf(TupleConsNode, 'tupleCons');

export class ObjectConsNode extends Spanned implements ObjectConsExpr {
  declare readonly kind: 'objectCons';
  constructor(file: SourceFile, start: number, end: number, readonly items: readonly ObjectConsItem[]) {
    super(file, start, end);
  }
  /** "{" is one character at the start. */
  get openRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcStart + 1);
  }
}
kindOf(ObjectConsNode, 'objectCons');

/** Spans what it wraps. */
export class ObjectConsKeyNode extends Spanned implements ObjectConsKeyExpr {
  declare readonly kind: 'objectConsKey';
  constructor(readonly wrapped: NativeExpr, readonly forceNonLiteral: boolean) {
    const w = wrapped as unknown as Spanned;
    super(w.srcFile, w.srcStart, w.srcEnd);
  }
}
kindOf(ObjectConsKeyNode, 'objectConsKey');

export interface ForParts {
  readonly keyVar?: string;
  readonly valVar: string;
  readonly collExpr: NativeExpr;
  readonly keyExpr?: NativeExpr;
  readonly valExpr: NativeExpr;
  readonly condExpr?: NativeExpr;
  readonly group: boolean;
}

/** The optional parts are absent (not undefined) when not written, as on a plain ForExpr. */
export class ForNode extends Spanned implements ForExpr {
  declare readonly kind: 'for';
  declare readonly keyVar?: string;
  readonly valVar: string;
  readonly collExpr: NativeExpr;
  declare readonly keyExpr?: NativeExpr;
  readonly valExpr: NativeExpr;
  declare readonly condExpr?: NativeExpr;
  readonly group: boolean;
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    parts: ForParts,
    private readonly openEnd: number,
    private readonly closeStart: number,
  ) {
    super(file, start, end);
    if (parts.keyVar !== undefined) this.keyVar = parts.keyVar;
    this.valVar = parts.valVar;
    this.collExpr = parts.collExpr;
    if (parts.keyExpr !== undefined) this.keyExpr = parts.keyExpr;
    this.valExpr = parts.valExpr;
    if (parts.condExpr !== undefined) this.condExpr = parts.condExpr;
    this.group = parts.group;
  }
  get openRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.openEnd);
  }
  /** Ends where the whole expression ends. */
  get closeRange(): SourceRange {
    return new SourceRange(this.srcFile, this.closeStart, this.srcEnd);
  }
}
kindOf(ForNode, 'for');

export class IndexNode extends Spanned implements IndexExpr {
  declare readonly kind: 'index';
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly collection: NativeExpr,
    readonly key: NativeExpr,
    private readonly openStart: number,
  ) {
    super(file, start, end);
  }
  /** "[" is one character. */
  get openRange(): SourceRange {
    return new SourceRange(this.srcFile, this.openStart, this.openStart + 1);
  }
  /** From "[" to where the whole expression ends. */
  get bracketRange(): SourceRange {
    return new SourceRange(this.srcFile, this.openStart, this.srcEnd);
  }
}
kindOf(IndexNode, 'index');

export class AnonSymbolNode extends Spanned implements AnonSymbolExpr {
  declare readonly kind: 'anonSymbol';
}
kindOf(AnonSymbolNode, 'anonSymbol');

/** The splat marker is where its item symbol is. */
export class SplatNode extends Spanned implements SplatExpr {
  declare readonly kind: 'splat';
  constructor(file: SourceFile, start: number, end: number, readonly source: NativeExpr, readonly each: NativeExpr, readonly item: AnonSymbolNode) {
    super(file, start, end);
  }
  get markerRange(): SourceRange {
    return this.item.range;
  }
}
kindOf(SplatNode, 'splat');

export class ParenthesesNode extends Spanned implements ParenthesesExpr {
  declare readonly kind: 'parentheses';
  constructor(file: SourceFile, start: number, end: number, readonly expr: NativeExpr) {
    super(file, start, end);
  }
}
kindOf(ParenthesesNode, 'parentheses');

export class TemplateNode extends Spanned implements TemplateExpr {
  declare readonly kind: 'template';
  constructor(file: SourceFile, start: number, end: number, readonly parts: readonly NativeExpr[]) {
    super(file, start, end);
  }
}
kindOf(TemplateNode, 'template');

export class TemplateJoinNode extends Spanned implements TemplateJoinExpr {
  declare readonly kind: 'templateJoin';
  constructor(file: SourceFile, start: number, end: number, readonly tuple: ForExpr) {
    super(file, start, end);
  }
}
kindOf(TemplateJoinNode, 'templateJoin');

export class TemplateWrapNode extends Spanned implements TemplateWrapExpr {
  declare readonly kind: 'templateWrap';
  constructor(file: SourceFile, start: number, end: number, readonly wrapped: NativeExpr) {
    super(file, start, end);
  }
}
kindOf(TemplateWrapNode, 'templateWrap');

// ---- traversal steps ----------------------------------------------------------------------------------------------

export class RootStep extends Spanned {
  declare readonly kind: 'root';
  constructor(file: SourceFile, start: number, end: number, readonly name: string) {
    super(file, start, end);
  }
}
kindOf(RootStep, 'root');

export class AttrStep extends Spanned {
  declare readonly kind: 'attr';
  constructor(file: SourceFile, start: number, end: number, readonly name: string) {
    super(file, start, end);
  }
}
kindOf(AttrStep, 'attr');

export class IndexStep extends Spanned {
  declare readonly kind: 'index';
  constructor(file: SourceFile, start: number, end: number, readonly key: Value) {
    super(file, start, end);
  }
}
kindOf(IndexStep, 'index');

export class SplatStep extends Spanned {
  declare readonly kind: 'splat';
}
kindOf(SplatStep, 'splat');

// ---- structure ----------------------------------------------------------------------------------------------------

/** From the name to the end of the expression (or of the skipped remainder of a bad item). */
export class AttributeNode extends Spanned implements NativeAttribute {
  declare readonly kind: 'nativeAttribute';
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly name: string,
    readonly expr: NativeExpr,
    private readonly equalsStart: number,
  ) {
    super(file, start, end);
  }
  /** The name is the identifier exactly as written. */
  get nameRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcStart + this.name.length);
  }
  /** "=" is one character. */
  get equalsRange(): SourceRange {
    return new SourceRange(this.srcFile, this.equalsStart, this.equalsStart + 1);
  }
}
kindOf(AttributeNode, 'nativeAttribute');

/** From the type name to the closing brace. */
export class BlockNode extends Spanned implements NativeBlock {
  declare readonly kind: 'nativeBlock';
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly type: string,
    readonly labels: readonly string[],
    readonly body: NativeBody,
    readonly labelRanges: readonly SourceRange[],
    private readonly typeEnd: number,
    private readonly openStart: number,
    private readonly openEnd: number,
    private readonly closeStart: number,
  ) {
    super(file, start, end);
  }
  get typeRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.typeEnd);
  }
  get openBraceRange(): SourceRange {
    return new SourceRange(this.srcFile, this.openStart, this.openEnd);
  }
  /** Ends where the block ends. */
  get closeBraceRange(): SourceRange {
    return new SourceRange(this.srcFile, this.closeStart, this.srcEnd);
  }
}
kindOf(BlockNode, 'nativeBlock');
