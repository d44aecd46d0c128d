// hcl.MergeBodies: one body made of several, as Packer builds a build-level `source "TYPE.NAME" { ... }` use
// (the top-level source's body, then the nested block's extra attributes). Attributes may be set in only one of
// the bodies (`Duplicate argument`: "Argument "x" was already set at FILE:L,C-C"); blocks are concatenated in
// body order.
import {
  bodyContent,
  bodyJustAttributes,
  bodyMissingItemRange,
  bodyPartialContent,
  errorDiag,
  makeRange,
  rangeToString,
  type Attribute,
  type Block,
  type Body,
  type BodyContent,
  type BodySchema,
  type CustomBody,
  type Diagnostic,
  type Range,
} from '@tspacker/hcl';

export function mergeBodies(bodies: readonly Body[]): Body {
  const flat: Body[] = [];
  for (const body of bodies) {
    if (body instanceof MergedBody) flat.push(...body.bodies);
    else flat.push(body);
  }
  return new MergedBody(flat);
}

function duplicate(name: string, existing: Attribute, attr: Attribute): Diagnostic {
  return errorDiag('Duplicate argument', `Argument "${name}" was already set at ${rangeToString(existing.nameRange)}`, attr.nameRange);
}

class MergedBody implements CustomBody {
  readonly kind = 'customBody';

  constructor(readonly bodies: readonly Body[]) {}

  content(schema: BodySchema): { content: BodyContent; diags: Diagnostic[] } {
    const { content, diags } = this.merged(schema, false);
    return { content, diags };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: Body; diags: Diagnostic[] } {
    return this.merged(schema, true);
  }

  justAttributes(): { attributes: ReadonlyMap<string, Attribute>; diags: Diagnostic[] } {
    const attributes = new Map<string, Attribute>();
    const diags: Diagnostic[] = [];
    for (const body of this.bodies) {
      const got = bodyJustAttributes(body);
      diags.push(...got.diags);
      for (const [name, attr] of got.attributes) {
        const existing = attributes.get(name);
        if (existing) diags.push(duplicate(name, existing, attr));
        else attributes.set(name, attr);
      }
    }
    return { attributes, diags };
  }

  missingItemRange(): Range {
    const first = this.bodies[0];
    if (first) return bodyMissingItemRange(first);
    const pos = { line: 0, column: 0, byte: 0 };
    return makeRange('<empty>', pos, pos);
  }

  private merged(schema: BodySchema, partial: boolean): { content: BodyContent; remain: Body; diags: Diagnostic[] } {
    // Any one body may provide a required attribute, so "required" is checked on the merged result.
    const childSchema: BodySchema = {
      attributes: (schema.attributes ?? []).map((a) => ({ name: a.name, required: false })),
      blocks: schema.blocks ?? [],
    };
    const attributes = new Map<string, Attribute>();
    const blocks: Block[] = [];
    const leftovers: Body[] = [];
    const diags: Diagnostic[] = [];
    for (const body of this.bodies) {
      let content: BodyContent;
      if (partial) {
        const got = bodyPartialContent(body, childSchema);
        content = got.content;
        leftovers.push(got.remain);
        diags.push(...got.diags);
      } else {
        const got = bodyContent(body, childSchema);
        content = got.content;
        diags.push(...got.diags);
      }
      for (const [name, attr] of content.attributes) {
        const existing = attributes.get(name);
        if (existing) diags.push(duplicate(name, existing, attr));
        else attributes.set(name, attr);
      }
      blocks.push(...content.blocks);
    }
    for (const a of schema.attributes ?? []) {
      if (a.required && !attributes.has(a.name)) {
        diags.push(errorDiag('Missing required argument', `The argument "${a.name}" is required, but was not set.`));
      }
    }
    return { content: { attributes, blocks, missingItemRange: this.missingItemRange() }, remain: mergeBodies(leftovers), diags };
  }
}
