// HCL's operators are cty stdlib functions (AddFunc, EqualFunc, AndFunc, …) called through the generic call
// rules, so their parameter flags decide null/unknown handling and their error texts surface verbatim in
// "Operation failed" diagnostics. This module declares them as FunctionDefs with the same flags.
import type { FunctionDef, Parameter } from '../functions/function.js';
import { FunctionError } from '../functions/function.js';
import { equals } from '../values/equals.js';
import { BigFloat, BigFloatError } from '../values/number.js';
import { BoolType, DynamicPseudoType, NumberType, type Type } from '../values/types.js';
import { Value, boolVal, numberVal, unknownVal } from '../values/value.js';
import { withMarksFrom } from './ops.js';

export interface Operation {
  readonly def: FunctionDef;
  /** The operand type operands are converted to before the call (the parameters' type). */
  readonly type: Type;
  /** The result type (unknown of this on error). */
  readonly resultType: Type;
  /** && and || decide some results from one side alone (see evaluate.ts). */
  readonly shortCircuit?: 'and' | 'or';
}

function num(name: string, extra: Partial<Parameter> = {}): Parameter {
  return { name, type: NumberType, allowDynamicType: true, ...extra };
}
function bool(name: string): Parameter {
  return { name, type: BoolType, allowDynamicType: true, allowMarked: true };
}

/** Binary arithmetic on two known numbers; unknown operands never reach here (AllowUnknown is false). */
function arithmetic(f: (a: BigFloat, b: BigFloat) => BigFloat, nanMessage: string): Operation {
  return {
    type: NumberType,
    resultType: NumberType,
    def: {
      params: [num('a'), num('b')],
      returnType: () => NumberType,
      impl: ([a, b]) => {
        if (!a!.isKnown || !b!.isKnown) return unknownVal(NumberType);
        try {
          return withMarksFrom(numberVal(f(a!.unmarked().asNumber(), b!.unmarked().asNumber())), a, b);
        } catch (e) {
          if (e instanceof BigFloatError) throw new FunctionError(nanMessage);
          throw e;
        }
      },
    },
  };
}

/** Numeric comparison; unknown operands give an unknown bool (AllowUnknown is true). */
function comparison(test: (cmp: number) => boolean): Operation {
  return {
    type: NumberType,
    resultType: BoolType,
    def: {
      params: [num('a', { allowUnknown: true, allowMarked: true }), num('b', { allowUnknown: true, allowMarked: true })],
      returnType: () => BoolType,
      impl: ([a, b]) => {
        if (!a!.isKnown || !b!.isKnown || a!.type.kind !== 'number' || b!.type.kind !== 'number') {
          return withMarksFrom(unknownVal(BoolType), a, b);
        }
        return withMarksFrom(boolVal(test(a!.unmarked().asNumber().cmp(b!.unmarked().asNumber()))), a, b);
      },
    },
  };
}

function logical(f: (a: boolean, b: boolean) => boolean, shortCircuit: 'and' | 'or'): Operation {
  return {
    type: BoolType,
    resultType: BoolType,
    shortCircuit,
    def: {
      params: [bool('a'), bool('b')],
      returnType: () => BoolType,
      impl: ([a, b]) => {
        if (!a!.isKnown || !b!.isKnown || a!.type.kind !== 'bool' || b!.type.kind !== 'bool') {
          return withMarksFrom(unknownVal(BoolType), a, b);
        }
        return withMarksFrom(boolVal(f(a!.unmarked().asBool(), b!.unmarked().asBool())), a, b);
      },
    },
  };
}

function equality(negate: boolean): Operation {
  const p = (name: string): Parameter => ({ name, type: DynamicPseudoType, allowUnknown: true, allowDynamicType: true, allowNull: true });
  return {
    type: DynamicPseudoType,
    resultType: BoolType,
    def: {
      params: [p('a'), p('b')],
      returnType: () => BoolType,
      impl: ([a, b]) => {
        const eq = equals(a!, b!);
        if (!negate || !eq.isKnown) return eq;
        return withMarksFrom(boolVal(!eq.unmarked().asBool()), eq);
      },
    },
  };
}

export const binaryOperations: Readonly<Record<string, Operation>> = {
  '||': logical((a, b) => a || b, 'or'),
  '&&': logical((a, b) => a && b, 'and'),
  '==': equality(false),
  '!=': equality(true),
  '>': comparison((c) => c > 0),
  '>=': comparison((c) => c >= 0),
  '<': comparison((c) => c < 0),
  '<=': comparison((c) => c <= 0),
  '+': arithmetic((a, b) => a.add(b), "can't compute sum of opposing infinities"),
  '-': arithmetic((a, b) => a.sub(b), "can't subtract infinity from itself"),
  '*': arithmetic((a, b) => a.mul(b), "can't multiply zero by infinity"),
  '/': arithmetic((a, b) => a.div(b), "can't divide zero by zero or infinity by infinity"),
  '%': arithmetic((a, b) => a.mod(b), "can't use modulo with zero and infinity"),
};

export const unaryOperations: Readonly<Record<string, Operation>> = {
  '!': {
    type: BoolType,
    resultType: BoolType,
    def: {
      params: [bool('val')],
      returnType: () => BoolType,
      impl: ([v]) => {
        if (!v!.isKnown || v!.type.kind !== 'bool') return withMarksFrom(unknownVal(BoolType), v);
        return withMarksFrom(boolVal(!v!.unmarked().asBool()), v);
      },
    },
  },
  '-': {
    type: NumberType,
    resultType: NumberType,
    def: {
      params: [num('num', { allowMarked: true })],
      returnType: () => NumberType,
      impl: ([v]) => {
        if (!v!.isKnown || v!.type.kind !== 'number') return withMarksFrom(unknownVal(NumberType), v);
        return withMarksFrom(numberVal(v!.unmarked().asNumber().neg()), v);
      },
    },
  },
};

/** cty's Value.True(): false for null (a null bool compares unequal to true). */
export function isTrue(v: Value): boolean {
  return v.isKnown && !v.isNull && v.type.kind === 'bool' && v.unmarked().asBool();
}
/** cty's Value.False(): the negation of True(), so also true for null. */
export function isFalse(v: Value): boolean {
  return !isTrue(v);
}
