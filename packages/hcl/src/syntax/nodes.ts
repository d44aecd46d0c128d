// The parser's implementations of the AST interfaces in ast.ts, built for size: a 3 MB template yields ~0.4 M nodes,
// and a tree of plain objects with one SourceRange per range held ~80 MB, half of it ranges. So:
//  - a node keeps its file and the UTF-16 offsets of its ranges as plain numbers; `range`, `nameRange`, ... are
//    getters that build a SourceRange on each read (ranges are read to report or locate something, rarely);
//  - `kind` lives on each class's prototype;
//  - parts that most nodes of a kind have in one form are built on their first read and then kept: the single
//    literal of a plain string template, the step objects of a one- or two-step traversal, the traversal wrapped by
//    a bare-name object key, the Value of a string literal, and a list while it has one item.
// Reading a field gives what a plain node would hold (a lazily built part is the same object on every read);
// spreading or enumerating a node does not see the getters, so consumers copy what they need by name.
import { SourceRange, type SourceFile } from '../source.js';
import { stringVal, type Value } from '../values/value.js';
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
  declare readonly srcFile: SourceFile;
  declare srcStart: number;
  declare srcEnd: number;
  constructor(srcFile: SourceFile, srcStart: number, srcEnd: number) {
    this.srcFile = srcFile;
    this.srcStart = srcStart;
    this.srcEnd = srcEnd;
  }
  get range(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcEnd);
  }
  /** The node's first character: the operator or bracket that opens it. */
  protected get firstCharRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcStart + 1);
  }
}

/** Every node the parser builds is Spanned; these read a node's offsets without building its range. */
export function startOf(e: NativeExpr | TraverseStep): number {
  return (e as unknown as Spanned).srcStart;
}
export function endOf(e: NativeExpr | TraverseStep): number {
  return (e as unknown as Spanned).srcEnd;
}

/**
 * A list that is kept as its only item while it has one (a one-item array costs more than many nodes do): the
 * getter that reads it turns it into a list, which the node then keeps.
 */
export type OneOrList<T> = T | readonly T[];

function asList<T>(one: OneOrList<T>): readonly T[] {
  return Array.isArray(one) ? (one as readonly T[]) : [one as T];
}

function kindOf(cls: abstract new (...args: never[]) => object, kind: string): void {
  Object.defineProperty(cls.prototype, 'kind', { value: kind, enumerable: true });
}

// ---- expressions ------------------------------------------------------------------------------------------------

export class LiteralNode extends Spanned implements LiteralExpr {
  declare readonly kind: 'literal';
  declare readonly value: Value;
  constructor(file: SourceFile, start: number, end: number, value: Value) {
    super(file, start, end);
    this.value = value;
  }
}
kindOf(LiteralNode, 'literal');

/** A literal string; its Value is built on first read (a tree that is only parsed holds just the text). */
export class StringLiteralNode extends Spanned implements LiteralExpr {
  declare readonly kind: 'literal';
  private declare readonly text: string;
  private declare valueRead: Value | undefined;
  constructor(file: SourceFile, start: number, end: number, text: string) {
    super(file, start, end);
    this.text = text;
    this.valueRead = undefined;
  }
  get value(): Value {
    return (this.valueRead ??= stringVal(this.text));
  }
}
kindOf(StringLiteralNode, 'literal');

/**
 * Most traversals are a root name and at most one more step (`x`, `var.x`): those two are kept inline, and the
 * `traversal` array (with step objects) is built on its first read, or when a third step is appended.
 */
export class ScopeTraversalNode extends Spanned implements ScopeTraversalExpr {
  declare readonly kind: 'scopeTraversal';
  /** The root name is the identifier token at srcStart, exactly as written. */
  private declare readonly rootName: string;
  /**
   * Nothing yet; or the second step, which ends at srcEnd: an attribute name or an index key; or, once built, the
   * whole traversal (then the only record of the steps).
   */
  private declare more: string | Value | TraverseStep[] | undefined;
  private declare secondStart: number;
  /** A traversal of the root name alone, the token [start, end). */
  constructor(file: SourceFile, start: number, end: number, rootName: string) {
    super(file, start, end);
    this.rootName = rootName;
    this.more = undefined;
    this.secondStart = 0;
  }

  /** Append an attribute step (a name) or an index step (a key) over [start, end), which follows the traversal. */
  append(nameOrKey: string | Value, start: number, end: number): void {
    if (this.more === undefined) {
      this.more = nameOrKey;
      this.secondStart = start;
    } else {
      const steps = this.traversal as TraverseStep[];
      const step = typeof nameOrKey === 'string' ? new AttrStep(this.srcFile, start, end, nameOrKey) : new IndexStep(this.srcFile, start, end, nameOrKey);
      this.more = steps.concat([step]);
    }
    if (end > this.srcEnd) this.srcEnd = end;
  }

  get traversal(): readonly TraverseStep[] {
    const more = this.more;
    if (Array.isArray(more)) return more;
    const file = this.srcFile;
    const start = this.srcStart;
    const root = new RootStep(file, start, start + this.rootName.length, this.rootName);
    let steps: TraverseStep[];
    if (more === undefined) {
      steps = [root];
    } else {
      const end = this.srcEnd;
      const second = typeof more === 'string' ? new AttrStep(file, this.secondStart, end, more) : new IndexStep(file, this.secondStart, end, more as Value);
      steps = [root, second];
    }
    this.more = steps;
    return steps;
  }
}
kindOf(ScopeTraversalNode, 'scopeTraversal');

export class RelativeTraversalNode extends Spanned implements RelativeTraversalExpr {
  declare readonly kind: 'relativeTraversal';
  declare readonly source: NativeExpr;
  declare traversal: readonly TraverseStep[];
  constructor(file: SourceFile, start: number, end: number, source: NativeExpr, traversal: readonly TraverseStep[]) {
    super(file, start, end);
    this.source = source;
    this.traversal = traversal;
  }
}
kindOf(RelativeTraversalNode, 'relativeTraversal');

/** From the name to the closing parenthesis (or wherever recovery stopped), which ends the call. */
export class FunctionCallNode extends Spanned implements FunctionCallExpr {
  declare readonly kind: 'functionCall';
  declare readonly name: string;
  private declare argList: OneOrList<NativeExpr>;
  declare readonly expandFinal: boolean;
  private declare readonly nameEnd: number;
  private declare readonly openStart: number;
  private declare readonly closeStart: number;
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    name: string,
    args: OneOrList<NativeExpr>,
    expandFinal: boolean,
    nameEnd: number,
    openStart: number,
    closeStart: number,
  ) {
    super(file, start, end);
    this.name = name;
    this.argList = args;
    this.expandFinal = expandFinal;
    this.nameEnd = nameEnd;
    this.openStart = openStart;
    this.closeStart = closeStart;
  }
  get args(): readonly NativeExpr[] {
    return (this.argList = asList(this.argList));
  }
  get nameRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.nameEnd);
  }
  /** "(" is one character. */
  get openParenRange(): SourceRange {
    return new SourceRange(this.srcFile, this.openStart, this.openStart + 1);
  }
  get closeParenRange(): SourceRange {
    return new SourceRange(this.srcFile, this.closeStart, this.srcEnd);
  }
}
kindOf(FunctionCallNode, 'functionCall');

export class ConditionalNode extends Spanned implements ConditionalExpr {
  declare readonly kind: 'conditional';
  declare readonly condition: NativeExpr;
  declare readonly trueResult: NativeExpr;
  declare readonly falseResult: NativeExpr;
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    condition: NativeExpr,
    trueResult: NativeExpr,
    falseResult: NativeExpr,
  ) {
    super(file, start, end);
    this.condition = condition;
    this.trueResult = trueResult;
    this.falseResult = falseResult;
  }
}
kindOf(ConditionalNode, 'conditional');

export class BinaryOpNode extends Spanned implements BinaryOpExpr {
  declare readonly kind: 'binaryOp';
  declare readonly op: BinaryOperator;
  declare readonly lhs: NativeExpr;
  declare readonly rhs: NativeExpr;
  constructor(file: SourceFile, start: number, end: number, op: BinaryOperator, lhs: NativeExpr, rhs: NativeExpr) {
    super(file, start, end);
    this.op = op;
    this.lhs = lhs;
    this.rhs = rhs;
  }
}
kindOf(BinaryOpNode, 'binaryOp');

export class UnaryOpNode extends Spanned implements UnaryOpExpr {
  declare readonly kind: 'unaryOp';
  declare readonly op: '-' | '!';
  declare readonly operand: NativeExpr;
  constructor(file: SourceFile, start: number, end: number, op: '-' | '!', operand: NativeExpr) {
    super(file, start, end);
    this.op = op;
    this.operand = operand;
  }
  /** The operator is one character at the start. */
  get symbolRange(): SourceRange {
    return this.firstCharRange;
  }
}
kindOf(UnaryOpNode, 'unaryOp');

export class TupleConsNode extends Spanned implements TupleConsExpr {
  declare readonly kind: 'tupleCons';
  private declare exprList: OneOrList<NativeExpr>;
  constructor(file: SourceFile, start: number, end: number, exprs: OneOrList<NativeExpr>) {
    super(file, start, end);
    this.exprList = exprs;
  }
  get exprs(): readonly NativeExpr[] {
    return (this.exprList = asList(this.exprList));
  }
  /** "[" is one character at the start. */
  get openRange(): SourceRange {
    return this.firstCharRange;
  }
}
kindOf(TupleConsNode, 'tupleCons');

export class ObjectConsNode extends Spanned implements ObjectConsExpr {
  declare readonly kind: 'objectCons';
  private declare itemList: OneOrList<ObjectConsItem>;
  constructor(file: SourceFile, start: number, end: number, items: OneOrList<ObjectConsItem>) {
    super(file, start, end);
    this.itemList = items;
  }
  get items(): readonly ObjectConsItem[] {
    return (this.itemList = asList(this.itemList));
  }
  /** "{" is one character at the start. */
  get openRange(): SourceRange {
    return this.firstCharRange;
  }
}
kindOf(ObjectConsNode, 'objectCons');

/** Spans what it wraps (and so keeps no offsets of its own). */
export class ObjectConsKeyNode implements ObjectConsKeyExpr {
  declare readonly kind: 'objectConsKey';
  declare readonly wrapped: NativeExpr;
  declare readonly forceNonLiteral: boolean;
  constructor(wrapped: NativeExpr, forceNonLiteral: boolean) {
    this.wrapped = wrapped;
    this.forceNonLiteral = forceNonLiteral;
  }
  get srcFile(): SourceFile {
    return (this.wrapped as unknown as Spanned).srcFile;
  }
  get srcStart(): number {
    return startOf(this.wrapped);
  }
  get srcEnd(): number {
    return endOf(this.wrapped);
  }
  get range(): SourceRange {
    return this.wrapped.range as SourceRange;
  }
}
kindOf(ObjectConsKeyNode, 'objectConsKey');

/**
 * The most common key, a bare name (`a = 1`): the same as an ObjectConsKeyNode wrapping the traversal of that name,
 * but the traversal is built on the first read of `wrapped`.
 */
export class NameKeyNode extends Spanned implements ObjectConsKeyExpr {
  declare readonly kind: 'objectConsKey';
  declare readonly forceNonLiteral: false;
  private declare readonly name: string;
  private declare wrappedRead: NativeExpr | undefined;
  constructor(file: SourceFile, start: number, end: number, name: string) {
    super(file, start, end);
    this.name = name;
    this.wrappedRead = undefined;
  }
  get wrapped(): NativeExpr {
    return (this.wrappedRead ??= new ScopeTraversalNode(this.srcFile, this.srcStart, this.srcEnd, this.name));
  }
}
kindOf(NameKeyNode, 'objectConsKey');
Object.defineProperty(NameKeyNode.prototype, 'forceNonLiteral', { value: false, enumerable: true });

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
  declare readonly valVar: string;
  declare readonly collExpr: NativeExpr;
  declare readonly keyExpr?: NativeExpr;
  declare readonly valExpr: NativeExpr;
  declare readonly condExpr?: NativeExpr;
  declare readonly group: boolean;
  private declare readonly openEnd: number;
  private declare readonly closeStart: number;
  constructor(file: SourceFile, start: number, end: number, parts: ForParts, openEnd: number, closeStart: number) {
    super(file, start, end);
    this.openEnd = openEnd;
    this.closeStart = closeStart;
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
  declare readonly collection: NativeExpr;
  declare readonly key: NativeExpr;
  private declare readonly openStart: number;
  constructor(file: SourceFile, start: number, end: number, collection: NativeExpr, key: NativeExpr, openStart: number) {
    super(file, start, end);
    this.collection = collection;
    this.key = key;
    this.openStart = openStart;
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
  declare readonly source: NativeExpr;
  declare readonly each: NativeExpr;
  declare readonly item: AnonSymbolNode;
  constructor(file: SourceFile, start: number, end: number, source: NativeExpr, each: NativeExpr, item: AnonSymbolNode) {
    super(file, start, end);
    this.source = source;
    this.each = each;
    this.item = item;
  }
  get markerRange(): SourceRange {
    return this.item.range;
  }
}
kindOf(SplatNode, 'splat');

export class ParenthesesNode extends Spanned implements ParenthesesExpr {
  declare readonly kind: 'parentheses';
  declare readonly expr: NativeExpr;
  constructor(file: SourceFile, start: number, end: number, expr: NativeExpr) {
    super(file, start, end);
    this.expr = expr;
  }
}
kindOf(ParenthesesNode, 'parentheses');

export class TemplateNode extends Spanned implements TemplateExpr {
  declare readonly kind: 'template';
  declare readonly parts: readonly NativeExpr[];
  constructor(file: SourceFile, start: number, end: number, parts: readonly NativeExpr[]) {
    super(file, start, end);
    this.parts = parts;
  }
}
kindOf(TemplateNode, 'template');

/**
 * A template that is one literal string, as most quoted strings are: the same as a TemplateNode whose only part is
 * a literal, but that part is built on the first read of `parts`, so a tree nobody evaluates does not hold two more
 * objects per string.
 */
abstract class OneLiteralTemplate extends Spanned implements TemplateExpr {
  declare readonly kind: 'template';
  private declare partsRead: readonly NativeExpr[] | undefined;
  constructor(file: SourceFile, start: number, end: number) {
    super(file, start, end);
    this.partsRead = undefined;
  }
  protected abstract literal(): NativeExpr;
  get parts(): readonly NativeExpr[] {
    return (this.partsRead ??= [this.literal()]);
  }
}
kindOf(OneLiteralTemplate, 'template');

/** A quoted string whose text between the quotes is its value ("t3.micro": no escapes, no `$` or `%`). */
export class PlainQuotedTemplateNode extends OneLiteralTemplate {
  protected literal(): NativeExpr {
    const start = this.srcStart + 1;
    const end = this.srcEnd - 1;
    return new StringLiteralNode(this.srcFile, start, end, this.srcFile.text.slice(start, end));
  }
}

/** Any other one-literal template; `text` is its decoded value, or undefined when that is the source text itself. */
export class LiteralTemplateNode extends OneLiteralTemplate {
  private declare readonly text: string | undefined;
  private declare readonly textStart: number;
  private declare readonly textEnd: number;
  constructor(file: SourceFile, start: number, end: number, text: string | undefined, textStart: number, textEnd: number) {
    super(file, start, end);
    this.text = text;
    this.textStart = textStart;
    this.textEnd = textEnd;
  }
  protected literal(): NativeExpr {
    const text = this.text ?? this.srcFile.text.slice(this.textStart, this.textEnd);
    return new StringLiteralNode(this.srcFile, this.textStart, this.textEnd, text);
  }
}

export class TemplateJoinNode extends Spanned implements TemplateJoinExpr {
  declare readonly kind: 'templateJoin';
  declare readonly tuple: ForExpr;
  constructor(file: SourceFile, start: number, end: number, tuple: ForExpr) {
    super(file, start, end);
    this.tuple = tuple;
  }
}
kindOf(TemplateJoinNode, 'templateJoin');

export class TemplateWrapNode extends Spanned implements TemplateWrapExpr {
  declare readonly kind: 'templateWrap';
  declare readonly wrapped: NativeExpr;
  constructor(file: SourceFile, start: number, end: number, wrapped: NativeExpr) {
    super(file, start, end);
    this.wrapped = wrapped;
  }
}
kindOf(TemplateWrapNode, 'templateWrap');

// ---- traversal steps ----------------------------------------------------------------------------------------------

/** A step that names something: the root variable or an attribute. */
abstract class NamedStep extends Spanned {
  declare readonly name: string;
  constructor(file: SourceFile, start: number, end: number, name: string) {
    super(file, start, end);
    this.name = name;
  }
}

export class RootStep extends NamedStep {
  declare readonly kind: 'root';
}
kindOf(RootStep, 'root');

export class AttrStep extends NamedStep {
  declare readonly kind: 'attr';
}
kindOf(AttrStep, 'attr');

export class IndexStep extends Spanned {
  declare readonly kind: 'index';
  declare readonly key: Value;
  constructor(file: SourceFile, start: number, end: number, key: Value) {
    super(file, start, end);
    this.key = key;
  }
}
kindOf(IndexStep, 'index');

export class SplatStep extends Spanned {
  declare readonly kind: 'splat';
}
kindOf(SplatStep, 'splat');

// ---- structure ----------------------------------------------------------------------------------------------------

/**
 * From the name to the end of the expression (or of the skipped remainder of a bad item). Its file is its
 * expression's (every expression the parser builds knows its file).
 */
export class AttributeNode implements NativeAttribute {
  declare readonly kind: 'nativeAttribute';
  declare readonly name: string;
  declare readonly expr: NativeExpr;
  declare readonly srcStart: number;
  declare readonly srcEnd: number;
  private declare readonly equalsStart: number;
  constructor(start: number, end: number, name: string, expr: NativeExpr, equalsStart: number) {
    this.name = name;
    this.expr = expr;
    this.srcStart = start;
    this.srcEnd = end;
    this.equalsStart = equalsStart;
  }
  get srcFile(): SourceFile {
    return (this.expr as unknown as Spanned).srcFile;
  }
  get range(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcEnd);
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

/**
 * From the type name to the closing brace. A block whose header is broken has every range equal to its type name's,
 * which is how the opening brace's end is told from the normal one-character brace.
 */
export class BlockNode extends Spanned implements NativeBlock {
  declare readonly kind: 'nativeBlock';
  declare readonly type: string;
  private declare labelList: OneOrList<string>;
  declare readonly body: NativeBody;
  private declare labelRangeList: OneOrList<SourceRange>;
  private declare readonly openStart: number;
  private declare readonly closeStart: number;
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    type: string,
    labels: OneOrList<string>,
    body: NativeBody,
    labelRanges: OneOrList<SourceRange>,
    openStart: number,
    closeStart: number,
  ) {
    super(file, start, end);
    this.type = type;
    this.labelList = labels;
    this.body = body;
    this.labelRangeList = labelRanges;
    this.openStart = openStart;
    this.closeStart = closeStart;
  }
  get labels(): readonly string[] {
    return (this.labelList = asList(this.labelList));
  }
  get labelRanges(): readonly SourceRange[] {
    return (this.labelRangeList = asList(this.labelRangeList));
  }
  /** The type is the identifier at the start, exactly as written. */
  get typeRange(): SourceRange {
    return new SourceRange(this.srcFile, this.srcStart, this.srcStart + this.type.length);
  }
  get openBraceRange(): SourceRange {
    const broken = this.openStart === this.srcStart;
    return new SourceRange(this.srcFile, this.openStart, broken ? this.srcStart + this.type.length : this.openStart + 1);
  }
  /** Ends where the block ends. */
  get closeBraceRange(): SourceRange {
    return new SourceRange(this.srcFile, this.closeStart, this.srcEnd);
  }
}
kindOf(BlockNode, 'nativeBlock');
