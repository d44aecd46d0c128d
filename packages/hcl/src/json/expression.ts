// Evaluating JSON-syntax expressions (hcl's json expression.Value). The mode depends on the context alone:
// without one, strings are taken literally; with any context, even an empty one, every string (object property
// names included) is a native-syntax template, so "${var.x}" interpolates and "$${" escapes.
import type { Diagnostic } from '../diagnostics.js';
import type { EvalContext } from '../eval/context.js';
import { evaluate } from '../eval/evaluate.js';
import { tryConvert } from '../eval/ops.js';
import { rangeToString, type Range } from '../source.js';
import { parseTemplate } from '../syntax/index.js';
import { goQuote } from '../syntax/goquote.js';
import { BigFloat } from '../values/number.js';
import { DynamicPseudoType, StringType } from '../values/types.js';
import { DynamicVal, boolVal, nullVal, numberVal, objectVal, stringVal, tupleVal, type Value } from '../values/value.js';
import type { JsonExpression, JsonNode, JsonString } from './ast.js';

export interface JsonEvalResult {
  value: Value;
  diags: Diagnostic[];
}

export function evaluateJsonExpression(expr: JsonExpression, ctx?: EvalContext): JsonEvalResult {
  const diags: Diagnostic[] = [];
  const value = evalNode(expr.node, ctx, diags, expr);
  return { value, diags };
}

function evalNode(node: JsonNode, ctx: EvalContext | undefined, diags: Diagnostic[], expr?: JsonExpression): Value {
  switch (node.kind) {
    case 'jsonString':
      return evalString(node, ctx, diags);
    case 'jsonNumber':
      return numberOf(node.text);
    case 'jsonBool':
      return boolVal(node.value);
    case 'jsonNull':
      return nullVal(DynamicPseudoType);
    case 'jsonArray':
      return tupleVal(node.values.map((v) => evalNode(v, ctx, diags)));
    case 'jsonObject':
      return evalObject(node, ctx, diags, expr ?? { kind: 'jsonExpr', node, range: node.range });
    case 'jsonInvalid':
      // Already reported by the parser; unknown, so that the rest of the tree can still be evaluated.
      return DynamicVal;
  }
}

/**
 * A JSON number as a 512-bit number. The parser only lets valid JSON numbers through; should one still be out of
 * BigFloat's reach (absurd exponents), it evaluates as unknown rather than throwing.
 */
function numberOf(text: string): Value {
  try {
    const n = BigFloat.parse(text);
    return n ? numberVal(n) : DynamicVal;
  } catch {
    return DynamicVal;
  }
}

/** The template that a JSON string stands for in expression mode, positioned just past the opening quote. */
export function parseJsonStringTemplate(node: JsonString): ReturnType<typeof parseTemplate> {
  const start = node.range.start;
  // Escapes the JSON parser removed shift later positions; hcl accepts the same imprecision.
  return parseTemplate(node.value, node.range.filename, { line: start.line, column: start.column + 1, byte: start.byte + 1 });
}

function evalString(node: JsonString, ctx: EvalContext | undefined, diags: Diagnostic[]): Value {
  if (!ctx) return stringVal(node.value);
  const parsed = parseJsonStringTemplate(node);
  diags.push(...parsed.diags);
  if (parsed.diags.some((d) => d.severity === 'error')) return DynamicVal;
  const r = evaluate(parsed.expr, ctx);
  diags.push(...r.diags);
  return r.value;
}

function evalObject(node: JsonNode & { kind: 'jsonObject' }, ctx: EvalContext | undefined, diags: Diagnostic[], whole: JsonExpression): Value {
  const attrs = new Map<string, Value>();
  const attrRanges = new Map<string, Range>();
  let known = true;
  for (const prop of node.properties) {
    // Property names are templates too (in expression mode), matching the native syntax's dynamic object keys.
    const keyNode: JsonString = { kind: 'jsonString', value: prop.name, range: prop.nameRange };
    let name = evalString(keyNode, ctx, diags);
    const valExpr: JsonExpression = { kind: 'jsonExpr', node: prop.value, range: prop.value.range };
    const val = evalNode(prop.value, ctx, diags, valExpr);

    const converted = tryConvert(name, StringType);
    if (converted.error !== undefined) {
      diags.push(keyDiag(`Cannot use this expression as an object key: ${converted.error}.`, prop.nameRange, valExpr, ctx));
      continue;
    }
    name = converted.value;
    if (name.isNull) {
      diags.push(keyDiag('Cannot use null value as an object key.', prop.nameRange, valExpr, ctx));
      continue;
    }
    if (!name.isKnown) {
      // Without the key the object's type is unknown too; keep going to collect other errors.
      known = false;
      continue;
    }
    const key = name.unmarked().asString();
    const previous = attrRanges.get(key);
    if (previous) {
      diags.push({
        severity: 'error',
        summary: 'Duplicate object attribute',
        detail: `An attribute named ${goQuote(key)} was already defined at ${rangeToString(previous)}.`,
        subject: prop.nameRange,
        expression: whole,
        evalContext: ctx,
      });
      continue;
    }
    attrs.set(key, val);
    attrRanges.set(key, prop.nameRange);
  }
  if (!known) return DynamicVal;
  return objectVal(attrs);
}

function keyDiag(detail: string, subject: Range, expression: JsonExpression, ctx: EvalContext | undefined): Diagnostic {
  return { severity: 'error', summary: 'Invalid object key expression', detail, subject, expression, evalContext: ctx };
}
