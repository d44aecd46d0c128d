// The generic function-call rules, in two layers as in Go:
//  - cty's Function.Call (callDef): null / unknown / dynamic-typed / marked argument handling per Parameter flags,
//    the return-type function, the implementation, and the return-type conformance check. Errors are thrown as
//    FunctionArgError / FunctionError.
//  - hcl's FunctionCallExpr (arityDiagnostic, convertArgument, invokeFunction, callFunction): arity messages,
//    conversion of each argument to its parameter type ("Invalid function argument"), and the mapping of call
//    errors to the diagnostics Packer prints.
// Custom-decode parameters (try, can, convert's type) carry capsule values built here; see function.ts.
import type { Diagnostic } from '../diagnostics.js';
import type { EvalContext } from '../eval/context.js';
import { containsMarked, goQuote, tryConvert, unmarkDeep } from '../eval/ops.js';
import type { Expression } from '../model.js';
import type { Range } from '../source.js';
import { friendlyName, typeEquals, type Type } from '../values/types.js';
import { DynamicVal, Value, unknownVal } from '../values/value.js';
import { ExpressionClosureType, FunctionArgError, FunctionError, TypeConstraintType, type FunctionDef, type Parameter } from './function.js';

// ---- capsules for custom-decode parameters ---------------------------------------------------------------------

export interface ExpressionClosure {
  readonly expression: Expression;
  readonly ctx: EvalContext | undefined;
}

/** True for parameter types whose arguments are decoded from the expression rather than evaluated. */
export function isCustomDecodeType(t: Type): boolean {
  return t === ExpressionClosureType || t === TypeConstraintType;
}

export function expressionClosureVal(closure: ExpressionClosure): Value {
  return Value.raw(ExpressionClosureType, closure);
}
export function expressionClosureFrom(v: Value): ExpressionClosure {
  if (v.type !== ExpressionClosureType) throw new TypeError('value is not of ExpressionClosureType');
  return v.asCapsule<ExpressionClosure>();
}
export function typeConstraintVal(t: Type): Value {
  return Value.raw(TypeConstraintType, t);
}
export function typeConstraintFrom(v: Value): Type {
  if (v.type !== TypeConstraintType) throw new TypeError('value is not of TypeConstraintType');
  return v.asCapsule<Type>();
}

// ---- cty Function.Call ---------------------------------------------------------------------------------------------

/** The parameter that argument `i` is checked against (a positional one, else the variadic one). */
export function paramAt(def: FunctionDef, i: number): Parameter | undefined {
  return i < def.params.length ? def.params[i] : def.varParam;
}

/** cty's Function.ReturnTypeForValues; `dynamic` reports that an inexactly-typed argument short-circuited it. */
export function returnTypeFor(def: FunctionDef, args: readonly Value[]): { type: Type; dynamic: boolean } {
  const nParams = def.params.length;
  if (!def.varParam && args.length !== nParams) {
    throw new FunctionError(`wrong number of arguments (${nParams} required; ${args.length} given)`);
  }
  if (def.varParam && args.length < nParams) {
    throw new FunctionError(`wrong number of arguments (at least ${nParams} required; ${args.length} given)`);
  }
  let typeArgs: Value[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const spec = paramAt(def, i)!;
    const val = args[i]!;
    if (!spec.allowMarked && containsMarked(val)) {
      // Marks are dropped for type checking and re-applied to the result by callDef.
      typeArgs ??= [...args];
      typeArgs[i] = unmarkDeep(val).value;
    }
    if (val.isNull && !spec.allowNull) throw new FunctionArgError(i, 'argument must not be null');
    if (val.type.kind === 'dynamic') {
      if (!spec.allowDynamicType) return { type: DynamicVal.type, dynamic: true };
    } else {
      const problem = conformanceError(val.type, spec.type);
      if (problem !== undefined) throw new FunctionArgError(i, problem);
    }
  }
  const type = guard(() => def.returnType(typeArgs ?? args));
  return { type, dynamic: false };
}

/** cty's Function.Call: throws FunctionArgError / FunctionError; the result conforms to the return type. */
export function callDef(def: FunctionDef, args: readonly Value[]): Value {
  const { type: expected, dynamic } = returnTypeFor(def, args);
  if (dynamic) return unknownVal(expected);

  let implArgs: Value[] | undefined;
  const resultMarks = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const spec = paramAt(def, i)!;
    const val = args[i]!;
    if (!val.isKnown && !spec.allowUnknown) return unknownVal(expected);
    if (!spec.allowMarked && containsMarked(val)) {
      const u = unmarkDeep(val);
      implArgs ??= [...args];
      implArgs[i] = u.value;
      for (const m of u.marks) resultMarks.add(m);
    }
  }
  let ret = guard(() => def.impl(implArgs ?? args, expected));
  if (resultMarks.size > 0) ret = ret.withMarks(resultMarks);
  const problem = conformanceError(ret.type, expected);
  if (problem !== undefined) {
    // A bug in the function definition, not in the user's input: fail loudly (Go panics here too).
    throw new TypeError(`returned value of type ${friendlyName(ret.type)} does not conform to expected return type ${friendlyName(expected)}: ${problem}`);
  }
  return ret;
}

/** Run a function callback, turning unexpected JS exceptions into a FunctionError as Go turns panics into errors. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FunctionArgError || e instanceof FunctionError) throw e;
    if (e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || e instanceof SyntaxError) {
      throw new FunctionError(`panic in function implementation: ${e.message}`);
    }
    if (e instanceof Error) throw new FunctionError(e.message);
    throw new FunctionError(`panic in function implementation: ${String(e)}`);
  }
}

/** cty Type.TestConformance: the first non-conformity, or undefined. Dynamic in `want` accepts anything. */
export function conformanceError(given: Type, want: Type): string | undefined {
  if (want.kind === 'dynamic' || typeEquals(given, want)) return undefined;
  if (given.kind === 'object' && want.kind === 'object') {
    for (const k of given.attributes.keys()) if (!want.attributes.has(k)) return `unsupported attribute ${goQuote(k)}`;
    for (const k of want.attributes.keys()) if (!given.attributes.has(k)) return `missing required attribute ${goQuote(k)}`;
    for (const [k, w] of want.attributes) {
      const e = conformanceError(given.attributes.get(k)!, w);
      if (e !== undefined) return e;
    }
    return undefined;
  }
  if (given.kind === 'tuple' && want.kind === 'tuple') {
    if (given.elements.length !== want.elements.length) {
      return `${want.elements.length} elements are required, but got ${given.elements.length}`;
    }
    for (let i = 0; i < want.elements.length; i++) {
      const e = conformanceError(given.elements[i]!, want.elements[i]!);
      if (e !== undefined) return e;
    }
    return undefined;
  }
  if ((given.kind === 'list' || given.kind === 'map' || given.kind === 'set') && given.kind === want.kind) {
    return conformanceError(given.element, (want as { element: Type }).element);
  }
  return `${friendlyName(want)} required, but received ${friendlyName(given)}`;
}

// ---- hcl FunctionCallExpr rules ------------------------------------------------------------------------------------

/** Where a call appears, for diagnostics; every field is optional so that applications can call functions directly. */
export interface CallSite {
  /** The whole call: name to closing parenthesis. */
  readonly range?: Range;
  /** The name and opening parenthesis. */
  readonly startRange?: Range;
  readonly closeParenRange?: Range;
  /** Start range of each argument expression (after `...` expansion every expanded value has the expansion's range). */
  readonly argRanges?: readonly (Range | undefined)[];
  /** The argument expressions and the call expression, attached to diagnostics for the "with …" lines. */
  readonly argExprs?: readonly unknown[];
  readonly callExpr?: unknown;
  readonly ctx?: EvalContext;
}

function diag(summary: string, detail: string, subject: Range | undefined, context: Range | undefined, expression: unknown, ctx: EvalContext | undefined): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, detail };
  if (subject) d.subject = subject;
  if (context) d.context = context;
  if (expression !== undefined) {
    d.expression = expression;
    d.evalContext = ctx;
  }
  return d;
}

/** "Not enough function arguments" / "Too many function arguments", or undefined when the count fits. */
export function arityDiagnostic(name: string, def: FunctionDef, argCount: number, site: CallSite = {}): Diagnostic | undefined {
  const params = def.params;
  if (argCount < params.length) {
    const missing = params[argCount]!;
    const qual = def.varParam ? ' at least' : '';
    return diag(
      'Not enough function arguments',
      `Function ${goQuote(name)} expects${qual} ${params.length} argument(s). Missing value for ${goQuote(missing.name)}.`,
      site.closeParenRange,
      site.range,
      site.callExpr,
      site.ctx,
    );
  }
  if (!def.varParam && argCount > params.length) {
    return diag(
      'Too many function arguments',
      `Function ${goQuote(name)} expects only ${params.length} argument(s).`,
      site.argRanges?.[params.length],
      site.range,
      site.callExpr,
      site.ctx,
    );
  }
  return undefined;
}

/** Convert argument `i` to its parameter's type; a failure is "Invalid function argument". */
export function convertArgument(def: FunctionDef, i: number, value: Value, site: CallSite = {}): { value: Value; diag?: Diagnostic } {
  const param = paramAt(def, i)!;
  if (isCustomDecodeType(param.type)) return { value };
  const r = tryConvert(value, param.type);
  if (r.error === undefined) return { value: r.value! };
  return {
    value,
    diag: diag(
      'Invalid function argument',
      `Invalid value for ${goQuote(param.name)} parameter: ${r.error}.`,
      site.argRanges?.[i],
      site.range,
      site.argExprs?.[i],
      site.ctx,
    ),
  };
}

/** Call with already-converted arguments and map a failure to HCL's diagnostics. The result is DynamicVal on error. */
export function invokeFunction(name: string, def: FunctionDef, args: readonly Value[], site: CallSite = {}): { value: Value; diags: Diagnostic[] } {
  try {
    return { value: callDef(def, args), diags: [] };
  } catch (e) {
    if (e instanceof FunctionArgError) {
      const i = e.argIndex;
      const param = paramAt(def, i);
      if (param === undefined || i > args.length - 1) {
        if (param !== undefined) {
          // The function blamed a variadic argument that was not given: name the parameter, point at the call.
          return {
            value: DynamicVal,
            diags: [diag('Invalid function argument', `Invalid value for ${goQuote(param.name)} parameter: ${e.message}.`, site.range, undefined, site.callExpr, site.ctx)],
          };
        }
        return {
          value: DynamicVal,
          diags: [diag('Error in function call', `Call to function ${goQuote(name)} failed: ${e.message}.`, site.startRange, site.range, site.callExpr, site.ctx)],
        };
      }
      return {
        value: DynamicVal,
        diags: [
          diag(
            'Invalid function argument',
            `Invalid value for ${goQuote(param.name)} parameter: ${e.message}.`,
            site.argRanges?.[i],
            site.range,
            site.argExprs?.[i],
            site.ctx,
          ),
        ],
      };
    }
    if (e instanceof FunctionError) {
      return {
        value: DynamicVal,
        diags: [diag('Error in function call', `Call to function ${goQuote(name)} failed: ${e.message}.`, site.startRange, site.range, site.callExpr, site.ctx)],
      };
    }
    throw e;
  }
}

/**
 * Call a function with argument values as HCL would after evaluating the argument expressions: arity check,
 * conversion of each argument to its parameter type, the cty call rules, and diagnostics for every failure.
 * Capsule-typed (custom-decode) parameters must be given capsule values built with expressionClosureVal /
 * typeConstraintVal.
 */
export function callFunction(name: string, def: FunctionDef, args: readonly Value[], site: CallSite = {}): { value: Value; diags: Diagnostic[] } {
  const arity = arityDiagnostic(name, def, args.length, site);
  if (arity) return { value: DynamicVal, diags: [arity] };
  const diags: Diagnostic[] = [];
  const converted: Value[] = [];
  for (let i = 0; i < args.length; i++) {
    const r = convertArgument(def, i, args[i]!, site);
    if (r.diag) diags.push(r.diag);
    converted.push(r.value);
  }
  if (diags.length > 0) return { value: DynamicVal, diags };
  return invokeFunction(name, def, converted, site);
}
