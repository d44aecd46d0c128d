// `dynamic` blocks (hcl ext/dynblock): expandDynamicBlocks(body, ctx) returns a CustomBody that, when decoded
// against a schema, replaces each `dynamic "<type>" { for_each = …, iterator = …, labels = […], content { … } }`
// with one `<type>` block per element of for_each, in place among the static blocks. Expansion is lazy and
// schema-driven, as in Go: the target block type's label count decides whether `labels` is required, and the
// bodies of generated (and static) blocks are themselves expanded bodies, so nested dynamic blocks work.
// Attributes inside generated blocks are ScopedExpressions that add the iterator variables (`<iterator>.key`,
// `<iterator>.value`, and those of enclosing dynamic blocks) to whatever context the caller evaluates them in.
// for_each and labels are evaluated in `ctx` (plus enclosing iterators).
import type { Diagnostic } from '../diagnostics.js';
import { evaluate } from '../eval/evaluate.js';
import type { EvalContext } from '../eval/context.js';
import { childContext } from '../eval/context.js';
import { elementPairs, goQuote, marksOf, tryConvert } from '../eval/ops.js';
import type { Attribute, Block, BlockHeaderSchema, Body, BodyContent, BodySchema, CustomBody, Expression } from '../model.js';
import type { Range } from '../source.js';
import { absTraversalForExpr, exprList } from '../static.js';
import { friendlyName, StringType } from '../values/types.js';
import { DynamicVal, type Value, objectVal } from '../values/value.js';
import { bodyContent as content, bodyJustAttributes as justAttrs, bodyMissingItemRange as missingRange, bodyPartialContent as partial } from './content.js';

/** A check run on each for_each value before expansion (dynblock.OptCheckForEach). */
export type ForEachCheck = (value: Value, expr: Expression, ctx: EvalContext | undefined) => Diagnostic[];

export interface ExpandOptions {
  readonly checkForEach?: readonly ForEachCheck[];
}

/** dynblock.Expand: a body whose dynamic blocks are expanded when it is decoded. */
export function expandDynamicBlocks(body: Body, ctx: EvalContext | undefined, opts: ExpandOptions = {}): CustomBody {
  return new ExpandedBody(body, ctx, undefined, undefined, [...(opts.checkForEach ?? [])], new Set(), new Map());
}

function hasErr(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

// ---- iteration -----------------------------------------------------------------------------------------------------

/** One step of a (possibly nested) dynamic block: the iterator's key and value, and those of enclosing blocks. */
class Iteration {
  constructor(
    readonly iteratorName: string,
    readonly key: Value,
    readonly value: Value,
    readonly inherited: ReadonlyMap<string, Iteration>,
  ) {}

  object(): Value {
    return objectVal({ key: this.key, value: this.value });
  }

  /** The variables this iteration adds to a scope. */
  variables(): Map<string, Value> {
    const vars = new Map<string, Value>();
    for (const [name, it] of this.inherited) vars.set(name, it.object());
    vars.set(this.iteratorName, this.object());
    return vars;
  }

  static child(parent: Iteration | undefined, iteratorName: string, key: Value, value: Value): Iteration {
    if (!parent) return new Iteration(iteratorName, key, value, new Map());
    const inherited = new Map(parent.inherited);
    inherited.set(parent.iteratorName, parent);
    return new Iteration(iteratorName, key, value, inherited);
  }
}

/** iteration.EvalContext: a child of `base` holding the iteration's variables (or just a child when none). */
function iterationContext(i: Iteration | undefined, base: EvalContext | undefined): EvalContext {
  if (!i) return base ? { parent: base } : {};
  return childContext(base, i.variables());
}

// ---- schemas -------------------------------------------------------------------------------------------------------

const dynamicBlockHeaderSchema: BlockHeaderSchema = { type: 'dynamic', labelNames: ['type'] };
const dynamicBlockBodySchemaLabels: BodySchema = {
  attributes: [
    { name: 'for_each', required: true },
    { name: 'iterator', required: false },
    { name: 'labels', required: true },
  ],
  blocks: [{ type: 'content' }],
};
const dynamicBlockBodySchemaNoLabels: BodySchema = {
  attributes: [
    { name: 'for_each', required: true },
    { name: 'iterator', required: false },
  ],
  blocks: [{ type: 'content' }],
};

// ---- the expanded body ---------------------------------------------------------------------------------------------

interface ExpandSpec {
  blockType: string;
  blockTypeRange: Range;
  defRange: Range;
  forEachVal: Value;
  iteratorName: string;
  labelExprs: readonly Expression[];
  contentBody: Body;
}

class ExpandedBody implements CustomBody {
  readonly kind = 'customBody' as const;

  constructor(
    private readonly original: Body,
    private readonly forEachCtx: EvalContext | undefined,
    private iteration: Iteration | undefined,
    private valueMarks: ReadonlySet<string> | undefined,
    private checkForEach: readonly ForEachCheck[],
    private readonly hiddenAttrs: ReadonlySet<string>,
    private readonly hiddenBlocks: ReadonlyMap<string, BlockHeaderSchema>,
  ) {}

  /** Marks of the for_each value this body was generated from (hcldec.MarkedBody). */
  get bodyValueMarks(): ReadonlySet<string> | undefined {
    return this.valueMarks;
  }

  content(schema: BodySchema): { content: BodyContent; diags: Diagnostic[] } {
    const raw = content(this.original, this.extendSchema(schema));
    const diags = [...raw.diags];
    const blocks = this.expandBlocks(schema, raw.content.blocks, false, diags);
    return {
      content: { attributes: this.prepareAttributes(raw.content.attributes), blocks, missingItemRange: missingRange(this.original) },
      diags,
    };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: Body; diags: Diagnostic[] } {
    const raw = partial(this.original, this.extendSchema(schema));
    const diags = [...raw.diags];
    const blocks = this.expandBlocks(schema, raw.content.blocks, true, diags);
    // The remainder is the same original body with everything in this schema hidden.
    const hiddenAttrs = new Set(this.hiddenAttrs);
    const hiddenBlocks = new Map(this.hiddenBlocks);
    for (const a of schema.attributes ?? []) hiddenAttrs.add(a.name);
    for (const b of schema.blocks ?? []) hiddenBlocks.set(b.type, b);
    const remain = new ExpandedBody(this.original, this.forEachCtx, this.iteration, undefined, this.checkForEach, hiddenAttrs, hiddenBlocks);
    return {
      content: { attributes: this.prepareAttributes(raw.content.attributes), blocks, missingItemRange: missingRange(this.original) },
      remain,
      diags,
    };
  }

  justAttributes(): { attributes: ReadonlyMap<string, Attribute>; diags: Diagnostic[] } {
    // As in Go: attributes read this way are neither hidden nor scoped to the iteration.
    return justAttrs(this.original);
  }

  missingItemRange(): Range {
    return missingRange(this.original);
  }

  private extendSchema(schema: BodySchema): BodySchema {
    const blocks = [...(schema.blocks ?? []), dynamicBlockHeaderSchema, ...this.hiddenBlocks.values()];
    let attributes = schema.attributes;
    if (this.hiddenAttrs.size > 0) {
      attributes = [...(schema.attributes ?? []), ...[...this.hiddenAttrs].map((name) => ({ name, required: false }))];
    }
    const out: { attributes?: BodySchema['attributes']; blocks: BlockHeaderSchema[] } = { blocks };
    if (attributes) out.attributes = attributes;
    return out;
  }

  private prepareAttributes(raw: ReadonlyMap<string, Attribute>): ReadonlyMap<string, Attribute> {
    const marks = this.valueMarks && this.valueMarks.size > 0 ? this.valueMarks : undefined;
    if (this.hiddenAttrs.size === 0 && !this.iteration && !marks) return raw;
    const attrs = new Map<string, Attribute>();
    for (const [name, attr] of raw) {
      if (this.hiddenAttrs.has(name)) continue;
      if (this.iteration || marks) {
        const expr: Expression = {
          kind: 'scopedExpr',
          expr: attr.expr,
          ...(this.iteration ? { variables: this.iteration.variables() } : {}),
          ...(marks ? { marks } : {}),
          range: attr.expr.range,
        };
        attrs.set(name, { ...attr, expr });
      } else {
        attrs.set(name, attr);
      }
    }
    return attrs;
  }

  private expandBlocks(schema: BodySchema, rawBlocks: readonly Block[], partialMode: boolean, diags: Diagnostic[]): Block[] {
    const blocks: Block[] = [];
    for (const rawBlock of rawBlocks) {
      if (rawBlock.type !== 'dynamic') {
        if (!this.hiddenBlocks.has(rawBlock.type)) {
          blocks.push({ ...rawBlock, body: this.expandChild(rawBlock.body, this.iteration, undefined) });
        }
        continue;
      }
      const realBlockType = rawBlock.labels[0]!;
      if (this.hiddenBlocks.has(realBlockType)) continue;
      const blockS = (schema.blocks ?? []).find((c) => c.type === realBlockType);
      if (!blockS) {
        if (!partialMode) {
          diags.push({
            severity: 'error',
            summary: 'Unsupported block type',
            detail: `Blocks of type ${goQuote(realBlockType)} are not expected here.`,
            subject: rawBlock.labelRanges[0]!,
          });
        }
        continue;
      }
      const spec = this.decodeSpec(blockS, rawBlock, diags);
      if (!spec) continue;

      const marks = marksOf(spec.forEachVal);
      const forEachVal = spec.forEachVal.unmarked();
      if (forEachVal.isKnown) {
        for (const [key, value] of elementPairs(forEachVal)) {
          const i = Iteration.child(this.iteration, spec.iteratorName, key, value);
          const block = newBlock(spec, i, this.forEachCtx, diags);
          if (block) blocks.push({ ...block, body: this.expandChild(block.body, i, marks) });
        }
      } else {
        // An unknown collection expands to one block whose attribute values are all unknown.
        const i = Iteration.child(this.iteration, spec.iteratorName, DynamicVal, DynamicVal);
        const block = newBlock(spec, i, this.forEachCtx, diags);
        if (block) blocks.push({ ...block, body: new UnknownBody(this.expandChild(block.body, i, marks), marks) });
      }
    }
    return blocks;
  }

  private expandChild(child: Body, i: Iteration | undefined, valueMarks: ReadonlySet<string> | undefined): ExpandedBody {
    const chiCtx = iterationContext(i, this.forEachCtx);
    return new ExpandedBody(child, chiCtx, i, valueMarks, this.checkForEach, new Set(), new Map());
  }

  private decodeSpec(blockS: BlockHeaderSchema, rawSpec: Block, outDiags: Diagnostic[]): ExpandSpec | undefined {
    const diags: Diagnostic[] = [];
    const spec = this.decodeSpecInto(blockS, rawSpec, diags);
    outDiags.push(...diags);
    return spec;
  }

  private decodeSpecInto(blockS: BlockHeaderSchema, rawSpec: Block, diags: Diagnostic[]): ExpandSpec | undefined {
    const hasLabels = (blockS.labelNames?.length ?? 0) !== 0;
    const sc = content(rawSpec.body, hasLabels ? dynamicBlockBodySchemaLabels : dynamicBlockBodySchemaNoLabels);
    diags.push(...sc.diags);
    if (hasErr(sc.diags)) return undefined;
    const specContent = sc.content;

    let iteratorName = blockS.type;
    const iteratorAttr = specContent.attributes.get('iterator');
    if (iteratorAttr) {
      const it = absTraversalForExpr(iteratorAttr.expr);
      diags.push(...it.diags);
      if (hasErr(it.diags)) return undefined;
      const trav = it.traversal!;
      if (trav.length !== 1) {
        diags.push({
          severity: 'error',
          summary: 'Invalid dynamic iterator name',
          detail: 'Dynamic iterator must be a single variable name.',
          subject: traversalRange(trav),
        });
        return undefined;
      }
      iteratorName = (trav[0] as { name: string }).name;
    }

    const eachAttr = specContent.attributes.get('for_each')!;
    const each = evaluate(eachAttr.expr, this.forEachCtx);
    diags.push(...each.diags);
    if (hasErr(diags)) return undefined;
    for (const check of this.checkForEach) {
      const more = check(each.value, eachAttr.expr, this.forEachCtx);
      diags.push(...more);
      if (hasErr(more)) return undefined;
    }
    const unmarkedEach = each.value.unmarked();
    const t = unmarkedEach.type.kind;
    const iterable = t === 'list' || t === 'set' || t === 'tuple' || t === 'map' || t === 'object';
    if (!iterable && t !== 'dynamic') {
      diags.push({
        severity: 'error',
        summary: 'Invalid dynamic for_each value',
        detail: `Cannot use a ${friendlyName(each.value.type)} value in for_each. An iterable collection is required.`,
        subject: eachAttr.expr.range,
        expression: eachAttr.expr,
        evalContext: this.forEachCtx,
      });
      return undefined;
    }
    if (unmarkedEach.isNull) {
      diags.push({
        severity: 'error',
        summary: 'Invalid dynamic for_each value',
        detail: 'Cannot use a null value in for_each.',
        subject: eachAttr.expr.range,
        expression: eachAttr.expr,
        evalContext: this.forEachCtx,
      });
      return undefined;
    }

    let labelExprs: Expression[] = [];
    const labelsAttr = specContent.attributes.get('labels');
    if (labelsAttr) {
      const l = exprList(labelsAttr.expr);
      diags.push(...l.diags);
      if (hasErr(l.diags)) return undefined;
      labelExprs = l.exprs!;
      const want = blockS.labelNames?.length ?? 0;
      if (labelExprs.length > want) {
        diags.push({
          severity: 'error',
          summary: 'Extraneous dynamic block label',
          detail: `Blocks of type ${goQuote(blockS.type)} require ${want} label(s).`,
          subject: labelExprs[want]!.range,
        });
        return undefined;
      } else if (labelExprs.length < want) {
        diags.push({
          severity: 'error',
          summary: 'Insufficient dynamic block labels',
          detail: `Blocks of type ${goQuote(blockS.type)} require ${want} label(s).`,
          subject: labelsAttr.expr.range,
        });
        return undefined;
      }
    }

    if (specContent.blocks.length === 0) {
      diags.push({
        severity: 'error',
        summary: 'Missing dynamic content block',
        detail: 'A dynamic block must have a nested block of type "content" to describe the body of each generated block.',
        subject: specContent.missingItemRange,
      });
      return undefined;
    }
    if (specContent.blocks.length > 1) {
      diags.push({
        severity: 'error',
        summary: 'Extraneous dynamic content block',
        detail: 'Only one nested content block is allowed for each dynamic block.',
        subject: specContent.blocks[1]!.defRange,
      });
      return undefined;
    }

    return {
      blockType: blockS.type,
      blockTypeRange: rawSpec.labelRanges[0]!,
      defRange: rawSpec.defRange,
      forEachVal: each.value,
      iteratorName,
      labelExprs,
      contentBody: specContent.blocks[0]!.body,
    };
  }
}

function traversalRange(t: readonly { range: Range }[]): Range {
  const first = t[0]!.range;
  const last = t[t.length - 1]!.range;
  return { filename: first.filename, start: first.start, end: last.end };
}

/** One generated block: labels evaluated with the iteration's variables in scope. */
function newBlock(spec: ExpandSpec, i: Iteration, ctx: EvalContext | undefined, diags: Diagnostic[]): Block | undefined {
  const labels: string[] = [];
  const labelRanges: Range[] = [];
  const lCtx = iterationContext(i, ctx);
  for (const labelExpr of spec.labelExprs) {
    const r = evaluate(labelExpr, lCtx);
    diags.push(...r.diags);
    if (hasErr(r.diags)) return undefined;
    const labelDiag = (detail: string): undefined => {
      diags.push({ severity: 'error', summary: 'Invalid dynamic block label', detail, subject: labelExpr.range, expression: labelExpr, evalContext: lCtx });
      return undefined;
    };
    const c = tryConvert(r.value, StringType);
    if (c.error !== undefined) return labelDiag(`Cannot use this value as a dynamic block label: ${c.error}.`);
    const v = c.value!;
    if (v.isNull) return labelDiag('Cannot use a null value as a dynamic block label.');
    if (!v.isKnown) return labelDiag('This value is not yet known. Dynamic block labels must be immediately-known values.');
    if (v.marks && v.marks.size > 0) return labelDiag('This value has dynamic marks that make it unsuitable for use as a block label.');
    labels.push(v.asString());
    labelRanges.push(labelExpr.range);
  }
  return {
    type: spec.blockType,
    labels,
    body: spec.contentBody,
    defRange: spec.defRange,
    typeRange: spec.blockTypeRange,
    labelRanges,
  };
}

// ---- bodies generated from an unknown for_each -------------------------------------------------------------------

/** Decodes like its template, but every attribute value is unknown (DynamicVal), at any depth. */
class UnknownBody implements CustomBody {
  readonly kind = 'customBody' as const;
  /** hcldec treats the whole decoded value of an unknown body as unknown. */
  readonly unknown = true;

  constructor(
    private readonly template: Body,
    private readonly valueMarks: ReadonlySet<string> | undefined,
  ) {}

  content(schema: BodySchema): { content: BodyContent; diags: Diagnostic[] } {
    const r = content(this.template, schema);
    return { content: this.fixupContent(r.content), diags: r.diags };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: Body; diags: Diagnostic[] } {
    const r = partial(this.template, schema);
    return { content: this.fixupContent(r.content), remain: new UnknownBody(r.remain, this.valueMarks), diags: r.diags };
  }

  justAttributes(): { attributes: ReadonlyMap<string, Attribute>; diags: Diagnostic[] } {
    const r = justAttrs(this.template);
    return { attributes: this.fixupAttrs(r.attributes), diags: r.diags };
  }

  missingItemRange(): Range {
    return missingRange(this.template);
  }

  private fixupContent(got: BodyContent): BodyContent {
    return {
      attributes: this.fixupAttrs(got.attributes),
      blocks: got.blocks.map((b) => ({ ...b, body: new UnknownBody(b.body, this.valueMarks) })),
      missingItemRange: got.missingItemRange,
    };
  }

  private fixupAttrs(got: ReadonlyMap<string, Attribute>): ReadonlyMap<string, Attribute> {
    const out = new Map<string, Attribute>();
    const v = this.valueMarks && this.valueMarks.size > 0 ? DynamicVal.withMarks(this.valueMarks) : DynamicVal;
    for (const [name, attr] of got) {
      out.set(name, { ...attr, expr: { kind: 'literal', value: v, range: attr.expr.range } });
    }
    return out;
  }
}
