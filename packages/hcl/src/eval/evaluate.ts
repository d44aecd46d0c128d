// Expression evaluation with hclsyntax's semantics, node by node: the same evaluation order, the same
// null/unknown/mark propagation, and the same diagnostics (summary, detail, subject, context, expression,
// evalContext). JSON expressions are evaluated by json/expression.ts.
import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import {
  arityDiagnostic,
  callDef,
  convertArgument,
  expressionClosureVal,
  invokeFunction,
  isCustomDecodeType,
  paramAt,
  typeConstraintVal,
  type CallSite,
} from '../functions/call.js';
import { ExpressionClosureType, FunctionArgError, FunctionError, type FunctionDef } from '../functions/function.js';
import { evaluateJsonExpression } from '../json/expression.js';
import type { JsonExpression } from '../json/ast.js';
import type { Expression } from '../model.js';
import { rangeBetween, type Range } from '../source.js';
import type {
  AnonSymbolExpr,
  BinaryOpExpr,
  ConditionalExpr,
  ForExpr,
  FunctionCallExpr,
  NativeExpr,
  ObjectConsExpr,
  ObjectConsKeyExpr,
  SplatExpr,
  TemplateExpr,
  TemplateJoinExpr,
  UnaryOpExpr,
} from '../syntax/ast.js';
import { typeConstraint } from '../values/typeexpr.js';
import { unifyUnsafe } from '../values/unify.js';
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  friendlyName,
  listOf,
  tupleOf,
  typeEquals,
  type Type,
} from '../values/types.js';
import {
  DynamicVal,
  EmptyTupleVal,
  Value,
  boolVal,
  listVal,
  listValEmpty,
  mapValEmpty,
  nullVal,
  numberIntVal,
  objectVal,
  setVal,
  setValEmpty,
  stringVal,
  tupleVal,
  unknownVal,
} from '../values/value.js';
import { childContext, type EvalContext } from './context.js';
import { elementPairs, goQuote, index, marksOf, nameSuggestion, traverseAbs, traverseRel, tryConvert, withMarksFrom } from './ops.js';
import { binaryOperations, isFalse, isTrue, unaryOperations } from './operators.js';
import { exprAsKeyword } from '../static.js';

export interface EvalResult {
  value: Value;
  diags: Diagnostic[];
}

/** Evaluate an expression (native or JSON). Without a context only literals evaluate: variables and calls are errors. */
export function evaluate(expr: Expression, ctx?: EvalContext): EvalResult {
  if (expr.kind === 'jsonExpr') return evaluateJsonExpression(expr, ctx);
  if (expr.kind === 'scopedExpr') {
    const r = evaluate(expr.expr, expr.variables ? childContext(ctx, expr.variables) : ctx);
    return expr.marks && expr.marks.size > 0 ? { value: r.value.withMarks(expr.marks), diags: r.diags } : r;
  }
  return evalNative(expr, ctx);
}

// ---- ranges --------------------------------------------------------------------------------------------------------

/** Expression.Range(). */
export function exprRange(expr: Expression): Range {
  return expr.range;
}

/** Expression.StartRange(): where diagnostics about "this argument" point (hclsyntax's choices per node). */
export function exprStartRange(expr: Expression): Range {
  switch (expr.kind) {
    case 'functionCall':
      return rangeBetween(expr.nameRange, expr.openParenRange);
    case 'conditional':
      return exprStartRange(expr.condition);
    case 'binaryOp':
      return exprStartRange(expr.lhs);
    case 'unaryOp':
      return expr.symbolRange;
    case 'tupleCons':
    case 'objectCons':
    case 'for':
    case 'index':
      return expr.openRange;
    case 'objectConsKey':
      return exprStartRange(expr.wrapped);
    case 'splat':
      return expr.markerRange;
    case 'parentheses':
      return exprStartRange(expr.expr);
    case 'template':
      return expr.parts.length > 0 ? exprStartRange(expr.parts[0]!) : expr.range;
    case 'templateJoin':
      return exprStartRange(expr.tuple);
    case 'jsonExpr':
      return jsonStartRange(expr);
    case 'scopedExpr':
      return exprStartRange(expr.expr);
    default:
      return expr.range;
  }
}

function jsonStartRange(expr: JsonExpression): Range {
  const n = expr.node;
  if (n.kind === 'jsonObject' || n.kind === 'jsonArray') return n.openRange;
  return n.range;
}

// ---- diagnostics helpers -------------------------------------------------------------------------------------------

function diag(
  summary: string,
  detail: string,
  subject: Range | undefined,
  context: Range | undefined,
  expression?: unknown,
  evalContext?: EvalContext,
): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, detail };
  if (subject) d.subject = subject;
  if (context) d.context = context;
  if (expression !== undefined) {
    d.expression = expression;
    d.evalContext = evalContext;
  }
  return d;
}

/** hclsyntax's setDiagEvalContext: attach the expression and context to diagnostics that have none yet. */
function setDiagEvalContext(diags: Diagnostic[], expr: Expression, ctx: EvalContext | undefined): void {
  for (const d of diags) {
    if (d.expression === undefined) {
      d.expression = expr;
      d.evalContext = ctx;
    }
  }
}

// ---- dispatch ------------------------------------------------------------------------------------------------------

function evalNative(expr: NativeExpr, ctx: EvalContext | undefined): EvalResult {
  switch (expr.kind) {
    case 'literal':
      return { value: expr.value, diags: [] };
    case 'scopeTraversal': {
      const r = traverseAbs(expr.traversal, ctx);
      setDiagEvalContext(r.diags, expr, ctx);
      return r;
    }
    case 'relativeTraversal': {
      const src = evalNative(expr.source, ctx);
      const r = traverseRel(src.value, expr.traversal);
      setDiagEvalContext(r.diags, expr, ctx);
      return { value: r.value, diags: [...src.diags, ...r.diags] };
    }
    case 'functionCall':
      return evalFunctionCall(expr, ctx);
    case 'conditional':
      return evalConditional(expr, ctx);
    case 'binaryOp':
      return evalBinaryOp(expr, ctx);
    case 'unaryOp':
      return evalUnaryOp(expr, ctx);
    case 'tupleCons': {
      const diags: Diagnostic[] = [];
      const vals: Value[] = [];
      for (const e of expr.exprs) {
        const r = evalNative(e, ctx);
        vals.push(r.value);
        diags.push(...r.diags);
      }
      return { value: tupleVal(vals), diags };
    }
    case 'objectCons':
      return evalObjectCons(expr, ctx);
    case 'objectConsKey':
      return evalObjectConsKey(expr, ctx);
    case 'for':
      return evalFor(expr, ctx);
    case 'index': {
      const coll = evalNative(expr.collection, ctx);
      const key = evalNative(expr.key, ctx);
      const r = index(coll.value, key.value, expr.bracketRange);
      setDiagEvalContext(r.diags, expr, ctx);
      return { value: r.value, diags: [...coll.diags, ...key.diags, ...r.diags] };
    }
    case 'splat':
      return evalSplat(expr, ctx);
    case 'anonSymbol':
      return { value: anonSymbolValue(expr, ctx), diags: [] };
    case 'parentheses':
      return evalNative(expr.expr, ctx);
    case 'template':
      return evalTemplate(expr, ctx);
    case 'templateJoin':
      return evalTemplateJoin(expr, ctx);
    case 'templateWrap':
      return evalNative(expr.wrapped, ctx);
    default: {
      // Nodes that stand in for unparsable source carry their own placeholder value and diagnostics.
      const n = expr as { placeholder?: Value; parseDiags?: Diagnostic[] };
      return { value: n.placeholder ?? DynamicVal, diags: [...(n.parseDiags ?? [])] };
    }
  }
}

// ---- function calls ------------------------------------------------------------------------------------------------

function lookupFunction(name: string, ctx: EvalContext | undefined): { def?: FunctionDef; hasTable: boolean } {
  let hasTable = false;
  for (let c = ctx; c; c = c.parent) {
    if (!c.functions) continue;
    hasTable = true;
    const def = c.functions.get(name);
    if (def) return { def, hasTable };
  }
  return { hasTable };
}

function evalFunctionCall(e: FunctionCallExpr, ctx: EvalContext | undefined): EvalResult {
  const diags: Diagnostic[] = [];
  const { def, hasTable } = lookupFunction(e.name, ctx);
  if (!def) {
    if (!hasTable) {
      return { value: DynamicVal, diags: [diag('Function calls not allowed', 'Functions may not be called here.', e.range, undefined, e, ctx)] };
    }
    // Like Go, suggestions only come from the innermost context's table (ctx.Functions).
    const names = [...(ctx?.functions?.keys() ?? [])];
    const sep = e.name.lastIndexOf('::');
    if (sep !== -1) {
      const namespace = e.name.slice(0, sep + 2);
      const name = e.name.slice(sep + 2);
      const avail = names.filter((n) => n.startsWith(namespace));
      if (avail.length === 0) {
        return {
          value: DynamicVal,
          diags: [diag('Call to unknown function', `There are no functions in namespace ${goQuote(namespace)}.`, e.nameRange, e.range, e, ctx)],
        };
      }
      // Go passes the full names as candidates for the bare name, so only near-identical names match.
      const s = nameSuggestion(name, avail);
      const hint = s ? ` Did you mean ${namespace}${s}?` : '';
      return {
        value: DynamicVal,
        diags: [diag('Call to unknown function', `There is no function named ${goQuote(name)} in namespace ${namespace}.${hint}`, e.nameRange, e.range, e, ctx)],
      };
    }
    const s = nameSuggestion(e.name, names);
    const hint = s ? ` Did you mean ${goQuote(s)}?` : '';
    return {
      value: DynamicVal,
      diags: [diag('Call to unknown function', `There is no function named ${goQuote(e.name)}.${hint}`, e.nameRange, e.range, e, ctx)],
    };
  }

  // Each argument: the expression (for custom decoding and diagnostics), its start range, and an optional
  // pre-evaluated value (elements of a `...` expansion).
  interface Arg {
    expr: NativeExpr;
    startRange: Range;
    value?: Value;
  }
  let args: Arg[] = e.args.map((a) => ({ expr: a, startRange: exprStartRange(a) }));
  if (e.expandFinal) {
    const expandExpr = e.args[e.args.length - 1]!;
    const ex = evalNative(expandExpr, ctx);
    diags.push(...ex.diags);
    if (hasErrors(ex.diags)) return { value: DynamicVal, diags };
    const v = ex.value;
    const t = v.type.kind;
    const nullDiag = (): Diagnostic =>
      diag('Invalid expanding argument value', 'The expanding argument (indicated by ...) must not be null.', expandExpr.range, e.range, expandExpr, ctx);
    if (t === 'dynamic') {
      if (v.isNull) diags.push(nullDiag());
      return { value: DynamicVal, diags };
    } else if (t === 'tuple' || t === 'list' || t === 'set') {
      if (v.isNull) {
        diags.push(nullDiag());
        return { value: DynamicVal, diags };
      }
      if (!v.isKnown) return { value: DynamicVal, diags };
      // The collection's marks move onto each expanded element.
      const marks = marksOf(v);
      args = args.slice(0, -1);
      // Expanded values become literal arguments whose range is the whole expansion expression.
      for (const el of v.unmarked().asElements()) {
        args.push({ expr: { kind: 'literal', value: withMarksFrom(el, marks), range: expandExpr.range }, startRange: expandExpr.range, value: withMarksFrom(el, marks) });
      }
    } else {
      diags.push(
        diag(
          'Invalid expanding argument value',
          'The expanding argument (indicated by ...) must be of a tuple, list, or set type.',
          expandExpr.range,
          e.range,
          expandExpr,
          ctx,
        ),
      );
      return { value: DynamicVal, diags };
    }
  }

  const site: CallSite = {
    range: e.range,
    startRange: exprStartRange(e),
    closeParenRange: e.closeParenRange,
    argRanges: args.map((a) => a.startRange),
    argExprs: args.map((a) => a.expr),
    callExpr: e,
    ctx,
  };
  const arity = arityDiagnostic(e.name, def, args.length, site);
  if (arity) return { value: DynamicVal, diags: [arity] };

  const argVals: Value[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const param = paramAt(def, i)!;
    if (isCustomDecodeType(param.type)) {
      const r = customDecode(param.type, a.expr, ctx);
      diags.push(...r.diags);
      argVals.push(r.value);
      continue;
    }
    const r = a.value !== undefined ? { value: a.value, diags: [] as Diagnostic[] } : evalNative(a.expr, ctx);
    diags.push(...r.diags);
    const c = convertArgument(def, i, r.value, site);
    if (c.diag) diags.push(c.diag);
    argVals.push(c.value);
  }
  // Don't run the function on bad arguments: its errors would only confuse.
  if (hasErrors(diags)) return { value: DynamicVal, diags };

  const r = invokeFunction(e.name, def, argVals, site);
  diags.push(...r.diags);
  return { value: r.value, diags };
}

/** ext/customdecode: build the capsule argument for an expression-closure or type-constraint parameter. */
function customDecode(t: Type, expr: Expression, ctx: EvalContext | undefined): EvalResult {
  if (t === ExpressionClosureType) return { value: expressionClosureVal({ expression: expr, ctx }), diags: [] };
  const r = typeConstraint(expr);
  if (hasErrors(r.diags)) return { value: unknownVal(t), diags: r.diags };
  return { value: typeConstraintVal(r.type), diags: r.diags };
}

// ---- conditionals --------------------------------------------------------------------------------------------------

function isNullDynamicLiteral(v: Value): boolean {
  return v.isNull && v.type.kind === 'dynamic' && !(v.marks && v.marks.size > 0);
}

function evalConditional(e: ConditionalExpr, ctx: EvalContext | undefined): EvalResult {
  const tr = evalNative(e.trueResult, ctx);
  const fr = evalNative(e.falseResult, ctx);
  let trueResult = tr.value;
  let falseResult = fr.value;
  const diags: Diagnostic[] = [];

  let resultType: Type | undefined = DynamicPseudoType;
  let convertTrue = false;
  let convertFalse = false;
  if (isNullDynamicLiteral(trueResult)) {
    resultType = falseResult.type;
    convertTrue = true;
  } else if (isNullDynamicLiteral(falseResult)) {
    resultType = trueResult.type;
    convertFalse = true;
  } else if (trueResult.type.kind === 'dynamic' || falseResult.type.kind === 'dynamic') {
    // The result type stays unknown; both values pass through unconverted.
  } else {
    resultType = unifyUnsafe([trueResult.type, falseResult.type]);
    convertTrue = resultType !== undefined && !typeEquals(trueResult.type, resultType);
    convertFalse = resultType !== undefined && !typeEquals(falseResult.type, resultType);
  }

  if (resultType === undefined) {
    return {
      value: DynamicVal,
      diags: [
        diag(
          'Inconsistent conditional result types',
          `The true and false result expressions must have consistent types. ${describeConditionalTypeMismatch(trueResult.type, falseResult.type)}.`,
          rangeBetween(e.trueResult.range, e.falseResult.range),
          e.range,
          e,
          ctx,
        ),
      ],
    };
  }

  const cr = evalNative(e.condition, ctx);
  diags.push(...cr.diags);
  let condResult = cr.value;
  if (condResult.isNull) {
    diags.push(diag('Null condition', 'The condition value is null. Conditions must either be true or false.', e.condition.range, e.range, e.condition, ctx));
    return { value: unknownVal(resultType), diags };
  }

  // All three values' marks go on the result, whichever branch is taken.
  const resMarks = [marksOf(condResult), marksOf(trueResult), marksOf(falseResult)];
  condResult = condResult.unmarked();
  trueResult = trueResult.unmarked();
  falseResult = falseResult.unmarked();

  if (!condResult.isKnown) {
    if (trueResult.isNull && falseResult.isNull) return { value: withMarksFrom(nullVal(resultType), ...resMarks), diags };
    return { value: withMarksFrom(unknownBranchResult(trueResult, falseResult, resultType), ...resMarks), diags };
  }

  const cb = tryConvert(condResult, BoolType);
  if (cb.error !== undefined) {
    diags.push(diag('Incorrect condition type', 'The condition expression must be of type bool.', e.condition.range, e.range, e.condition, ctx));
    return { value: unknownVal(resultType), diags };
  }

  // Only the selected branch's diagnostics are reported.
  if (isTrue(cb.value!)) {
    diags.push(...tr.diags);
    if (convertTrue) {
      const c = tryConvert(trueResult, resultType);
      if (c.error !== undefined) {
        diags.push(diag('Inconsistent conditional result types', `The true result value has the wrong type: ${c.error}.`, e.trueResult.range, e.range, e.trueResult, ctx));
        trueResult = unknownVal(resultType);
      } else trueResult = c.value!;
    }
    return { value: withMarksFrom(trueResult, ...resMarks), diags };
  }
  diags.push(...fr.diags);
  if (convertFalse) {
    const c = tryConvert(falseResult, resultType);
    if (c.error !== undefined) {
      diags.push(diag('Inconsistent conditional result types', `The false result value has the wrong type: ${c.error}.`, e.falseResult.range, e.range, e.falseResult, ctx));
      falseResult = unknownVal(resultType);
    } else falseResult = c.value!;
  }
  return { value: withMarksFrom(falseResult, ...resMarks), diags };
}

/**
 * The result of a conditional whose condition is unknown. Go refines the unknown with what both branches have in
 * common, and cty turns a refinement that pins the value down into a known value: equal known numbers give that
 * number; known collections of the same type and length give an empty collection, a list of unknowns, or a
 * one-element set of an unknown. (Our unknowns carry no refinements, so only known branches can pin anything.)
 */
function unknownBranchResult(t: Value, f: Value, resultType: Type): Value {
  const bothKnown = t.isKnown && f.isKnown && !t.isNull && !f.isNull;
  if (bothKnown && t.type.kind === 'number' && f.type.kind === 'number') {
    if (t.asNumber().cmp(f.asNumber()) === 0) return t;
    return unknownVal(NumberType);
  }
  const tk = t.type.kind;
  if (bothKnown && (tk === 'list' || tk === 'set' || tk === 'map') && typeEquals(t.type, f.type) && t.length === f.length) {
    const n = t.length;
    const et = (t.type as { element: Type }).element;
    if (n === 0) return tk === 'list' ? listValEmpty(et) : tk === 'set' ? setValEmpty(et) : mapValEmpty(et);
    if (tk === 'list') return listVal(Array.from({ length: n }, () => unknownVal(et)), et);
    if (tk === 'set' && n === 1) return setVal([unknownVal(et)], et);
  }
  return unknownVal(resultType);
}

/** The reason two conditional branch types don't unify, as hclsyntax words it. */
export function describeConditionalTypeMismatch(t: Type, f: Type): string {
  if (t.kind === 'object' && f.kind === 'object') {
    // Attribute maps are kept in byte order, which is the sort order Go uses here.
    for (const [name, aty] of t.attributes) {
      const faty = f.attributes.get(name);
      if (!faty) return `The 'true' value includes object attribute ${goQuote(name)}, which is absent in the 'false' value`;
      if (!typeEquals(aty, faty)) return `Type mismatch for object attribute ${goQuote(name)}: ${describeConditionalTypeMismatch(aty, faty)}`;
    }
    for (const name of f.attributes.keys()) {
      if (!t.attributes.has(name)) return `The 'false' value includes object attribute ${goQuote(name)}, which is absent in the 'true' value`;
    }
  } else if (t.kind === 'tuple' && f.kind === 'tuple') {
    if (t.elements.length !== f.elements.length) {
      return `The 'true' tuple has length ${t.elements.length}, but the 'false' tuple has length ${f.elements.length}`;
    }
    for (let i = 0; i < t.elements.length; i++) {
      if (!typeEquals(t.elements[i]!, f.elements[i]!)) {
        return `Type mismatch for tuple element ${i}: ${describeConditionalTypeMismatch(t.elements[i]!, f.elements[i]!)}`;
      }
    }
  } else if ((t.kind === 'list' || t.kind === 'set' || t.kind === 'map') && t.kind === f.kind) {
    const te = t.element;
    const fe = (f as { element: Type }).element;
    if ((te.kind === 'object' && fe.kind === 'object') || (te.kind === 'tuple' && fe.kind === 'tuple')) {
      return `Mismatched ${t.kind} element types: ${describeConditionalTypeMismatch(te, fe)}`;
    }
  }
  const tn = friendlyName(t);
  const fn = friendlyName(f);
  if (tn === fn) return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value";
  return `The 'true' value is ${tn}, but the 'false' value is ${fn}`;
}

// ---- operators -----------------------------------------------------------------------------------------------------

function callOperation(def: FunctionDef, args: Value[]): { value?: Value; error?: string } {
  try {
    return { value: callDef(def, args) };
  } catch (err) {
    if (err instanceof FunctionArgError || err instanceof FunctionError) return { error: err.message };
    throw err;
  }
}

function evalBinaryOp(e: BinaryOpExpr, ctx: EvalContext | undefined): EvalResult {
  const op = binaryOperations[e.op]!;
  const diags: Diagnostic[] = [];

  const l = evalNative(e.lhs, ctx);
  const lc = tryConvert(l.value, op.type);
  if (lc.error !== undefined) {
    diags.push(diag('Invalid operand', `Unsuitable value for left operand: ${lc.error}.`, e.lhs.range, e.range, e.lhs, ctx));
  }
  const r = evalNative(e.rhs, ctx);
  const rc = tryConvert(r.value, op.type);
  if (rc.error !== undefined) {
    diags.push(diag('Invalid operand', `Unsuitable value for right operand: ${rc.error}.`, e.rhs.range, e.range, e.rhs, ctx));
  }
  if (diags.length > 0) {
    diags.push(...l.diags, ...r.diags);
    return { value: unknownVal(op.resultType), diags };
  }

  const lhsMarks = marksOf(lc.value!);
  const rhsMarks = marksOf(rc.value!);
  const lhs = lc.value!.unmarked();
  const rhs = rc.value!.unmarked();

  if (op.shortCircuit) {
    const forced = shortCircuit(op.shortCircuit, lhs, rhs, l.diags, r.diags);
    if (forced) return { value: withMarksFrom(forced.value, lhsMarks, rhsMarks), diags: forced.diags };
  }

  diags.push(...l.diags, ...r.diags);
  // Don't run the operation on operands that already failed: it would only duplicate the errors.
  if (hasErrors(diags)) return { value: withMarksFrom(unknownVal(op.resultType), lhsMarks, rhsMarks), diags };

  const res = callOperation(op.def, [lhs, rhs]);
  if (res.error !== undefined) {
    diags.push(diag('Operation failed', `Error during operation: ${res.error}.`, e.range, undefined, e, ctx));
    return { value: unknownVal(op.resultType), diags };
  }
  return { value: withMarksFrom(res.value!, lhsMarks, rhsMarks), diags };
}

/**
 * && and ||: a known controlling operand decides the result (the other side's diagnostics are dropped);
 * an unknown operand decides it when the other side can't. Returns undefined to evaluate normally.
 */
function shortCircuit(kind: 'and' | 'or', lhs: Value, rhs: Value, lhsDiags: Diagnostic[], rhsDiags: Diagnostic[]): EvalResult | undefined {
  const unknownBool = unknownVal(BoolType);
  if (!lhs.isKnown && !rhs.isKnown) {
    // Short-circuit left to right on a good unknown; if the left side failed, collect both sides' errors.
    if (!hasErrors(lhsDiags)) return { value: unknownBool, diags: lhsDiags };
    return undefined;
  }
  const controlling = kind === 'and' ? isFalse : isTrue;
  const other = kind === 'and' ? isTrue : isFalse;
  const decided = boolVal(kind === 'or');
  if (lhs.isKnown && controlling(lhs)) return { value: decided, diags: lhsDiags };
  if (rhs.isKnown && controlling(rhs)) return { value: decided, diags: rhsDiags };
  if (!lhs.isKnown && other(rhs)) return { value: unknownBool, diags: lhsDiags };
  if (!rhs.isKnown && other(lhs)) return { value: unknownBool, diags: rhsDiags };
  return undefined;
}


function evalUnaryOp(e: UnaryOpExpr, ctx: EvalContext | undefined): EvalResult {
  const op = unaryOperations[e.op]!;
  const v = evalNative(e.operand, ctx);
  const diags = [...v.diags];
  const c = tryConvert(v.value, op.type);
  if (c.error !== undefined) {
    diags.push(diag('Invalid operand', `Unsuitable value for unary operand: ${c.error}.`, e.operand.range, e.range, e.operand, ctx));
  }
  if (hasErrors(diags)) return { value: unknownVal(op.resultType), diags };
  const res = callOperation(op.def, [c.value!]);
  if (res.error !== undefined) {
    diags.push(diag('Operation failed', `Error during operation: ${res.error}.`, e.range, undefined, e, ctx));
    return { value: unknownVal(op.resultType), diags };
  }
  return { value: res.value!, diags };
}

// ---- object constructors -------------------------------------------------------------------------------------------

function evalObjectCons(e: ObjectConsExpr, ctx: EvalContext | undefined): EvalResult {
  const diags: Diagnostic[] = [];
  const vals = new Map<string, Value>();
  const marks: ReadonlySet<string>[] = [];
  // Any key we can't produce (unknown, or an error) makes the whole object's type unknowable.
  let known = true;
  for (const item of e.items) {
    const k = evalNative(item.key, ctx);
    diags.push(...k.diags);
    const v = evalNative(item.value, ctx);
    diags.push(...v.diags);
    if (hasErrors(k.diags)) {
      known = false;
      continue;
    }
    if (k.value.isNull) {
      diags.push(diag('Null value as key', "Can't use a null value as a key.", item.value.range, undefined, item.key, ctx));
      known = false;
      continue;
    }
    marks.push(marksOf(k.value));
    const ks = tryConvert(k.value.unmarked(), StringType);
    if (ks.error !== undefined) {
      diags.push(diag('Incorrect key type', `Can't use this value as a key: ${ks.error}.`, item.key.range, undefined, item.key, ctx));
      known = false;
      continue;
    }
    if (!ks.value!.isKnown) {
      known = false;
      continue;
    }
    // Duplicate keys: the later one silently wins, as in Go's map assignment.
    vals.set(ks.value!.asString(), v.value);
  }
  if (!known) return { value: DynamicVal, diags };
  return { value: withMarksFrom(objectVal(vals), ...marks), diags };
}

function evalObjectConsKey(e: ObjectConsKeyExpr, ctx: EvalContext | undefined): EvalResult {
  if (!e.forceNonLiteral) {
    // A bare `a.b` key could mean a reference or a dotted name: make the author say which.
    if (e.wrapped.kind === 'scopeTraversal' && e.wrapped.traversal.length > 1) {
      return {
        value: DynamicVal,
        diags: [
          diag(
            'Ambiguous attribute key',
            "If this expression is intended to be a reference, wrap it in parentheses. If it's instead intended as a literal name containing periods, wrap it in quotes to create a string literal.",
            e.wrapped.range,
            undefined,
          ),
        ],
      };
    }
    const kw = exprAsKeyword(e.wrapped);
    if (kw !== undefined) return { value: stringVal(kw), diags: [] };
  }
  return evalNative(e.wrapped, ctx);
}

// ---- for expressions -----------------------------------------------------------------------------------------------

function canIterateElements(t: Type): boolean {
  return t.kind === 'list' || t.kind === 'tuple' || t.kind === 'set' || t.kind === 'map' || t.kind === 'object';
}

function forScope(e: ForExpr, ctx: EvalContext | undefined, k: Value, v: Value): EvalContext {
  const vars = new Map<string, Value>();
  if (e.keyVar !== undefined && e.keyVar !== '') vars.set(e.keyVar, k);
  vars.set(e.valVar, v);
  return childContext(ctx, vars);
}

function evalFor(e: ForExpr, ctx: EvalContext | undefined): EvalResult {
  const diags: Diagnostic[] = [];
  const marks: ReadonlySet<string>[] = [];

  const cr = evalNative(e.collExpr, ctx);
  diags.push(...cr.diags);
  let coll = cr.value;
  if (coll.isNull) {
    diags.push(
      diag('Iteration over null value', "A null value cannot be used as the collection in a 'for' expression.", e.collExpr.range, e.range, e.collExpr, ctx),
    );
    return { value: DynamicVal, diags };
  }
  if (coll.type.kind === 'dynamic') return { value: DynamicVal, diags };
  marks.push(marksOf(coll));
  coll = coll.unmarked();
  if (!canIterateElements(coll.type)) {
    diags.push(
      diag(
        'Iteration over non-iterable value',
        `A value of type ${friendlyName(coll.type)} cannot be used as the collection in a 'for' expression.`,
        e.collExpr.range,
        e.range,
        e.collExpr,
        ctx,
      ),
    );
    return { value: DynamicVal, diags };
  }

  // An early check of the condition with unknown iteration values catches type errors once, not per element.
  let condMarks: ReadonlySet<string> = new Set();
  if (e.condExpr) {
    const childCtx = forScope(e, ctx, DynamicVal, DynamicVal);
    const r = evalNative(e.condExpr, childCtx);
    diags.push(...r.diags);
    if (r.value.isNull) {
      diags.push(diag('Condition is null', "The value of the 'if' clause must not be null.", e.condExpr.range, e.range, e.condExpr, ctx));
      return { value: DynamicVal, diags };
    }
    condMarks = marksOf(r.value);
    const c = tryConvert(r.value, BoolType);
    if (c.error !== undefined) {
      diags.push(diag("Invalid 'for' condition", `The 'if' clause value is invalid: ${c.error}.`, e.condExpr.range, e.range, e.condExpr, ctx));
      return { value: DynamicVal, diags };
    }
    if (hasErrors(r.diags)) return { value: DynamicVal, diags };
  }

  if (!coll.isKnown) return { value: withMarksFrom(DynamicVal, ...marks, condMarks), diags };

  /** Evaluate the condition for one element: true to include, false to skip, undefined when unknown/invalid. */
  let known = true;
  const include = (childCtx: EvalContext, tupleForm: boolean): boolean | undefined => {
    const cond = e.condExpr!;
    const r = evalNative(cond, childCtx);
    diags.push(...r.diags);
    if (r.value.isNull) {
      if (known) diags.push(diag("Invalid 'for' condition", "The value of the 'if' clause must not be null.", cond.range, e.range, cond, childCtx));
      known = false;
      return undefined;
    }
    marks.push(marksOf(r.value));
    if (tupleForm && !r.value.isKnown) {
      known = false;
      return undefined;
    }
    const c = tryConvert(r.value, BoolType);
    if (c.error !== undefined) {
      if (known) diags.push(diag("Invalid 'for' condition", `The 'if' clause value is invalid: ${c.error}.`, cond.range, e.range, cond, childCtx));
      known = false;
      return undefined;
    }
    if (!c.value!.isKnown) {
      known = false;
      return undefined;
    }
    return isTrue(c.value!) ? true : false;
  };

  if (e.keyExpr) {
    const keyExpr = e.keyExpr;
    const vals = new Map<string, Value>();
    const groups = new Map<string, Value[]>();
    for (const [k, v] of elementPairs(coll)) {
      const childCtx = forScope(e, ctx, k, v);
      if (e.condExpr) {
        const inc = include(childCtx, false);
        if (inc === undefined) continue;
        if (!inc) continue;
      }
      const kr = evalNative(keyExpr, childCtx);
      diags.push(...kr.diags);
      if (kr.value.isNull) {
        if (known) {
          diags.push(diag('Invalid object key', "Key expression in 'for' expression must not produce a null value.", keyExpr.range, e.range, keyExpr, childCtx));
        }
        known = false;
        continue;
      }
      marks.push(marksOf(kr.value));
      if (!kr.value.isKnown) {
        known = false;
        continue;
      }
      const kc = tryConvert(kr.value, StringType);
      if (kc.error !== undefined) {
        if (known) {
          diags.push(diag('Invalid object key', `The key expression produced an invalid result: ${kc.error}.`, keyExpr.range, e.range, keyExpr, childCtx));
        }
        known = false;
        continue;
      }
      const key = kc.value!.unmarked().asString();
      const vr = evalNative(e.valExpr, childCtx);
      diags.push(...vr.diags);
      if (e.group) {
        const g = groups.get(key);
        if (g) g.push(vr.value);
        else groups.set(key, [vr.value]);
      } else if (vals.has(key)) {
        diags.push(
          diag(
            'Duplicate object key',
            `Two different items produced the key ${goQuote(key)} in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`,
            keyExpr.range,
            e.range,
            keyExpr,
            childCtx,
          ),
        );
      } else {
        vals.set(key, vr.value);
      }
    }
    if (!known) return { value: withMarksFrom(DynamicVal, ...marks), diags };
    if (e.group) for (const [k, g] of groups) vals.set(k, tupleVal(g));
    return { value: withMarksFrom(objectVal(vals), ...marks), diags };
  }

  const vals: Value[] = [];
  for (const [k, v] of elementPairs(coll)) {
    const childCtx = forScope(e, ctx, k, v);
    if (e.condExpr) {
      const inc = include(childCtx, true);
      if (inc === undefined || !inc) continue;
    }
    const vr = evalNative(e.valExpr, childCtx);
    diags.push(...vr.diags);
    vals.push(vr.value);
  }
  if (!known) return { value: withMarksFrom(DynamicVal, ...marks), diags };
  return { value: withMarksFrom(tupleVal(vals), ...marks), diags };
}

// ---- splat ---------------------------------------------------------------------------------------------------------

// The value of a splat's placeholder symbol, per evaluation context (as hclsyntax's AnonSymbolExpr does).
const anonValues = new WeakMap<AnonSymbolExpr, Map<EvalContext, Value>>();

function anonSymbolValue(e: AnonSymbolExpr, ctx: EvalContext | undefined): Value {
  if (!ctx) return DynamicVal;
  return anonValues.get(e)?.get(ctx) ?? DynamicVal;
}
function setAnonValue(e: AnonSymbolExpr, ctx: EvalContext, v: Value): void {
  let m = anonValues.get(e);
  if (!m) anonValues.set(e, (m = new Map()));
  m.set(ctx, v);
}
function clearAnonValue(e: AnonSymbolExpr, ctx: EvalContext): void {
  anonValues.get(e)?.delete(ctx);
}

function newChild(ctx: EvalContext | undefined): EvalContext {
  return ctx ? { parent: ctx } : {};
}

function evalSplat(e: SplatExpr, ctx: EvalContext | undefined): EvalResult {
  const sr = evalNative(e.source, ctx);
  const diags = [...sr.diags];
  if (hasErrors(diags)) return { value: DynamicVal, diags };
  let sourceVal = sr.value;
  let sourceTy = sourceVal.type;

  // A non-sequence value is treated as a one-element tuple, or an empty one when null.
  const autoUpgrade = !(sourceTy.kind === 'tuple' || sourceTy.kind === 'list' || sourceTy.kind === 'set');
  if (sourceVal.isNull) {
    if (autoUpgrade) return { value: withMarksFrom(EmptyTupleVal, sourceVal), diags };
    diags.push(
      diag(
        'Splat of null value',
        'Splat expressions (with the * symbol) cannot be applied to null sequences.',
        e.source.range,
        rangeBetween(e.source.range, e.markerRange),
        e.source,
        ctx,
      ),
    );
    return { value: DynamicVal, diags };
  }
  if (sourceTy.kind === 'dynamic') return { value: withMarksFrom(DynamicVal, sourceVal), diags };

  let upgradedUnknown = false;
  if (autoUpgrade) {
    // An unknown could turn out null (zero elements) or not (one): the result's shape can't be known.
    if (!sourceVal.isKnown) upgradedUnknown = true;
    sourceVal = withMarksFrom(tupleVal([sourceVal]), sourceVal);
    sourceTy = sourceVal.type;
  }

  // The result type, found by evaluating `each` on unknown elements of the source's element type(s).
  const resultTy = (): { type: Type; diags: Diagnostic[] } => {
    const chiCtx = newChild(ctx);
    const tyDiags: Diagnostic[] = [];
    if (sourceTy.kind === 'list' || sourceTy.kind === 'set') {
      setAnonValue(e.item, chiCtx, unknownVal(sourceTy.element));
      const r = evalNative(e.each, chiCtx);
      tyDiags.push(...r.diags);
      clearAnonValue(e.item, chiCtx);
      return { type: listOf(r.value.type), diags: tyDiags };
    }
    if (sourceTy.kind === 'tuple') {
      const tys: Type[] = [];
      for (const ety of sourceTy.elements) {
        setAnonValue(e.item, chiCtx, unknownVal(ety));
        const r = evalNative(e.each, chiCtx);
        tyDiags.push(...r.diags);
        clearAnonValue(e.item, chiCtx);
        tys.push(r.value.type);
      }
      return { type: tupleOf(tys), diags: tyDiags };
    }
    return { type: DynamicPseudoType, diags: tyDiags };
  };

  if (!sourceVal.isKnown) {
    const ty = resultTy();
    diags.push(...ty.diags);
    return { value: withMarksFrom(unknownVal(ty.type), sourceVal), diags };
  }

  const marks = marksOf(sourceVal);
  const source = sourceVal.unmarked();
  const evalCtx = ctx ?? {};
  const vals: Value[] = [];
  let isKnown = true;
  for (const item of source.asElements()) {
    setAnonValue(e.item, evalCtx, item);
    const r = evalNative(e.each, evalCtx);
    diags.push(...r.diags);
    if (hasErrors(r.diags)) isKnown = false;
    vals.push(r.value);
  }
  clearAnonValue(e.item, evalCtx);

  if (upgradedUnknown) return { value: withMarksFrom(DynamicVal, marks), diags };
  if (!isKnown) {
    // The type diagnostics would repeat the ones just reported.
    return { value: withMarksFrom(unknownVal(resultTy().type), marks), diags };
  }

  if (sourceTy.kind === 'list' || sourceTy.kind === 'set') {
    if (vals.length === 0) {
      const ty = resultTy();
      diags.push(...ty.diags);
      return { value: withMarksFrom(listValEmpty((ty.type as { element: Type }).element), marks), diags };
    }
    // Nested splats over scalars can produce differently-typed elements, which no list can hold.
    let et: Type = DynamicPseudoType;
    for (const v of vals) {
      if (et.kind === 'dynamic') et = v.type;
      else if (v.type.kind !== 'dynamic' && !typeEquals(et, v.type)) {
        diags.push(
          diag(
            'Invalid nested splat expressions',
            "The second level of splat expression produced elements of different types, so it isn't possible to construct a valid list to represent the top-level result.\n\nConsider using a for expression instead, to produce a tuple-typed result which can therefore have non-homogenous element types.",
            e.each.range,
            e.range,
          ),
        );
        return { value: DynamicVal, diags };
      }
    }
    return { value: withMarksFrom(listVal(vals, et), marks), diags };
  }
  return { value: withMarksFrom(tupleVal(vals), marks), diags };
}

// ---- templates -----------------------------------------------------------------------------------------------------

function evalTemplate(e: TemplateExpr, ctx: EvalContext | undefined): EvalResult {
  const diags: Diagnostic[] = [];
  let buf = '';
  let isKnown = true;
  const marks = new Set<string>();
  for (const part of e.parts) {
    const r = evalNative(part, ctx);
    diags.push(...r.diags);
    const v = r.value;
    if (v.isNull) {
      diags.push(
        diag(
          'Invalid template interpolation value',
          'The expression result is null. Cannot include a null value in a string template.',
          part.range,
          e.range,
          part,
          ctx,
        ),
      );
      continue;
    }
    for (const m of marksOf(v)) marks.add(m);
    if (!v.isKnown) {
      // Keep going for the diagnostics of the remaining parts.
      isKnown = false;
      continue;
    }
    const s = tryConvert(v.unmarked(), StringType);
    if (s.error !== undefined) {
      diags.push(
        diag(
          'Invalid template interpolation value',
          `Cannot include the given value in a string template: ${s.error}.`,
          part.range,
          e.range,
          part,
          ctx,
        ),
      );
      continue;
    }
    if (isKnown && !hasErrors(diags)) buf += s.value!.asString();
  }
  const value = isKnown ? stringVal(buf) : unknownVal(StringType);
  return { value: marks.size > 0 ? value.withMarks(marks) : value, diags };
}

function evalTemplateJoin(e: TemplateJoinExpr, ctx: EvalContext | undefined): EvalResult {
  const tr = evalNative(e.tuple, ctx);
  const diags = [...tr.diags];
  const tuple = tr.value;
  if (tuple.type.kind === 'dynamic' || !tuple.isKnown || tuple.isNull) return { value: unknownVal(StringType), diags };
  const marks = marksOf(tuple);
  const allMarks = new Set(marks);
  const range = e.tuple.range;
  let buf = '';
  for (const val of tuple.unmarked().asElements()) {
    if (val.isNull) {
      diags.push(diag('Invalid template interpolation value', 'An iteration result is null. Cannot include a null value in a string template.', range, undefined, e, ctx));
      continue;
    }
    if (val.type.kind === 'dynamic') return { value: withMarksFrom(unknownVal(StringType), marks), diags };
    const s = tryConvert(val, StringType);
    if (s.error !== undefined) {
      diags.push(
        diag(
          'Invalid template interpolation value',
          `Cannot include one of the interpolation results into the string template: ${s.error}.`,
          range,
          undefined,
          e,
          ctx,
        ),
      );
      continue;
    }
    if (!val.isKnown) return { value: withMarksFrom(unknownVal(StringType), marks), diags };
    for (const m of marksOf(s.value!)) allMarks.add(m);
    buf += s.value!.unmarked().asString();
  }
  const value = stringVal(buf);
  return { value: allMarks.size > 0 ? value.withMarks(allMarks) : value, diags };
}
