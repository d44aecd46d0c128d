// The JSON-syntax tree (HCL's json package): JSON values with source ranges, property order and duplicate
// property names preserved. A JsonBody interprets an object as attributes and blocks against a schema;
// a JsonExpression evaluates a JSON value (strings become templates when an EvalContext is given).
import type { Range } from '../source.js';

export type JsonNode = JsonString | JsonNumber | JsonBool | JsonNull | JsonArray | JsonObject | JsonInvalid;

export interface JsonString {
  readonly kind: 'jsonString';
  /** The decoded string. */
  readonly value: string;
  readonly range: Range;
}
export interface JsonNumber {
  readonly kind: 'jsonNumber';
  /** The literal as written, parsed into a 512-bit number when evaluated. */
  readonly text: string;
  readonly range: Range;
}
export interface JsonBool {
  readonly kind: 'jsonBool';
  readonly value: boolean;
  readonly range: Range;
}
export interface JsonNull {
  readonly kind: 'jsonNull';
  readonly range: Range;
}
/**
 * A value that failed to parse (its diagnostic was already reported). The Go parser keeps going after most
 * errors, so these can sit inside otherwise valid objects; they evaluate to an unknown value.
 */
export interface JsonInvalid {
  readonly kind: 'jsonInvalid';
  /** The first token of the value that failed. */
  readonly range: Range;
}
export interface JsonArray {
  readonly kind: 'jsonArray';
  readonly values: readonly JsonNode[];
  readonly range: Range;
  readonly openRange: Range;
}
export interface JsonProperty {
  readonly name: string;
  readonly nameRange: Range;
  readonly value: JsonNode;
}
export interface JsonObject {
  readonly kind: 'jsonObject';
  /** In source order, duplicates kept. */
  readonly properties: readonly JsonProperty[];
  readonly range: Range;
  readonly openRange: Range;
  readonly closeRange: Range;
}

/** A body backed by a JSON object (or, for nested blocks, an array of objects). */
export interface JsonBody {
  readonly kind: 'jsonBody';
  readonly node: JsonNode;
  /** Property names already consumed by an earlier partial decode. */
  readonly hidden: ReadonlySet<string>;
}

/** An expression backed by a JSON value. */
export interface JsonExpression {
  readonly kind: 'jsonExpr';
  readonly node: JsonNode;
  readonly range: Range;
}
