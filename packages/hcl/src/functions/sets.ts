// Set functions as Packer registers them (cty stdlib): setintersection, setproduct, setunion.
// Arguments are converted to sets of a unified element type first, so equal-after-conversion values coalesce.
import { convert, ConversionError } from '../values/convert.js';
import { DynamicPseudoType, listOf, setOf, tupleOf, type Type } from '../values/types.js';
import { unifyUnsafe } from '../values/unify.js';
import { canonicalKey, listVal, listValEmpty, setVal, setValEmpty, tupleVal, unknownVal, type Value } from '../values/value.js';
import { lengthKnown } from './collections.js';
import { FunctionArgError, FunctionError, type FunctionDef, type Parameter } from './function.js';

const setParam = (name: string): Parameter => ({ name, type: setOf(DynamicPseudoType), allowDynamicType: true });

function setOperationReturnType(args: readonly Value[]): Type {
  const etys: Type[] = [];
  for (const arg of args) {
    const et = (arg.type as { element: Type }).element;
    // Empty sets of unknown element type convert to anything, so they take no part in unification.
    if (arg.isKnown && arg.length === 0 && et.kind === 'dynamic') continue;
    etys.push(et);
  }
  if (etys.length === 0) return setOf(DynamicPseudoType);
  const et = unifyUnsafe(etys);
  if (et === undefined) throw new FunctionError('given sets must all have compatible element types');
  return setOf(et);
}

function convertArg(v: Value, t: Type, i: number): Value {
  try {
    return convert(v, t);
  } catch (e) {
    if (e instanceof ConversionError) throw new FunctionArgError(i, e.message);
    throw e;
  }
}

type SetOp = (acc: Value[], next: readonly Value[]) => Value[];

function setOperation(description: string, op: SetOp, allowUnknowns: boolean): FunctionDef {
  return {
    description,
    params: [setParam('first_set')],
    varParam: setParam('other_sets'),
    returnType: setOperationReturnType,
    impl: (args, retType) => {
      let acc: Value[] | undefined;
      for (let i = 0; i < args.length; i++) {
        const s = convertArg(args[i]!, retType, i);
        // Unknown elements might later equal others and change the result's size.
        if (!allowUnknowns && !s.isWhollyKnown()) return unknownVal(retType);
        acc = acc === undefined ? [...s.asElements()] : op(acc, s.asElements());
      }
      const et = (retType as { element: Type }).element;
      return acc!.length === 0 ? setValEmpty(et) : setVal(acc!, et);
    },
  };
}

export const setunionFunc = setOperation('Returns the union of all given sets.', (acc, next) => [...acc, ...next], true);

export const setintersectionFunc = setOperation(
  'Returns the intersection of all given sets.',
  (acc, next) => {
    const keys = new Set(next.map(canonicalKey));
    return acc.filter((v) => keys.has(canonicalKey(v)));
  },
  false,
);

export const setproductFunc: FunctionDef = {
  description: 'Calculates the cartesian product of two or more sets.',
  params: [],
  varParam: { name: 'sets', type: DynamicPseudoType, allowUnknown: true },
  returnType: (args) => {
    if (args.length < 2) throw new FunctionError('at least two arguments are required');
    let listCount = 0;
    const etys: Type[] = args.map((arg, i) => {
      const t = arg.type;
      switch (t.kind) {
        case 'set':
          return t.element;
        case 'list':
          listCount++;
          return t.element;
        case 'tuple': {
          listCount++;
          if (t.elements.length === 0) return DynamicPseudoType;
          const et = unifyUnsafe(t.elements);
          if (et === undefined) throw new FunctionArgError(i, 'all elements must be of the same type');
          return et;
        }
        default:
          throw new FunctionArgError(i, 'a set or a list is required');
      }
    });
    const ety = tupleOf(etys);
    return listCount === args.length ? listOf(ety) : setOf(ety);
  },
  impl: (args, retType) => {
    const ety = (retType as { element: Type }).element;
    const empty = () => (retType.kind === 'list' ? listValEmpty(ety) : setValEmpty(ety));
    if (args.some((a) => !a.isKnown || !lengthKnown(a))) {
      // An unknown result, unless the known bounds of every argument force it to be empty.
      let maxLength = 1;
      for (const a of args) {
        const bound = a.type.kind === 'tuple' ? a.type.elements.length : a.isKnown ? a.length : Infinity;
        if (bound > 1024) return unknownVal(retType);
        maxLength *= bound;
        if (maxLength > 2048) return unknownVal(retType);
      }
      return maxLength === 0 ? empty() : unknownVal(retType);
    }
    const lists = args.map((a) => a.asElements());
    if (lists.some((l) => l.length === 0)) return empty();
    const subEtys = (ety as { elements: readonly Type[] }).elements;
    const product: Value[] = [];
    const idx = lists.map(() => 0);
    for (;;) {
      product.push(tupleVal(idx.map((n, j) => convertElement(lists[j]![n]!, subEtys[j]!, j, n))));
      // Advance like an odometer: the last argument varies fastest.
      let j = idx.length - 1;
      for (; j >= 0; j--) {
        idx[j]!++;
        if (idx[j]! < lists[j]!.length) break;
        idx[j] = 0;
      }
      if (j < 0) break;
    }
    return retType.kind === 'list' ? listVal(product, ety) : setVal(product, ety);
  },
};

function convertElement(v: Value, t: Type, j: number, n: number): Value {
  try {
    return convert(v, t);
  } catch (e) {
    if (e instanceof ConversionError) throw new FunctionError(`failed to convert argVals[${j}][${n}] to ${t.kind}; this is a bug in cty`);
    throw e;
  }
}

export const setFunctions: Record<string, FunctionDef> = {
  setintersection: setintersectionFunc,
  setproduct: setproductFunc,
  setunion: setunionFunc,
};
