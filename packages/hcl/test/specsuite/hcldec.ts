// The subset of hcldec (and of its command's spec-file format) that HCL's spec suite uses, built on our parser,
// decoder and evaluator: spec files with `variables` and one root spec of literal / object / attr / block /
// block_list / block_set / block_map; decoding an input body against a spec; and the variables a spec reads.
import { readFileSync } from 'node:fs';
import { bodyContent, bodyJustAttributes, bodyPartialContent } from '../../src/decode/content.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { hasErrors } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { goQuote } from '../../src/syntax/goquote.js';
import type { Body, BodyContent, BodySchema, BlockHeaderSchema, AttributeSchema, Expression } from '../../src/model.js';
import { rangeToString, type Range } from '../../src/source.js';
import { variables as exprVariables } from '../../src/static.js';
import type { Traversal } from '../../src/syntax/ast.js';
import { parseConfig } from '../../src/syntax/index.js';
import { convert, ConversionError, withoutOptionalAttributesDeep } from '../../src/values/convert.js';
import { typeConstraint } from '../../src/values/typeexpr.js';
import { EmptyObjectType, listOf, mapOf, objectOf, setOf, DynamicPseudoType, type Type } from '../../src/values/types.js';
import { unifyUnsafeWithConversions } from '../../src/values/unify.js';
import {
  DynamicVal,
  listVal,
  listValEmpty,
  mapVal,
  mapValEmpty,
  nullVal,
  objectVal,
  setVal,
  setValEmpty,
  unknownVal,
  type Value,
} from '../../src/values/value.js';

export type Spec =
  | { kind: 'literal'; value: Value }
  | { kind: 'object'; children: ReadonlyMap<string, Spec> }
  | { kind: 'attr'; name: string; type: Type; required: boolean }
  | { kind: 'block'; typeName: string; nested: Spec; required: boolean }
  | { kind: 'blockList' | 'blockSet'; typeName: string; nested: Spec; minItems: number; maxItems: number }
  | { kind: 'blockMap'; typeName: string; labelNames: readonly string[]; nested: Spec };

export interface SpecFile {
  variables: Map<string, Value>;
  root: Spec;
}

const errSpec: Spec = { kind: 'literal', value: DynamicVal };

function error(summary: string, detail: string, subject?: Range): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, detail };
  if (subject) d.subject = subject;
  return d;
}

// ---- spec files ------------------------------------------------------------------------------------------------

const specBlockTypes = ['object', 'array', 'attr', 'block', 'block_list', 'block_set', 'block_map', 'block_attrs', 'default', 'transform', 'literal'];
const unlabelled: BodySchema = { blocks: specBlockTypes.map((type) => ({ type })) };
const labelled: BodySchema = {
  blocks: specBlockTypes.map((type): BlockHeaderSchema => (type === 'object' || type === 'array' || type === 'default' || type === 'transform' || type === 'literal' ? { type } : { type, labelNames: ['key'] })),
};

/** Read a `.hcldec` file: its `variables` block(s) and its single root spec. */
export function loadSpecFile(path: string): { spec: SpecFile; diags: Diagnostic[] } {
  const parsed = parseConfig(readFileSync(path, 'utf8'), path);
  const diags = [...parsed.diags];
  if (hasErrors(parsed.diags)) return { spec: { variables: new Map(), root: errSpec }, diags };

  const decls = bodyPartialContent(parsed.body, { blocks: [{ type: 'variables' }] });
  diags.push(...decls.diags);
  const variables = new Map<string, Value>();
  for (const block of decls.content.blocks) {
    const attrs = bodyJustAttributes(block.body);
    diags.push(...attrs.diags);
    for (const [name, attr] of attrs.attributes) {
      const r = evaluate(attr.expr, { functions: new Map() });
      diags.push(...r.diags);
      variables.set(name, r.value);
    }
  }

  const content = bodyContent(decls.remain, unlabelled);
  diags.push(...content.diags);
  const blocks = content.content.blocks;
  if (blocks.length !== 1) {
    if (!hasErrors(content.diags)) {
      diags.push(error(blocks.length === 0 ? 'Missing spec block' : 'Extraneous spec block', 'A spec file must have exactly one root block specifying how to map to a JSON value.'));
    }
    return { spec: { variables, root: errSpec }, diags };
  }
  const root = decodeSpecBlock(blocks[0]!.type, blocks[0]!.labels[0] ?? '', blocks[0]!.body, diags);
  return { spec: { variables, root }, diags };
}

/** The arguments of a spec block (gohcl-style: each optional unless noted) and the rest of its body. */
function specArgs(body: Body, names: readonly string[], diags: Diagnostic[]): { args: Map<string, Expression>; remain: Body } {
  const schema: AttributeSchema[] = names.map((name) => ({ name }));
  const r = bodyPartialContent(body, { attributes: schema });
  diags.push(...r.diags);
  const args = new Map<string, Expression>();
  for (const [k, a] of r.content.attributes) args.set(k, a.expr);
  return { args, remain: r.remain };
}

function constValue(expr: Expression | undefined, diags: Diagnostic[]): Value | undefined {
  if (!expr) return undefined;
  const r = evaluate(expr);
  diags.push(...r.diags);
  return hasErrors(r.diags) ? undefined : r.value;
}

function stringArg(expr: Expression | undefined, diags: Diagnostic[]): string | undefined {
  const v = constValue(expr, diags);
  return v && !v.isNull ? v.asString() : undefined;
}
function boolArg(expr: Expression | undefined, diags: Diagnostic[]): boolean {
  const v = constValue(expr, diags);
  return v && !v.isNull ? v.asBool() : false;
}
function intArg(expr: Expression | undefined, diags: Diagnostic[]): number {
  const v = constValue(expr, diags);
  return v && !v.isNull ? v.asNumber().toFloat64() : 0;
}

function decodeSpecBlock(type: string, impliedName: string, body: Body, diags: Diagnostic[]): Spec {
  switch (type) {
    case 'object': {
      const c = bodyContent(body, labelled);
      diags.push(...c.diags);
      const children = new Map<string, Spec>();
      for (const b of c.content.blocks) children.set(b.labels[0] ?? '', decodeSpecBlock(b.type, b.labels[0] ?? '', b.body, diags));
      return { kind: 'object', children };
    }
    case 'attr': {
      const { args, remain } = specArgs(body, ['name', 'type', 'required'], diags);
      diags.push(...bodyContent(remain, {}).diags);
      const typeExpr = args.get('type');
      let t: Type = DynamicPseudoType;
      if (typeExpr) {
        const tr = typeConstraint(typeExpr);
        diags.push(...tr.diags);
        t = tr.type;
      }
      return { kind: 'attr', name: stringArg(args.get('name'), diags) ?? impliedName, type: t, required: boolArg(args.get('required'), diags) };
    }
    case 'block': {
      const { args, remain } = specArgs(body, ['block_type', 'required'], diags);
      return {
        kind: 'block',
        typeName: stringArg(args.get('block_type'), diags) ?? impliedName,
        required: boolArg(args.get('required'), diags),
        nested: decodeNested(remain, diags),
      };
    }
    case 'block_list':
    case 'block_set': {
      const { args, remain } = specArgs(body, ['block_type', 'min_items', 'max_items'], diags);
      return {
        kind: type === 'block_list' ? 'blockList' : 'blockSet',
        typeName: stringArg(args.get('block_type'), diags) ?? impliedName,
        minItems: intArg(args.get('min_items'), diags),
        maxItems: intArg(args.get('max_items'), diags),
        nested: decodeNested(remain, diags),
      };
    }
    case 'block_map': {
      const { args, remain } = specArgs(body, ['block_type', 'labels'], diags);
      const labels = constValue(args.get('labels'), diags);
      return {
        kind: 'blockMap',
        typeName: stringArg(args.get('block_type'), diags) ?? impliedName,
        labelNames: labels && !labels.isNull ? labels.asElements().map((l) => l.asString()) : [],
        nested: decodeNested(remain, diags),
      };
    }
    case 'literal': {
      const { args, remain } = specArgs(body, ['value'], diags);
      diags.push(...bodyContent(remain, {}).diags);
      const v = constValue(args.get('value'), diags);
      return { kind: 'literal', value: v ?? DynamicVal };
    }
    default:
      diags.push(error('Unsupported spec block', `The spec-suite harness does not implement ${goQuote(type)} specs.`));
      return errSpec;
  }
}

function decodeNested(body: Body, diags: Diagnostic[]): Spec {
  const c = bodyContent(body, unlabelled);
  diags.push(...c.diags);
  const b = c.content.blocks[0];
  if (!b) return errSpec;
  return decodeSpecBlock(b.type, b.labels[0] ?? '', b.body, diags);
}

// ---- decoding --------------------------------------------------------------------------------------------------

/** hcldec.ImpliedSchema: the attributes and blocks a spec reads from one body. */
export function impliedSchema(spec: Spec): BodySchema {
  const attributes: AttributeSchema[] = [];
  const blocks: BlockHeaderSchema[] = [];
  const visit = (s: Spec): void => {
    switch (s.kind) {
      case 'object':
        for (const c of s.children.values()) visit(c);
        return;
      case 'attr':
        attributes.push({ name: s.name, required: s.required });
        return;
      case 'block':
      case 'blockList':
      case 'blockSet':
        blocks.push({ type: s.typeName });
        return;
      case 'blockMap':
        blocks.push({ type: s.typeName, labelNames: s.labelNames });
        return;
      default:
        return;
    }
  };
  visit(spec);
  return { attributes, blocks };
}

export function impliedType(spec: Spec): Type {
  switch (spec.kind) {
    case 'literal':
      return spec.value.type;
    case 'object':
      return spec.children.size === 0 ? EmptyObjectType : objectOf([...spec.children].map(([k, c]) => [k, impliedType(c)] as [string, Type]));
    case 'attr':
      return spec.type;
    case 'block':
      return impliedType(spec.nested);
    case 'blockList':
      return listOf(impliedType(spec.nested));
    case 'blockSet':
      return setOf(impliedType(spec.nested));
    case 'blockMap': {
      let t = impliedType(spec.nested);
      for (let i = 0; i < spec.labelNames.length; i++) t = mapOf(t);
      return t;
    }
  }
}

/** hcldec.Decode: the value a body yields under a spec. */
export function decode(body: Body, spec: Spec, ctx: EvalContext | undefined): { value: Value; diags: Diagnostic[] } {
  const c = bodyContent(body, impliedSchema(spec));
  const diags = [...c.diags];
  const value = decodeContent(c.content, spec, ctx, diags);
  return { value, diags };
}

function decodeContent(content: BodyContent, spec: Spec, ctx: EvalContext | undefined, diags: Diagnostic[]): Value {
  switch (spec.kind) {
    case 'literal':
      return spec.value;
    case 'object': {
      const vals = new Map<string, Value>();
      for (const [k, c] of spec.children) vals.set(k, decodeContent(content, c, ctx, diags));
      return objectVal(vals);
    }
    case 'attr': {
      const attr = content.attributes.get(spec.name);
      if (!attr) return nullVal(withoutOptionalAttributesDeep(spec.type));
      const r = evaluate(attr.expr, ctx);
      diags.push(...r.diags);
      try {
        return convert(r.value, spec.type);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diags.push({
          ...error('Incorrect attribute value type', `Inappropriate value for attribute ${goQuote(spec.name)}: ${e.message}.`, attr.expr.range),
          context: attr.range,
        });
        return unknownVal(withoutOptionalAttributesDeep(spec.type));
      }
    }
    case 'block': {
      const matching = content.blocks.filter((b) => b.type === spec.typeName);
      if (matching.length > 1) {
        diags.push(
          error(
            `Duplicate ${spec.typeName} block`,
            `Only one block of type ${goQuote(spec.typeName)} is allowed. Previous definition was at ${rangeToString(matching[0]!.defRange)}.`,
            matching[1]!.defRange,
          ),
        );
      }
      const first = matching[0];
      if (!first) {
        if (spec.required) diags.push(error(`Missing ${spec.typeName} block`, `A block of type ${goQuote(spec.typeName)} is required here.`, content.missingItemRange));
        return nullVal(withoutOptionalAttributesDeep(impliedType(spec.nested)));
      }
      const r = decode(first.body, spec.nested, ctx);
      diags.push(...r.diags);
      return r.value;
    }
    case 'blockList':
    case 'blockSet': {
      const elems: Value[] = [];
      const ranges: Range[] = [];
      for (const b of content.blocks) {
        if (b.type !== spec.typeName) continue;
        const r = decode(b.body, spec.nested, ctx);
        diags.push(...r.diags);
        elems.push(r.value);
        ranges.push(b.defRange);
      }
      if (elems.length < spec.minItems) {
        diags.push(error(`Insufficient ${spec.typeName} blocks`, `At least ${spec.minItems} ${goQuote(spec.typeName)} blocks are required.`, content.missingItemRange));
      } else if (spec.maxItems > 0 && elems.length > spec.maxItems) {
        diags.push(error(`Too many ${spec.typeName} blocks`, `No more than ${spec.maxItems} ${goQuote(spec.typeName)} blocks are allowed`, ranges[spec.maxItems]));
      }
      const et = impliedType(spec.nested);
      if (elems.length === 0) return spec.kind === 'blockList' ? listValEmpty(et) : setValEmpty(et);
      const u = unifyUnsafeWithConversions(elems.map((e) => e.type));
      if (!u) {
        diags.push(error(`Unconsistent argument types in ${spec.typeName} blocks`, 'Corresponding attributes in all blocks of this type must be the same.', ranges[0]));
        return DynamicVal;
      }
      const conv = elems.map((e, i) => (u.conversions[i] ? u.conversions[i]!(e) : e));
      return spec.kind === 'blockList' ? listVal(conv, u.type) : setVal(conv, u.type);
    }
    case 'blockMap': {
      type Tree = Map<string, Tree | Value>;
      const root: Tree = new Map();
      const depth = spec.labelNames.length;
      for (const b of content.blocks) {
        if (b.type !== spec.typeName) continue;
        const r = decode(b.body, spec.nested, ctx);
        let target = root;
        for (const key of b.labels.slice(0, depth - 1)) {
          if (!target.has(key)) target.set(key, new Map());
          target = target.get(key) as Tree;
        }
        diags.push(...r.diags);
        const key = b.labels[depth - 1]!;
        if (target.has(key)) {
          diags.push(
            error(
              `Duplicate ${spec.typeName} block`,
              `A block for ${spec.typeName}${b.labels.map((l) => ' ' + goQuote(l)).join('')} was already defined. The ${spec.typeName} labels must be unique.`,
              b.defRange,
            ),
          );
          continue;
        }
        target.set(key, r.value);
      }
      if (root.size === 0) return mapValEmpty(impliedType(spec.nested));
      const toValue = (t: Tree, level: number): Value =>
        mapVal([...t].map(([k, v]) => [k, level === 1 ? (v as Value) : toValue(v as Tree, level - 1)] as [string, Value]));
      return toValue(root, depth);
    }
  }
}

/** hcldec.Variables: the traversals the spec's attributes refer to, in the body and its nested blocks. */
export function specVariables(body: Body, spec: Spec): Traversal[] {
  const c = bodyPartialContent(body, impliedSchema(spec)).content;
  const out: Traversal[] = [];
  const visit = (s: Spec): void => {
    switch (s.kind) {
      case 'object':
        for (const child of s.children.values()) visit(child);
        return;
      case 'attr': {
        const a = c.attributes.get(s.name);
        if (a) out.push(...exprVariables(a.expr));
        return;
      }
      case 'block': {
        const b = c.blocks.find((x) => x.type === s.typeName);
        if (b) out.push(...specVariables(b.body, s.nested));
        return;
      }
      case 'blockList':
      case 'blockSet':
      case 'blockMap':
        for (const b of c.blocks) if (b.type === s.typeName) out.push(...specVariables(b.body, s.nested));
        return;
      default:
        return;
    }
  };
  visit(spec);
  return out;
}
