// The "with x as y" lines of hcl's diagnostic text writer: the values of the variables the diagnostic's expression
// refers to, looked up in its evaluation context. Given to renderDiagnostics as its `variableValues` option.
import type { EvalContext } from '../eval/context.js';
import { traverseAbs } from '../eval/ops.js';
import type { Expression } from '../model.js';
import { variables } from '../static.js';
import type { Traversal } from '../syntax/ast.js';
import { goQuote } from '../syntax/goquote.js';
import { compareStrings, friendlyName } from '../values/types.js';
import type { Value } from '../values/value.js';

/** The values of the variables an expression refers to, as extra context for a diagnostic about it. */
export function variableValuesText(expr: Expression, ctx: EvalContext): string {
  const stmts: string[] = [];
  const seen = new Set<string>();
  for (const traversal of variables(expr)) {
    const { value, diags } = traverseAbs(traversal, ctx);
    // Errors are skipped: the same problem is almost certainly among the diagnostics already.
    if (diags.some((d) => d.severity === 'error')) continue;
    const name = traversalString(traversal);
    if (seen.has(name)) continue;
    if (!value.isKnown) continue;
    if (value.isNull) stmts.push(`${name} set to null`);
    else if (value.marks && value.marks.size > 0) continue; // how to show a marked value is not clear
    else stmts.push(`${name} as ${valueString(value)}`);
    seen.add(name);
  }
  stmts.sort(compareStrings);
  let out = '';
  stmts.forEach((s, i) => {
    out += (i === 0 ? 'with ' : '     ') + s + (i === stmts.length - 1 ? '.\n\n' : ',\n');
  });
  return out;
}

/** A traversal as the writer shows it: `a.b[0]["k"]`, complex keys as `[...]`. */
function traversalString(traversal: Traversal): string {
  let s = '';
  for (const step of traversal) {
    switch (step.kind) {
      case 'root':
        s += step.name;
        break;
      case 'attr':
        s += '.' + step.name;
        break;
      case 'index': {
        const k = step.key.type.kind;
        s += '[' + (k === 'string' || k === 'number' || k === 'bool' ? valueString(step.key) : '...') + ']';
        break;
      }
      case 'splat':
        break;
    }
  }
  return s;
}

/** A concise description of a value (the writer's valueStr). */
export function valueString(v: Value): string {
  const t = v.type;
  if (v.isNull) return 'null';
  if (!v.isKnown) return '(not yet known)';
  switch (t.kind) {
    case 'bool':
      return v.asBool() ? 'true' : 'false';
    case 'number':
      return v.asNumber().text('g', 10);
    case 'string':
      return goQuote(v.asString());
    case 'list':
    case 'set':
    case 'map':
    case 'tuple': {
      const n = v.length;
      if (n === 0) return 'empty ' + friendlyName(t);
      if (n === 1) return friendlyName(t) + ' with 1 element';
      return `${friendlyName(t)} with ${n} elements`;
    }
    case 'object': {
      const names = [...t.attributes.keys()];
      if (names.length === 0) return 'object with no attributes';
      if (names.length === 1) return `object with 1 attribute ${goQuote(names[0]!)}`;
      return `object with ${names.length} attributes`;
    }
    default:
      return friendlyName(t);
  }
}
