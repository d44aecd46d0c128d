// try, can (hcl ext/tryfunc) and convert (hcl ext/typeexpr's ConvertFunc). Their arguments are custom-decoded:
// try/can receive expression closures (evaluated here, so that errors become values), convert's second
// argument is a type-constraint expression.
import type { Diagnostic } from '../diagnostics.js';
import { rangeToString } from '../source.js';
import { evaluate } from '../eval/evaluate.js';
import { tryConvert } from '../eval/ops.js';
import { BoolType, DynamicPseudoType } from '../values/types.js';
import { DynamicVal, False, True, type Value, unknownVal } from '../values/value.js';
import { expressionClosureFrom, typeConstraintFrom } from './call.js';
import { ExpressionClosureType, FunctionArgError, FunctionError, TypeConstraintType, type FunctionDef } from './function.js';

/** The value of the first argument expression that evaluates without errors. */
function tryValue(args: readonly Value[]): Value {
  if (args.length === 0) throw new FunctionError('at least one argument is required');
  const diags: Diagnostic[] = [];
  for (const arg of args) {
    const { expression, ctx } = expressionClosureFrom(arg);
    const r = evaluate(expression, ctx);
    diags.push(...r.diags);
    if (r.diags.some((d) => d.severity === 'error')) continue;
    // A partly-unknown result might still fail once known: don't commit to its type yet.
    if (!r.value.isWhollyKnown()) return DynamicVal;
    // Diagnostics of earlier, failed arguments are dropped once one succeeds.
    return r.value;
  }
  let msg = 'no expression succeeded:\n';
  for (const d of diags) {
    if (d.subject) msg += `- ${d.summary} (at ${rangeToString(d.subject)})\n  ${d.detail ?? ''}\n`;
    else msg += `- ${d.summary}\n  ${d.detail ?? ''}\n`;
  }
  msg += '\nAt least one expression must produce a successful result';
  throw new FunctionError(msg);
}

export const tryFunction: FunctionDef = {
  description:
    'Evaluates all of its argument expressions in turn and returns the result of the first one that does not produce any errors.',
  params: [],
  varParam: { name: 'expressions', type: ExpressionClosureType },
  returnType: (args) => tryValue(args).type,
  impl: (args) => tryValue(args),
};

export const canFunction: FunctionDef = {
  description: 'Tries to evaluate the expression given in its first argument.',
  params: [{ name: 'expression', type: ExpressionClosureType }],
  returnType: () => BoolType,
  impl: ([arg]) => {
    const { expression, ctx } = expressionClosureFrom(arg!);
    const r = evaluate(expression, ctx);
    if (r.diags.some((d) => d.severity === 'error')) return False;
    if (!r.value.isWhollyKnown()) return unknownVal(BoolType);
    return True;
  },
};

export const convertFunction: FunctionDef = {
  params: [
    { name: 'value', type: DynamicPseudoType, allowNull: true, allowDynamicType: true },
    { name: 'type', type: TypeConstraintType },
  ],
  returnType: ([value, type]) => {
    const c = tryConvert(value!, typeConstraintFrom(type!));
    if (c.error !== undefined) throw new FunctionArgError(0, c.error);
    return c.value!.type;
  },
  impl: ([value], retType) => {
    const c = tryConvert(value!, retType);
    if (c.error !== undefined) throw new FunctionArgError(0, c.error);
    return c.value!;
  },
};
