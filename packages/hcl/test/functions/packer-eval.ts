// Evaluating HCL expressions with Packer's function table, for the function tests: parse, evaluate with
// `packerFunctions` (plus optional variables), and render the outcome compactly with types, or the diagnostics.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { callFunction } from '../../src/functions/call.js';
import type { FunctionDef } from '../../src/functions/function.js';
import { packerFunctions, type PackerFunctionOptions } from '../../src/functions/packer.js';
import { parseExpression } from '../../src/syntax/index.js';
import { typeString } from '../../src/values/types.js';
import type { Value } from '../../src/values/value.js';

/** "list[1, 2]", "[1, \"a\"]" (tuple), "{a=1}" (object), "map{a=1}", "set[..]", "null(string)", "?(number)". */
export function show(v: Value): string {
  if (!v.isKnown) return `?(${typeString(v.type)})`;
  if (v.isNull) return `null(${typeString(v.type)})`;
  switch (v.type.kind) {
    case 'string':
      return JSON.stringify(v.asString());
    case 'number':
      return v.asNumber().toString();
    case 'bool':
      return String(v.asBool());
    case 'tuple':
      return `[${v.asElements().map(show).join(', ')}]`;
    case 'list':
    case 'set': {
      const els = v.asElements();
      if (els.length === 0) return `${typeString(v.type)}[]`;
      return `${v.type.kind}[${els.map(show).join(', ')}]`;
    }
    case 'map': {
      const es = [...v.asEntries()];
      if (es.length === 0) return `${typeString(v.type)}{}`;
      return `map{${es.map(([k, e]) => `${k}=${show(e)}`).join(', ')}}`;
    }
    case 'object':
      return `{${[...v.asEntries()].map(([k, e]) => `${k}=${show(e)}`).join(', ')}}`;
    default:
      return typeString(v.type);
  }
}

function showDiags(diags: readonly Diagnostic[]): string {
  return diags
    .filter((d) => d.severity === 'error')
    .map((d) => `error: ${d.summary}: ${d.detail ?? ''}`)
    .join('\n');
}

export interface Evaluator {
  /** The rendered value, or "error: Summary: Detail" lines. */
  (src: string): string;
  /** The raw value; throws when there are errors. */
  value(src: string): Value;
  readonly functions: Map<string, FunctionDef>;
}

export function evaluator(opts: Partial<PackerFunctionOptions> = {}, variables: Record<string, Value> = {}): Evaluator {
  const functions = packerFunctions({ baseDir: opts.baseDir ?? process.cwd(), ...opts });
  const ctx: EvalContext = { functions, variables: new Map(Object.entries(variables)) };
  const run = (src: string) => {
    const p = parseExpression(src, 'test.pkr.hcl');
    if (p.diags.some((d) => d.severity === 'error')) throw new Error(`parse error in ${src}: ${showDiags(p.diags)}`);
    return evaluate(p.expr, ctx);
  };
  const ev = ((src: string) => {
    const r = run(src);
    const errs = showDiags(r.diags);
    return errs !== '' ? errs : show(r.value);
  }) as Evaluator;
  ev.value = (src: string) => {
    const r = run(src);
    const errs = showDiags(r.diags);
    if (errs !== '') throw new Error(`${src}: ${errs}`);
    return r.value;
  };
  (ev as { functions: Map<string, FunctionDef> }).functions = functions;
  return ev;
}

/** Call a registered function with argument values directly (for unknown / null / typed inputs). */
export function callWith(ev: Evaluator, name: string, ...args: Value[]): string {
  const r = callFunction(name, ev.functions.get(name)!, args);
  const errs = showDiags(r.diags);
  return errs !== '' ? errs : show(r.value);
}

/** Run a table of [expression, expected rendering] rows as individual expectations. */
export function table(ev: Evaluator, rows: readonly (readonly [string, string])[]): void {
  test.each(rows.map(([src, want]) => [src, want]))('%s', (src, want) => {
    expect(ev(src)).toBe(want);
  });
}
