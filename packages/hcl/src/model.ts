// The syntax-independent model shared by native and JSON syntax, as in hashicorp/hcl: an Expression can be
// evaluated and analysed statically, a Body is decoded against a schema into attributes and blocks.
// Native and JSON nodes are both plain data; functions in eval/ and decode/ dispatch on `kind`.
import type { JsonBody, JsonExpression } from './json/ast.js';
import type { Range } from './source.js';
import type { NativeBody, NativeExpr } from './syntax/ast.js';

export type Expression = NativeExpr | JsonExpression;
export type Body = NativeBody | JsonBody;

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
