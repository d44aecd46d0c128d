// The syntax-independent model shared by native and JSON syntax, as in hashicorp/hcl: an Expression can be
// evaluated and analysed statically, a Body is decoded against a schema into attributes and blocks.
// Native and JSON nodes are both plain data; functions in eval/ and decode/ dispatch on `kind`.
import type { Diagnostic } from './diagnostics.js';
import type { JsonBody, JsonExpression } from './json/ast.js';
import type { Range } from './source.js';
import type { NativeBody, NativeExpr } from './syntax/ast.js';
import type { Value } from './values/value.js';

export type Expression = NativeExpr | JsonExpression | ScopedExpression;
export type Body = NativeBody | JsonBody | CustomBody;

/**
 * An expression evaluated in a child scope of the caller's context that adds `variables`, with `marks` added
 * to its result (hcl's dynblock exprWrap): how dynamic-block expansion exposes iterator variables to the
 * attributes of generated blocks. Static analysis (static.ts) sees through it to `expr`.
 */
export interface ScopedExpression {
  readonly kind: 'scopedExpr';
  readonly expr: Expression;
  readonly variables?: ReadonlyMap<string, Value>;
  readonly marks?: ReadonlySet<string>;
  readonly range: Range;
}

/**
 * A body implemented in code rather than backed by syntax (hcl's Body interface, e.g. dynblock's expanded
 * bodies). decode/content.ts delegates to these methods for `kind === 'customBody'`.
 */
export interface CustomBody {
  readonly kind: 'customBody';
  content(schema: BodySchema): { content: BodyContent; diags: Diagnostic[] };
  partialContent(schema: BodySchema): { content: BodyContent; remain: Body; diags: Diagnostic[] };
  justAttributes(): { attributes: ReadonlyMap<string, Attribute>; diags: Diagnostic[] };
  missingItemRange(): Range;
}

export interface AttributeSchema {
  readonly name: string;
  readonly required?: boolean;
}
export interface BlockHeaderSchema {
  readonly type: string;
  readonly labelNames?: readonly string[];
}
export interface BodySchema {
  readonly attributes?: readonly AttributeSchema[];
  readonly blocks?: readonly BlockHeaderSchema[];
}

export interface Attribute {
  readonly name: string;
  readonly expr: Expression;
  readonly range: Range;
  readonly nameRange: Range;
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  /** From the type name to the last label. */
  readonly defRange: Range;
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
}

export interface BodyContent {
  /** Attributes present in the body, by name (schema attributes only). */
  readonly attributes: ReadonlyMap<string, Attribute>;
  /** Blocks of schema types, in source order. */
  readonly blocks: readonly Block[];
  /** Where to point "Missing required argument" diagnostics. */
  readonly missingItemRange: Range;
}
