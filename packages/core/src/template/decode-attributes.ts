// gohcl.DecodeBody for the small structs hcl2template decodes meta-arguments into (build `name`, provisioner
// `pause_before`, post-processor `keep_input_artifact`...): the named attributes are taken out of the body
// (PartialContent, so everything else stays in `remain` for the component), each is evaluated, converted to its
// Go field type and checked as gocty does ("Unsuitable value type" / "Unsuitable value: value must be known").
import {
  bodyPartialContent,
  ConversionError,
  convert,
  errorDiag,
  evaluate,
  listOf,
  BoolType,
  NumberType,
  StringType,
  type Body,
  type BodyContent,
  type Diagnostic,
  type EvalContext,
  type Expression,
  type Type,
  type Value,
} from '@tspacker/hcl';
import { exprStartRange } from '@tspacker/hcl/eval/evaluate.js';

/**
 * The Go field types used: `string`, `bool`, `int`, `[]string`, `*bool` (`optionalBool`: null allowed) and
 * `cty.Value` (`value`: anything, unknown included).
 */
export type FieldKind = 'string' | 'bool' | 'int' | 'stringList' | 'optionalBool' | 'value';

/** The JavaScript value of a field kind (undefined for an absent optional field). */
export interface FieldValues {
  string: string;
  bool: boolean;
  int: number;
  stringList: string[];
  optionalBool: boolean | undefined;
  value: Value | undefined;
}

export type FieldSpec = Readonly<Record<string, FieldKind>>;
export type DecodedFields<S extends FieldSpec> = { [K in keyof S]: FieldValues[S[K]] };

const zero: { [K in FieldKind]: () => FieldValues[K] } = {
  string: () => '',
  bool: () => false,
  int: () => 0,
  stringList: () => [],
  optionalBool: () => undefined,
  value: () => undefined,
};

const goType: { [K in FieldKind]: Type | undefined } = {
  string: StringType,
  bool: BoolType,
  int: NumberType,
  stringList: listOf(StringType),
  optionalBool: BoolType,
  value: undefined,
};

const minInt64 = -9223372036854775808n;
const maxInt64 = 9223372036854775807n;

/** gocty.FromCtyValue's checks for a converted value; undefined when fine. */
function goValueError(v: Value, kind: FieldKind): string | undefined {
  if (kind === 'value') return undefined;
  if (v.isNull) return kind === 'optionalBool' || kind === 'stringList' ? undefined : 'null value is not allowed';
  if (!v.isKnown) return 'value must be known';
  if (kind === 'stringList') {
    for (const e of v.asElements()) {
      if (e.isNull) return 'null value is not allowed';
      if (!e.isKnown) return 'value must be known';
    }
  }
  if (kind === 'int') {
    const n = v.asNumber();
    const whole = !n.isInf() && n.isInt() ? n.toBigInt() : undefined;
    if (whole === undefined || whole < minInt64 || whole > maxInt64) {
      return 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';
    }
  }
  return undefined;
}

function toJs<K extends FieldKind>(v: Value, kind: K): FieldValues[K] {
  let out: unknown;
  switch (kind) {
    case 'string':
      out = v.asString();
      break;
    case 'bool':
      out = v.asBool();
      break;
    case 'optionalBool':
      out = v.isNull ? undefined : v.asBool();
      break;
    case 'int':
      out = Number(v.asNumber().toBigInt() ?? 0n);
      break;
    case 'stringList':
      out = v.isNull ? [] : v.asElements().map((e) => e.asString());
      break;
    default:
      out = v;
  }
  return out as FieldValues[K];
}

/** gohcl.DecodeExpression into one field. */
export function decodeExpression<K extends FieldKind>(
  expr: Expression,
  ctx: EvalContext | undefined,
  kind: K,
): { value: FieldValues[K]; diags: Diagnostic[] } {
  const result = evaluate(expr, ctx);
  const diags = [...result.diags];
  const unsuitable = (message: string): Diagnostic => errorDiag('Unsuitable value type', `Unsuitable value: ${message}`, exprStartRange(expr), expr.range);
  let v = result.value;
  const want = goType[kind];
  if (want) {
    try {
      v = convert(v, want);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      diags.push(unsuitable(e.message));
      return { value: zero[kind](), diags };
    }
  }
  const problem = goValueError(v, kind);
  if (problem !== undefined) {
    diags.push(unsuitable(problem));
    return { value: zero[kind](), diags };
  }
  return { value: toJs(v, kind), diags };
}

/**
 * gohcl.DecodeBody into a struct with optional fields of `spec` and a `remain` body: absent attributes take
 * their Go zero value.
 */
export function decodeFields<S extends FieldSpec>(
  body: Body,
  ctx: EvalContext | undefined,
  spec: S,
): { fields: DecodedFields<S>; remain: Body; diags: Diagnostic[] } {
  const names = Object.keys(spec);
  const { content, remain, diags } = bodyPartialContent(body, { attributes: names.map((name) => ({ name })) });
  const fields: Record<string, unknown> = {};
  for (const name of names) fields[name] = decodeOptionalAttribute(content, name, spec[name]!, ctx, diags);
  return { fields: fields as DecodedFields<S>, remain, diags };
}

/** One optional attribute of `content` decoded as `kind` (diagnostics added to `diags`); absent: its Go zero value. */
export function decodeOptionalAttribute<K extends FieldKind>(
  content: BodyContent,
  name: string,
  kind: K,
  ctx: EvalContext | undefined,
  diags: Diagnostic[],
): FieldValues[K] {
  const attr = content.attributes.get(name);
  if (!attr) return zero[kind]();
  const decoded = decodeExpression(attr.expr, ctx, kind);
  diags.push(...decoded.diags);
  return decoded.value;
}
