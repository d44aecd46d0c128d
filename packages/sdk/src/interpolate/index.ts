// Packer's `{{ }}` template interpolation (packer-plugin-sdk template/interpolate on Go text/template).
import { builtinFunctions } from './builtins.js';
import type { InterpolateContext } from './context.js';
import { execute } from './exec.js';
import type { TemplateFunction } from './exec.js';
import { packerFunctions } from './funcs.js';
import { parseTemplate as parse } from './parser.js';
import type { GoValue } from './values.js';
import { fromJS, INVALID } from './values.js';

export type { ExtraTemplateFunction, InterpolateContext } from './context.js';
export { InterpolateError } from './errors.js';
export { basicPlaceholderData, BUILDER_DATA_COMMON_KEYS, PLACEHOLDER_MSG, timeOrderedUUID } from './funcs.js';

/** Packer names every template "root"; it shows in every message. */
const TEMPLATE_NAME = 'root';

function functionsFor(ctx: InterpolateContext): Map<string, TemplateFunction> {
  const fns = new Map(builtinFunctions);
  for (const [k, v] of packerFunctions(ctx)) fns.set(k, v);
  return fns;
}

function dataValue(ctx: InterpolateContext): GoValue {
  if (ctx.data === undefined) return INVALID;
  if (ctx.dataType !== undefined) return { t: 'struct', v: ctx.data, type: ctx.dataType };
  return fromJS(ctx.data);
}

/**
 * Renders `text` once, like Packer's interpolate.RenderOnce. Throws InterpolateError whose message is Packer's
 * (e.g. `template: root:1: function "foo" not defined`).
 */
export function interpolate(text: string, ctx: InterpolateContext): string {
  const fns = functionsFor(ctx);
  const tree = parse(text, { name: TEMPLATE_NAME, functions: new Set(fns.keys()) });
  return execute(tree, dataValue(ctx), { name: TEMPLATE_NAME, text, functions: fns });
}

/**
 * Renders repeatedly until the output stops changing, like Packer's interpolate.Render (used by core for build
 * names and by provisioners/post-processors for options whose values may themselves contain `{{ }}`).
 */
export function render(text: string, ctx: InterpolateContext): string {
  let current = text;
  for (;;) {
    const next = interpolate(current, ctx);
    if (next === current) return next;
    current = next;
  }
}

/** Checks syntax only (Packer's interpolate.Validate): throws InterpolateError for what `interpolate` cannot parse. */
export function parseTemplate(text: string, ctx: InterpolateContext): void {
  parse(text, { name: TEMPLATE_NAME, functions: new Set(functionsFor(ctx).keys()) });
}

/** True when `text` contains a `{{` action and so needs rendering. */
export function hasInterpolation(text: string): boolean {
  return text.includes('{{');
}
