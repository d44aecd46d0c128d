// The native-syntax AST, modelled on hclsyntax's node types so that semantics can be checked against the Go
// code node by node. Nodes are read-only data discriminated by `kind`; evaluation lives in eval/, static analysis
// in static.ts. The parser builds its nodes as class instances (nodes.ts) whose `kind`, ranges and some lists are
// getters on the prototype, to keep big trees small: read fields by name, and do not spread, enumerate or serialize
// a node (NativeBody is the exception: it stays a plain object with own fields). Template directives are desugared by the parser exactly as hclsyntax does:
// `%{if}` becomes a Conditional part, `%{for}` a TemplateJoin over a For expression, strip markers and
// heredoc flushing are applied to the literal parts, and escapes are decoded.
import type { Range } from '../source.js';
import type { Value } from '../values/value.js';

// ---- structure ------------------------------------------------------------------------------------------------

export interface NativeBody {
  readonly kind: 'nativeBody';
  /** Attributes in source order (names are unique: the parser reports "Attribute redefined"). */
  readonly attributes: readonly NativeAttribute[];
  /** Blocks in source order. */
  readonly blocks: readonly NativeBlock[];
  /** The body's extent: the whole file, or from `{` to `}` of its block. */
  readonly range: Range;
  /** Zero-width, just after the closing brace or at the end of the file (hclsyntax's Body.EndRange). */
  readonly endRange: Range;
  /**
   * Only on the "remaining" bodies decode/content.ts returns from a partial decode (hclsyntax's hiddenAttrs and
   * hiddenBlocks): names of attributes and block types already consumed, which later decodes skip.
   */
  readonly hiddenAttrs?: ReadonlySet<string>;
  readonly hiddenBlocks?: ReadonlySet<string>;
}

export interface NativeAttribute {
  readonly kind: 'nativeAttribute';
  readonly name: string;
  readonly expr: NativeExpr;
  readonly range: Range;
  readonly nameRange: Range;
  readonly equalsRange: Range;
}

export interface NativeBlock {
  readonly kind: 'nativeBlock';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: NativeBody;
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
  readonly openBraceRange: Range;
  readonly closeBraceRange: Range;
  /** From the type name to the closing brace. */
  readonly range: Range;
}

// ---- traversals ------------------------------------------------------------------------------------------------

export type TraverseStep =
  | { readonly kind: 'root'; readonly name: string; readonly range: Range }
  | { readonly kind: 'attr'; readonly name: string; readonly range: Range }
  | { readonly kind: 'index'; readonly key: Value; readonly range: Range }
  | { readonly kind: 'splat'; readonly range: Range };

/** An absolute traversal starts with a root step; a relative one does not. */
export type Traversal = readonly TraverseStep[];

// ---- expressions -----------------------------------------------------------------------------------------------

export type NativeExpr =
  | LiteralExpr
  | ScopeTraversalExpr
  | RelativeTraversalExpr
  | FunctionCallExpr
  | ConditionalExpr
  | BinaryOpExpr
  | UnaryOpExpr
  | TupleConsExpr
  | ObjectConsExpr
  | ObjectConsKeyExpr
  | ForExpr
  | IndexExpr
  | SplatExpr
  | AnonSymbolExpr
  | ParenthesesExpr
  | TemplateExpr
  | TemplateJoinExpr
  | TemplateWrapExpr;

export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: Value;
  readonly range: Range;
}

/** `a.b[0].c`: a root variable and constant steps. */
export interface ScopeTraversalExpr {
  readonly kind: 'scopeTraversal';
  readonly traversal: Traversal;
  readonly range: Range;
}

/** Constant steps applied to the result of another expression: `f(x).a[0]`. */
export interface RelativeTraversalExpr {
  readonly kind: 'relativeTraversal';
  readonly source: NativeExpr;
  readonly traversal: Traversal;
  readonly range: Range;
}

export interface FunctionCallExpr {
  readonly kind: 'functionCall';
  /** May be namespaced: `provider::ns::fn`. */
  readonly name: string;
  readonly args: readonly NativeExpr[];
  /** The last argument was followed by `...`. */
  readonly expandFinal: boolean;
  readonly range: Range;
  readonly nameRange: Range;
  readonly openParenRange: Range;
  readonly closeParenRange: Range;
}

export interface ConditionalExpr {
  readonly kind: 'conditional';
  readonly condition: NativeExpr;
  readonly trueResult: NativeExpr;
  readonly falseResult: NativeExpr;
  readonly range: Range;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '>' | '>=' | '<' | '<=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryOpExpr {
  readonly kind: 'binaryOp';
  readonly op: BinaryOperator;
  readonly lhs: NativeExpr;
  readonly rhs: NativeExpr;
  readonly range: Range;
}

export interface UnaryOpExpr {
  readonly kind: 'unaryOp';
  readonly op: '-' | '!';
  readonly operand: NativeExpr;
  readonly range: Range;
  readonly symbolRange: Range;
}

export interface TupleConsExpr {
  readonly kind: 'tupleCons';
  readonly exprs: readonly NativeExpr[];
  readonly range: Range;
  readonly openRange: Range;
}

export interface ObjectConsItem {
  readonly key: NativeExpr;
  readonly value: NativeExpr;
}

export interface ObjectConsExpr {
  readonly kind: 'objectCons';
  readonly items: readonly ObjectConsItem[];
  readonly range: Range;
  readonly openRange: Range;
}

/**
 * An object constructor key: a bare identifier (or a traversal, which is an error at evaluation:
 * "Ambiguous attribute key") is taken literally unless `forceNonLiteral` (it was parenthesised).
 */
export interface ObjectConsKeyExpr {
  readonly kind: 'objectConsKey';
  readonly wrapped: NativeExpr;
  readonly forceNonLiteral: boolean;
  readonly range: Range;
}

export interface ForExpr {
  readonly kind: 'for';
  readonly keyVar?: string;
  readonly valVar: string;
  readonly collExpr: NativeExpr;
  /** Present for `{for ...}` (object) forms only. */
  readonly keyExpr?: NativeExpr;
  readonly valExpr: NativeExpr;
  readonly condExpr?: NativeExpr;
  /** `...` after the value: group values by key. */
  readonly group: boolean;
  readonly range: Range;
  readonly openRange: Range;
  readonly closeRange: Range;
}

export interface IndexExpr {
  readonly kind: 'index';
  readonly collection: NativeExpr;
  readonly key: NativeExpr;
  readonly range: Range;
  readonly openRange: Range;
  /** `[key]`, brackets included. */
  readonly bracketRange: Range;
}

/** `src.*.a` or `src[*].a[0]`: `each` is evaluated once per element with `item` bound to it. */
export interface SplatExpr {
  readonly kind: 'splat';
  readonly source: NativeExpr;
  readonly each: NativeExpr;
  readonly item: AnonSymbolExpr;
  readonly range: Range;
  readonly markerRange: Range;
}

/** The placeholder for the current element inside a splat's `each`. */
export interface AnonSymbolExpr {
  readonly kind: 'anonSymbol';
  readonly range: Range;
}

export interface ParenthesesExpr {
  readonly kind: 'parentheses';
  readonly expr: NativeExpr;
  readonly range: Range;
}

/** A template with literal and interpolated parts, concatenated as strings. */
export interface TemplateExpr {
  readonly kind: 'template';
  readonly parts: readonly NativeExpr[];
  readonly range: Range;
}

/** The result of a `%{for}` directive: the tuple's elements converted to strings and joined. */
export interface TemplateJoinExpr {
  readonly kind: 'templateJoin';
  readonly tuple: ForExpr;
  readonly range: Range;
}

/** A template that is exactly one interpolation: its value is returned unconverted (`"${true}"` is a bool). */
export interface TemplateWrapExpr {
  readonly kind: 'templateWrap';
  readonly wrapped: NativeExpr;
  readonly range: Range;
}
