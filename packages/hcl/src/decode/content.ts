// Schema-driven decoding of bodies into attributes and blocks (hcl's Body.Content, PartialContent, JustAttributes
// and MissingItemRange) for both syntaxes: the native rules of hclsyntax/structure.go and the JSON rules of
// json/structure.go, with their diagnostics verbatim. Where Go iterates a map (and so reports in random order)
// we report in source order.
import type { Diagnostic } from '../diagnostics.js';
import type { JsonBody, JsonNode, JsonProperty } from '../json/ast.js';
import type { Attribute, Block, Body, BodyContent, BodySchema, BlockHeaderSchema } from '../model.js';
import { rangeBetween, rangeStart, rangeToString, type Range } from '../source.js';
import { nameSuggestion } from '../suggest.js';
import type { NativeAttribute, NativeBlock, NativeBody } from '../syntax/ast.js';
import { goQuote } from '../syntax/goquote.js';

export interface ContentResult {
  content: BodyContent;
  diags: Diagnostic[];
}
export interface PartialContentResult {
  content: BodyContent;
  /** The same body with the schema's names hidden, for a later decode of what is left. */
  remain: Body;
  diags: Diagnostic[];
}
export interface AttributesResult {
  attributes: ReadonlyMap<string, Attribute>;
  diags: Diagnostic[];
}

const NONE: ReadonlySet<string> = new Set();

function error(summary: string, detail: string, subject: Range, context?: Range): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, detail, subject };
  if (context) d.context = context;
  return d;
}

/** Content: the schema's attributes and blocks; anything else in the body is an error. */
export function bodyContent(body: Body, schema: BodySchema): ContentResult {
  switch (body.kind) {
    case 'nativeBody':
      return nativeContent(body, schema);
    case 'jsonBody':
      return jsonContent(body, schema);
    case 'customBody':
      return body.content(schema);
  }
}

/** PartialContent: the schema's attributes and blocks, and the rest of the body for a later decode. */
export function bodyPartialContent(body: Body, schema: BodySchema): PartialContentResult {
  switch (body.kind) {
    case 'nativeBody':
      return nativePartialContent(body, schema);
    case 'jsonBody':
      return jsonPartialContent(body, schema);
    case 'customBody':
      return body.partialContent(schema);
  }
}

/** JustAttributes: every attribute of a body that may not contain blocks (e.g. `locals`, variable files). */
export function bodyJustAttributes(body: Body): AttributesResult {
  switch (body.kind) {
    case 'nativeBody':
      return nativeJustAttributes(body);
    case 'jsonBody':
      return jsonJustAttributes(body);
    case 'customBody':
      return body.justAttributes();
  }
}

/** Where to report something missing from the body ("Missing required argument"). */
export function bodyMissingItemRange(body: Body): Range {
  switch (body.kind) {
    case 'nativeBody':
      // Zero-width at the start of the body: the opening brace of a block, the start of a file.
      return rangeStart(body.range);
    case 'jsonBody':
      return jsonMissingItemRange(body.node);
    case 'customBody':
      return body.missingItemRange();
  }
}

export { bodyJustAttributes as justAttributes, bodyMissingItemRange as missingItemRange };

function missingRequired(name: string, subject: Range): Diagnostic {
  return error('Missing required argument', `The argument ${goQuote(name)} is required, but no definition was found.`, subject);
}

// ---- native syntax -------------------------------------------------------------------------------------------------

function nativeAttribute(a: NativeAttribute): Attribute {
  return { name: a.name, expr: a.expr, range: a.range, nameRange: a.nameRange };
}

function nativeBlock(b: NativeBlock): Block {
  const last = b.labelRanges.length > 0 ? b.labelRanges[b.labelRanges.length - 1]! : b.typeRange;
  return {
    type: b.type,
    labels: b.labels,
    body: b.body,
    defRange: rangeBetween(b.typeRange, last),
    typeRange: b.typeRange,
    labelRanges: b.labelRanges,
  };
}

function nativePartialContent(body: NativeBody, schema: BodySchema): PartialContentResult {
  const diags: Diagnostic[] = [];
  const hiddenAttrs = new Set(body.hiddenAttrs ?? NONE);
  const hiddenBlocks = new Set(body.hiddenBlocks ?? NONE);

  const wanted = new Set<string>();
  for (const attrS of schema.attributes ?? []) {
    const exists = body.attributes.some((a) => a.name === attrS.name);
    if (hiddenAttrs.has(attrS.name) || !exists) {
      if (attrS.required) diags.push(missingRequired(attrS.name, bodyMissingItemRange(body)));
      continue;
    }
    hiddenAttrs.add(attrS.name);
    wanted.add(attrS.name);
  }
  const attributes = new Map<string, Attribute>();
  for (const a of body.attributes) if (wanted.has(a.name) && !attributes.has(a.name)) attributes.set(a.name, nativeAttribute(a));

  const blockSchemas = new Map<string, BlockHeaderSchema>();
  for (const blockS of schema.blocks ?? []) blockSchemas.set(blockS.type, blockS);

  const blocks: Block[] = [];
  for (const block of body.blocks) {
    if (hiddenBlocks.has(block.type)) continue;
    const blockS = blockSchemas.get(block.type);
    if (!blockS) continue;
    const labelNames = blockS.labelNames ?? [];
    const header = rangeBetween(block.typeRange, block.openBraceRange);
    if (block.labels.length > labelNames.length) {
      const name = block.type;
      const detail =
        labelNames.length === 0
          ? `No labels are expected for ${name} blocks.`
          : `Only ${labelNames.length} labels (${labelNames.join(', ')}) are expected for ${name} blocks.`;
      diags.push(error(`Extraneous label for ${name}`, detail, block.labelRanges[labelNames.length]!, header));
      continue;
    }
    if (block.labels.length < labelNames.length) {
      const name = block.type;
      diags.push(
        error(
          `Missing ${labelNames[block.labels.length]} for ${name}`,
          `All ${name} blocks must have ${labelNames.length} labels (${labelNames.join(', ')}).`,
          block.openBraceRange,
          header,
        ),
      );
      continue;
    }
    blocks.push(nativeBlock(block));
  }
  // Block types are hidden only now, so that every block of a type is collected.
  for (const blockS of schema.blocks ?? []) hiddenBlocks.add(blockS.type);

  const remain: NativeBody = { ...body, hiddenAttrs, hiddenBlocks };
  return { content: { attributes, blocks, missingItemRange: bodyMissingItemRange(body) }, remain, diags };
}

function nativeContent(body: NativeBody, schema: BodySchema): ContentResult {
  const { content, remain, diags } = nativePartialContent(body, schema);
  const hiddenAttrs = (remain as NativeBody).hiddenAttrs ?? NONE;
  const hiddenBlocks = (remain as NativeBody).hiddenBlocks ?? NONE;
  const attrSchemas = schema.attributes ?? [];
  const blockSchemas = schema.blocks ?? [];

  for (const attr of body.attributes) {
    if (hiddenAttrs.has(attr.name)) continue;
    const candidates = attrSchemas.filter((s) => !content.attributes.has(s.name)).map((s) => s.name);
    const suggestion = nameSuggestion(attr.name, candidates);
    let hint = '';
    if (suggestion !== undefined) hint = ` Did you mean ${goQuote(suggestion)}?`;
    else if (blockSchemas.some((s) => s.type === attr.name)) hint = ` Did you mean to define a block of type ${goQuote(attr.name)}?`;
    diags.push(error('Unsupported argument', `An argument named ${goQuote(attr.name)} is not expected here.${hint}`, attr.nameRange));
  }

  for (const block of body.blocks) {
    if (hiddenBlocks.has(block.type)) continue;
    const suggestion = nameSuggestion(block.type, blockSchemas.map((s) => s.type));
    let hint = '';
    if (suggestion !== undefined) hint = ` Did you mean ${goQuote(suggestion)}?`;
    else if (attrSchemas.some((s) => s.name === block.type)) {
      hint = ` Did you mean to define argument ${goQuote(block.type)}? If so, use the equals sign to assign it a value.`;
    }
    diags.push(error('Unsupported block type', `Blocks of type ${goQuote(block.type)} are not expected here.${hint}`, block.typeRange));
  }
  return { content, diags };
}

function nativeJustAttributes(body: NativeBody): AttributesResult {
  const diags: Diagnostic[] = [];
  // Go looks at all blocks here, including those a partial decode already consumed.
  const example = body.blocks[0];
  if (example) diags.push(error(`Unexpected ${goQuote(example.type)} block`, 'Blocks are not allowed here.', example.typeRange));
  const hidden = body.hiddenAttrs ?? NONE;
  const attributes = new Map<string, Attribute>();
  for (const a of body.attributes) if (!hidden.has(a.name) && !attributes.has(a.name)) attributes.set(a.name, nativeAttribute(a));
  return { attributes, diags };
}

// ---- JSON syntax ---------------------------------------------------------------------------------------------------

/** StartRange(): the opening brace or bracket of a container, else the whole value. */
function startRange(node: JsonNode): Range {
  return node.kind === 'jsonObject' || node.kind === 'jsonArray' ? node.openRange : node.range;
}

function jsonMissingItemRange(node: JsonNode): Range {
  if (node.kind === 'jsonObject') return node.closeRange;
  if (node.kind === 'jsonArray') return node.openRange;
  return startRange(node);
}

function jsonAttribute(p: JsonProperty): Attribute {
  return {
    name: p.name,
    expr: { kind: 'jsonExpr', node: p.value, range: p.value.range },
    range: rangeBetween(p.nameRange, p.value.range),
    nameRange: p.nameRange,
  };
}

/**
 * The properties of a body (or of one label level of a block): those of an object, or of every object in an
 * array, in order. `null` has none. `labelName` only tailors the messages to block labels.
 */
function collectDeepAttrs(node: JsonNode, labelName: string | undefined, diags: Diagnostic[]): JsonProperty[] {
  switch (node.kind) {
    case 'jsonNull':
      return [];
    case 'jsonObject':
      return [...node.properties];
    case 'jsonArray': {
      const out: JsonProperty[] = [];
      for (const v of node.values) {
        if (v.kind === 'jsonObject') out.push(...v.properties);
        else {
          const detail =
            labelName !== undefined
              ? `A JSON object is required here, to specify ${labelName} labels for this block.`
              : 'A JSON object is required here, to define arguments and child blocks.';
          diags.push(error('Incorrect JSON value type', detail, startRange(v)));
        }
      }
      return out;
    }
    default: {
      const detail =
        labelName !== undefined
          ? `Either a JSON object or JSON array of objects is required here, to specify ${labelName} labels for this block.`
          : 'Either a JSON object or JSON array of objects is required here, to define arguments and child blocks.';
      diags.push(error('Incorrect JSON value type', detail, startRange(node)));
      return [];
    }
  }
}

/**
 * The blocks a property's value describes: one nested object level per label (property names are the label
 * values), then an object (one block), an array (one block per element) or null (none).
 */
function unpackBlock(
  v: JsonNode,
  typeName: string,
  typeRange: Range,
  labelsLeft: readonly string[],
  labels: readonly string[],
  labelRanges: readonly Range[],
  blocks: Block[],
  diags: Diagnostic[],
): void {
  if (labelsLeft.length > 0) {
    const labelName = labelsLeft[0]!;
    const props = collectDeepAttrs(v, labelName, diags);
    if (props.length === 0) {
      diags.push(
        error(
          'Missing block label',
          `At least one object property is required, whose name represents the ${typeName} block's ${labelName}.`,
          startRange(v),
        ),
      );
      return;
    }
    for (const p of props) {
      unpackBlock(p.value, typeName, typeRange, labelsLeft.slice(1), [...labels, p.name], [...labelRanges, p.nameRange], blocks, diags);
    }
    return;
  }
  switch (v.kind) {
    case 'jsonNull':
      return;
    case 'jsonObject':
      blocks.push({ type: typeName, labels, body: jsonBody(v), defRange: v.openRange, typeRange, labelRanges });
      return;
    case 'jsonArray':
      // Elements that are not objects are reported when their content is requested.
      for (const el of v.values) {
        blocks.push({ type: typeName, labels, body: jsonBody(el), defRange: v.openRange, typeRange, labelRanges });
      }
      return;
    default:
      diags.push(
        error(
          'Incorrect JSON value type',
          `Either a JSON object or a JSON array is required, representing the contents of one or more ${goQuote(typeName)} blocks.`,
          startRange(v),
        ),
      );
  }
}

function jsonBody(node: JsonNode): JsonBody {
  return { kind: 'jsonBody', node, hidden: NONE };
}

function jsonPartialContent(body: JsonBody, schema: BodySchema): PartialContentResult {
  const diags: Diagnostic[] = [];
  const props = collectDeepAttrs(body.node, undefined, diags);
  const used = new Set(body.hidden);
  const attributes = new Map<string, Attribute>();
  const blocks: Block[] = [];

  const attrNames = new Set((schema.attributes ?? []).map((a) => a.name));
  const blockSchemas = new Map<string, BlockHeaderSchema>();
  for (const blockS of schema.blocks ?? []) blockSchemas.set(blockS.type, blockS);

  for (const p of props) {
    const name = p.name;
    if (body.hidden.has(name)) continue;
    if (attrNames.has(name)) {
      const existing = attributes.get(name);
      if (existing) {
        diags.push(
          error('Duplicate argument', `The argument ${goQuote(name)} was already set at ${rangeToString(existing.range)}.`, p.nameRange, p.nameRange),
        );
        continue;
      }
      attributes.set(name, jsonAttribute(p));
      used.add(name);
      continue;
    }
    const blockS = blockSchemas.get(name);
    if (blockS) {
      unpackBlock(p.value, blockS.type, p.nameRange, blockS.labelNames ?? [], [], [], blocks, diags);
      used.add(name);
    }
    // Anything else is left for a later decode (Content reports it).
  }

  for (const attrS of schema.attributes ?? []) {
    if (attrS.required && !attributes.has(attrS.name)) diags.push(missingRequired(attrS.name, jsonMissingItemRange(body.node)));
  }

  const remain: JsonBody = { kind: 'jsonBody', node: body.node, hidden: used };
  return { content: { attributes, blocks, missingItemRange: jsonMissingItemRange(body.node) }, remain, diags };
}

function jsonContent(body: JsonBody, schema: BodySchema): ContentResult {
  const { content, remain, diags } = jsonPartialContent(body, schema);
  const used = (remain as JsonBody).hidden;

  // Attribute names are suggested only while unused; block types always (blocks may repeat).
  const candidates: string[] = [];
  for (const attrS of schema.attributes ?? []) if (!used.has(attrS.name)) candidates.push(attrS.name);
  for (const blockS of schema.blocks ?? []) candidates.push(blockS.type);

  // Go collects the properties a second time here, so shape errors of the body are reported twice.
  const props = collectDeepAttrs(body.node, undefined, diags);
  for (const p of props) {
    // "//" properties of a body are comments.
    if (p.name === '//' || used.has(p.name)) continue;
    const suggestion = nameSuggestion(p.name, candidates);
    const hint = suggestion !== undefined ? ` Did you mean ${goQuote(suggestion)}?` : '';
    diags.push(
      error('Extraneous JSON object property', `No argument or block type is named ${goQuote(p.name)}.${hint}`, p.nameRange, p.nameRange),
    );
  }
  return { content, diags };
}

function jsonJustAttributes(body: JsonBody): AttributesResult {
  const diags: Diagnostic[] = [];
  const attributes = new Map<string, Attribute>();
  const node = body.node;
  if (node.kind !== 'jsonObject') {
    diags.push(error('Incorrect JSON value type', 'A JSON object is required here, setting the arguments for this block.', startRange(node)));
    return { attributes, diags };
  }
  for (const p of node.properties) {
    if (p.name === '//' || body.hidden.has(p.name)) continue;
    const existing = attributes.get(p.name);
    if (existing) {
      diags.push({
        severity: 'error',
        summary: 'Duplicate attribute definition',
        detail: `The argument ${goQuote(p.name)} was already set at ${rangeToString(existing.range)}.`,
        subject: p.nameRange,
      });
      continue;
    }
    attributes.set(p.name, jsonAttribute(p));
  }
  return { attributes, diags };
}
