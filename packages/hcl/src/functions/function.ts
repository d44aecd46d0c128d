// Function definitions, as cty's function.Spec: typed parameters, a return-type function and an implementation.
// The generic call rules (argument conversion, null and unknown handling, error wrapping into the HCL
// diagnostics "Invalid function argument" / "Error in function call") live in functions/call.ts.
import type { CapsuleType, Type } from '../values/types.js';
import type { Value } from '../values/value.js';

export interface Parameter {
  readonly name: string;
  /** Arguments are converted to this type before the call; DynamicPseudoType accepts anything unconverted. */
  readonly type: Type;
  /** Null arguments reach the implementation instead of failing with "argument must not be null". */
  readonly allowNull?: boolean;
  /** Unknown arguments reach the implementation instead of making the result unknown. */
  readonly allowUnknown?: boolean;
  /** Arguments of dynamic type reach the implementation instead of making the result DynamicVal. */
  readonly allowDynamicType?: boolean;
  /** Marked arguments reach the implementation with their marks. */
  readonly allowMarked?: boolean;
}

export interface FunctionDef {
  readonly description?: string;
  readonly params: readonly Parameter[];
  /** Extra arguments, each checked against this parameter. */
  readonly varParam?: Parameter;
  /** Return type for the given (converted) arguments; may throw FunctionArgError / FunctionError. */
  readonly returnType: (args: readonly Value[]) => Type;
  /** The implementation; may throw FunctionArgError / FunctionError. */
  readonly impl: (args: readonly Value[], returnType: Type) => Value;
}

/** An error attributed to one argument: reported as "Invalid function argument". */
export class FunctionArgError extends Error {
  constructor(
    readonly argIndex: number,
    message: string,
  ) {
    super(message);
  }
}

/** Any other failure: reported as "Error in function call". */
export class FunctionError extends Error {}

// ---- custom-decode parameters (hcl ext/customdecode) ---------------------------------------------------------
// A parameter whose type is one of these capsule types receives its argument *expression* instead of a value:
// the evaluator builds a capsule value (see functions/call.ts: expressionClosureVal / typeConstraintVal).
/** `try`/`can`: the argument is an unevaluated expression plus the context to evaluate it in. */
export const ExpressionClosureType: CapsuleType = Object.freeze({ kind: 'capsule', name: 'expression closure' });
/** `convert`'s second argument: a type-constraint expression (`list(string)`), decoded to a Type. */
export const TypeConstraintType: CapsuleType = Object.freeze({ kind: 'capsule', name: 'type constraint' });
