// Decoding a component's HCL body against its config spec, as Packer does with a plugin's generated hcl2spec and
// hcldec.Decode: attributes are AttrSpecs (evaluated, then converted to the spec's type), `single` blocks are
// BlockSpecs, `list` blocks are BlockListSpecs. Diagnostics carry hcldec's texts and ranges; the body functions
// of @tspacker/hcl supply the schema ones (Unsupported argument, Did you mean…) for native and JSON syntax.
// Go walks the spec as a map (random order); we walk it in declaration order, so results are deterministic.
// Beyond hcldec: whole-number checks for `int`, and warnings for deprecated attributes, aliases and blocks.
import {
  bodyContent,
  bodyMissingItemRange,
  convert,
  ConversionError,
  DynamicPseudoType,
  evaluate,
  goQuote,
  listOf,
  listVal,
  listValEmpty,
  mapOf,
  NumberType,
  BoolType,
  StringType,
  nullVal,
  objectOf,
  objectVal,
  rangeBetween,
  rangeToString,
  unifyUnsafe,
  unknownVal,
  warningDiag,
  type Attribute,
  type Block,
  type Body,
  type BodyContent,
  type BodySchema,
  type Diagnostic,
  type EvalContext,
  type Range,
  type Type,
  type Value,
} from '@tspacker/hcl';
import type { AttrSpec, BlockSpec, ConfigSpec, ValueKind } from './spec.js';

/** The cty type of a value kind: `duration` is a string in HCL, `int` a number, `any` the dynamic type. */
export function valueKindType(kind: ValueKind): Type {
  switch (kind.kind) {
    case 'string':
    case 'duration':
      return StringType;
    case 'number':
    case 'int':
      return NumberType;
    case 'bool':
      return BoolType;
    case 'any':
      return DynamicPseudoType;
    case 'list':
      return listOf(valueKindType(kind.element));
    case 'map':
      return mapOf(valueKindType(kind.element));
  }
}

/** The type decodeConfig's value has (hcldec.ImpliedType): an object with one attribute per spec entry. */
export function configType(spec: ConfigSpec): Type {
  const attributes: [string, Type][] = [];
  for (const [name, entry] of Object.entries(spec)) attributes.push([name, entryType(entry)]);
  return objectOf(attributes);
}

function entryType(entry: AttrSpec | BlockSpec): Type {
  if (entry.kind === 'attr') return valueKindType(entry.value);
  const nested = configType(entry.spec);
  return entry.nesting === 'single' ? nested : listOf(nested);
}

/**
 * The body schema a spec implies (hcldec.ImpliedSchema): attributes in declaration order, each followed by its
 * aliases, and one block type per block entry (without labels). An attribute with aliases is not marked
 * required here, since any of its names may satisfy it; decodeConfig checks it.
 */
export function configBodySchema(spec: ConfigSpec): BodySchema {
  const attributes: { name: string; required?: boolean }[] = [];
  const blocks: { type: string }[] = [];
  for (const [name, entry] of Object.entries(spec)) {
    if (entry.kind === 'block') {
      blocks.push({ type: name });
      continue;
    }
    const aliases = entry.aliases ?? [];
    attributes.push(entry.required && aliases.length === 0 ? { name, required: true } : { name });
    for (const alias of aliases) attributes.push({ name: alias });
  }
  return { attributes, blocks };
}

/**
 * hcldec.Decode of `body` with the spec: an object value of configType(spec) (list blocks may unify `any`
 * attributes to a more specific type, as hcldec does), and the diagnostics. Values that cannot be known yet stay
 * unknown; a value that does not convert becomes an unknown of the right type, next to its diagnostic.
 */
export function decodeConfig(body: Body, spec: ConfigSpec, ctx?: EvalContext): { value: Value; diags: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const value = decodeBody(body, spec, ctx, diags);
  return { value, diags };
}

function decodeBody(body: Body, spec: ConfigSpec, ctx: EvalContext | undefined, diags: Diagnostic[]): Value {
  const { content, diags: contentDiags } = bodyContent(body, configBodySchema(spec));
  diags.push(...withAliasedRequired(contentDiags, spec, content));
  const values: [string, Value][] = [];
  for (const [name, entry] of Object.entries(spec)) {
    const v = entry.kind === 'attr' ? decodeAttr(name, entry, content, ctx, diags) : decodeBlocks(name, entry, content, ctx, diags);
    values.push([name, v]);
  }
  return objectVal(values);
}

/**
 * Adds "Missing required argument" for required attributes with aliases (left out of the schema), after the
 * ones the body reported, where hcl puts them.
 */
function withAliasedRequired(contentDiags: Diagnostic[], spec: ConfigSpec, content: BodyContent): Diagnostic[] {
  const missing: Diagnostic[] = [];
  for (const [name, entry] of Object.entries(spec)) {
    if (entry.kind !== 'attr' || !entry.required || !entry.aliases?.length) continue;
    if ([name, ...entry.aliases].some((n) => content.attributes.has(n))) continue;
    missing.push({
      severity: 'error',
      summary: 'Missing required argument',
      detail: `The argument ${goQuote(name)} is required, but no definition was found.`,
      subject: content.missingItemRange,
    });
  }
  if (missing.length === 0) return contentDiags;
  let at = 0;
  contentDiags.forEach((d, i) => {
    if (d.summary === 'Missing required argument') at = i + 1;
  });
  return [...contentDiags.slice(0, at), ...missing, ...contentDiags.slice(at)];
}

function decodeAttr(name: string, spec: AttrSpec, content: BodyContent, ctx: EvalContext | undefined, diags: Diagnostic[]): Value {
  const type = valueKindType(spec.value);
  const set: Attribute[] = [];
  for (const n of [name, ...(spec.aliases ?? [])]) {
    const a = content.attributes.get(n);
    if (a) set.push(a);
  }
  if (set.length === 0) return nullVal(type);
  // The first one in the source wins; the others are duplicates under another name.
  set.sort((a, b) => a.range.start.byte - b.range.start.byte);
  const attr = set[0]!;
  for (const other of set.slice(1)) {
    diags.push({
      severity: 'error',
      summary: 'Duplicate argument',
      detail: `The argument ${goQuote(other.name)} sets ${goQuote(name)}, which was already set at ${rangeToString(attr.range)}.`,
      subject: other.nameRange,
    });
  }
  for (const a of set) {
    if (a.name !== name) {
      diags.push(
        warningDiag('Deprecated argument', `The argument ${goQuote(a.name)} is deprecated; use ${goQuote(name)} instead.`, a.nameRange),
      );
    }
  }
  if (spec.deprecated !== undefined) diags.push(warningDiag('Deprecated argument', deprecationDetail(`The argument ${goQuote(attr.name)} is deprecated.`, spec.deprecated), attr.nameRange));

  const result = evaluate(attr.expr, ctx);
  diags.push(...result.diags);
  let value: Value;
  try {
    value = convert(result.value, type);
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    diags.push(typeDiag(attr, ctx, e.message));
    return unknownVal(type);
  }
  if (!isWhole(value, spec.value)) {
    diags.push(typeDiag(attr, ctx, 'a whole number is required'));
    return unknownVal(type);
  }
  return value;
}

/** hcldec's AttrSpec conversion failure. */
function typeDiag(attr: Attribute, ctx: EvalContext | undefined, message: string): Diagnostic {
  const d: Diagnostic = {
    severity: 'error',
    summary: 'Incorrect attribute value type',
    detail: `Inappropriate value for attribute ${goQuote(attr.name)}: ${message}.`,
    subject: attr.expr.range,
    context: rangeBetween(attr.nameRange, attr.expr.range),
    expression: attr.expr,
  };
  if (ctx) d.evalContext = ctx;
  return d;
}

/** Whether every known number an `int` kind holds (at any depth) is whole. */
function isWhole(v: Value, kind: ValueKind): boolean {
  if (!v.isKnown || v.isNull) return true;
  switch (kind.kind) {
    case 'int':
      return v.asNumber().isInt();
    case 'list':
      return v.asElements().every((e) => isWhole(e, kind.element));
    case 'map':
      return [...v.asEntries().values()].every((e) => isWhole(e, kind.element));
    default:
      return true;
  }
}

/** "… is deprecated." and the spec's explanation, if any. */
function deprecationDetail(sentence: string, text: string): string {
  return text === '' ? sentence : `${sentence} ${text}`;
}

function decodeBlocks(name: string, spec: BlockSpec, content: BodyContent, ctx: EvalContext | undefined, diags: Diagnostic[]): Value {
  const blocks = content.blocks.filter((b) => b.type === name);
  if (spec.deprecated !== undefined && blocks.length > 0) {
    diags.push(warningDiag('Deprecated block', deprecationDetail(`Blocks of type ${goQuote(name)} are deprecated.`, spec.deprecated), blocks[0]!.typeRange));
  }
  return spec.nesting === 'single' ? decodeSingleBlock(name, spec, blocks, content, ctx, diags) : decodeBlockList(name, spec, blocks, content, ctx, diags);
}

/** hcldec.BlockSpec: at most one block; null when absent. */
function decodeSingleBlock(
  name: string,
  spec: BlockSpec,
  blocks: readonly Block[],
  content: BodyContent,
  ctx: EvalContext | undefined,
  diags: Diagnostic[],
): Value {
  const first = blocks[0];
  if (!first) {
    if (spec.required) {
      diags.push({
        severity: 'error',
        summary: `Missing ${name} block`,
        detail: `A block of type ${goQuote(name)} is required here.`,
        subject: content.missingItemRange,
      });
    }
    return nullVal(configType(spec.spec));
  }
  const second = blocks[1];
  if (second) {
    // Only the first duplicate is reported.
    diags.push({
      severity: 'error',
      summary: `Duplicate ${name} block`,
      detail: `Only one block of type ${goQuote(name)} is allowed. Previous definition was at ${rangeToString(first.defRange)}.`,
      subject: second.defRange,
    });
  }
  return decodeBody(first.body, spec.spec, ctx, diags);
}

/** hcldec.BlockListSpec: a list of objects, one per block, within the spec's bounds. */
function decodeBlockList(
  name: string,
  spec: BlockSpec,
  blocks: readonly Block[],
  content: BodyContent,
  ctx: EvalContext | undefined,
  diags: Diagnostic[],
): Value {
  const elems: Value[] = [];
  const ranges: Range[] = [];
  for (const b of blocks) {
    elems.push(decodeBody(b.body, spec.spec, ctx, diags));
    // A block from a `dynamic` block whose for_each is unknown makes the whole list unknown.
    if (isUnknownBody(b.body)) return unknownVal(listOf(configType(spec.spec)));
    // hcldec's sourceRange of a nested object spec: where a missing item of the block body would go.
    ranges.push(bodyMissingItemRange(b.body));
  }
  const minItems = Math.max(spec.minItems ?? 0, spec.required ? 1 : 0);
  const maxItems = spec.maxItems ?? 0;
  if (elems.length < minItems) {
    diags.push({
      severity: 'error',
      summary: `Insufficient ${name} blocks`,
      detail: `At least ${minItems} ${goQuote(name)} blocks are required.`,
      subject: content.missingItemRange,
    });
  } else if (maxItems > 0 && elems.length > maxItems) {
    diags.push({
      severity: 'error',
      summary: `Too many ${name} blocks`,
      detail: `No more than ${maxItems} ${goQuote(name)} blocks are allowed`,
      subject: ranges[maxItems]!,
    });
  }
  if (elems.length === 0) return listValEmpty(configType(spec.spec));

  // `any` attributes may differ in type between blocks; a list needs one element type.
  const unified = unifyUnsafe(elems.map((e) => e.type));
  const inconsistent = (detail: string, subject: Range): Value => {
    diags.push({ severity: 'error', summary: `Unconsistent argument types in ${name} blocks`, detail, subject });
    return unknownVal(DynamicPseudoType);
  };
  if (!unified) return inconsistent('Corresponding attributes in all blocks of this type must be the same.', ranges[0]!);
  const converted: Value[] = [];
  for (const [i, e] of elems.entries()) {
    try {
      converted.push(convert(e, unified));
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      return inconsistent(`Block with index ${i} has inconsistent argument types: ${err.message}.`, ranges[i]!);
    }
  }
  return listVal(converted, unified);
}

/** hcldec's UnknownBody: the bodies dynamic-block expansion makes for an unknown for_each say so. */
function isUnknownBody(body: Body): boolean {
  return body.kind === 'customBody' && (body as { readonly unknown?: boolean }).unknown === true;
}
