// Compact notations for value tests: T('list(object({a=string,b=optional(number)}))') builds a type and
// V('tolist(["a", 1])') a value, from a small literal language of their own (independent of the HCL parser):
//   numbers, "strings", true/false, [tuple], {key = value}, null, null(T), unknown(T), dynamic (= DynamicVal),
//   tolist(...)/toset(...)/tomap(...) with an optional element type: tolist([], string).
// show(v) renders a value with its types, for exact comparisons.
import { BigFloat } from '../../src/values/number.js';
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  typeString,
  type Type,
} from '../../src/values/types.js';
import {
  DynamicVal,
  False,
  True,
  Value,
  listVal,
  listValEmpty,
  mapVal,
  mapValEmpty,
  nullVal,
  numberVal,
  objectVal,
  setVal,
  setValEmpty,
  stringVal,
  tupleVal,
  unknownVal,
} from '../../src/values/value.js';

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }
  eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  expect(tok: string): void {
    if (!this.eat(tok)) throw new Error(`expected ${tok} at ${this.i} in ${this.s}`);
  }
  ident(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`expected a name at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }
  end(): void {
    this.ws();
    if (this.i !== this.s.length) throw new Error(`trailing text at ${this.i} in ${this.s}`);
  }
}

function readType(r: Reader): Type {
  const name = r.ident();
  switch (name) {
    case 'string':
      return StringType;
    case 'number':
      return NumberType;
    case 'bool':
      return BoolType;
    case 'any':
      return DynamicPseudoType;
    case 'list':
    case 'set':
    case 'map': {
      r.expect('(');
      const e = readType(r);
      r.expect(')');
      return name === 'list' ? listOf(e) : name === 'set' ? setOf(e) : mapOf(e);
    }
    case 'tuple': {
      r.expect('(');
      r.expect('[');
      const es: Type[] = [];
      while (!r.eat(']')) {
        es.push(readType(r));
        r.eat(',');
      }
      r.expect(')');
      return tupleOf(es);
    }
    case 'object': {
      r.expect('(');
      r.expect('{');
      const attrs: [string, Type][] = [];
      const optional: string[] = [];
      while (!r.eat('}')) {
        const k = r.ident();
        r.expect('=');
        if (r.eat('optional(')) {
          attrs.push([k, readType(r)]);
          r.expect(')');
          optional.push(k);
        } else attrs.push([k, readType(r)]);
        r.eat(',');
      }
      r.expect(')');
      return objectOf(attrs, optional);
    }
  }
  throw new Error(`unknown type ${name}`);
}

export function T(src: string): Type {
  const r = new Reader(src);
  const t = readType(r);
  r.end();
  return t;
}

function readString(r: Reader): string {
  r.ws();
  const m = /^"(?:[^"\\]|\\.)*"/.exec(r.s.slice(r.i));
  if (!m) throw new Error(`bad string at ${r.i}`);
  r.i += m[0].length;
  return JSON.parse(m[0]) as string;
}

function readValue(r: Reader): Value {
  const c = r.peek();
  if (c === '"') return stringVal(readString(r));
  if (c === '[') {
    r.expect('[');
    const es: Value[] = [];
    while (!r.eat(']')) {
      es.push(readValue(r));
      r.eat(',');
    }
    return tupleVal(es);
  }
  if (c === '{') {
    r.expect('{');
    const attrs: [string, Value][] = [];
    while (!r.eat('}')) {
      const k = r.peek() === '"' ? readString(r) : r.ident();
      r.expect('=');
      attrs.push([k, readValue(r)]);
      r.eat(',');
    }
    return objectVal(attrs);
  }
  if (/[-+0-9.]/.test(c)) {
    const m = /^[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?/.exec(r.s.slice(r.i))!;
    r.i += m[0].length;
    return numberVal(BigFloat.parse(m[0])!);
  }
  const name = r.ident();
  switch (name) {
    case 'true':
      return True;
    case 'false':
      return False;
    case 'dynamic':
      return DynamicVal;
    case 'null':
    case 'unknown': {
      if (!r.eat('(')) return name === 'null' ? nullVal(DynamicPseudoType) : DynamicVal;
      const t = readType(r);
      r.expect(')');
      return name === 'null' ? nullVal(t) : unknownVal(t);
    }
    case 'tolist':
    case 'toset':
    case 'tomap': {
      r.expect('(');
      const inner = readValue(r);
      let et: Type | undefined;
      if (r.eat(',')) et = readType(r);
      r.expect(')');
      if (name === 'tomap') {
        const entries = [...inner.asEntries()];
        if (entries.length === 0) return mapValEmpty(et ?? DynamicPseudoType);
        return mapVal(entries, et);
      }
      const es = inner.asElements();
      if (es.length === 0) return name === 'tolist' ? listValEmpty(et ?? DynamicPseudoType) : setValEmpty(et ?? DynamicPseudoType);
      return name === 'tolist' ? listVal(es, et) : setVal(es, et);
    }
  }
  throw new Error(`unknown value syntax ${name}`);
}

export function V(src: string): Value {
  const r = new Reader(src);
  const v = readValue(r);
  r.end();
  return v;
}

/** A typed rendering: every collection shows its type, so equal renderings mean equal values and types. */
export function show(v: Value): string {
  const marks = v.marks && v.marks.size > 0 ? `marked(${[...v.marks].sort().join(',')})` : '';
  return marks + showInner(v);
}
function showInner(v: Value): string {
  if (!v.isKnown) return `unknown(${typeString(v.type)})`;
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
    case 'set':
      return `${typeString(v.type)}[${v.asElements().map(show).join(', ')}]`;
    case 'map':
      return `${typeString(v.type)}{${[...v.asEntries()].map(([k, e]) => `${JSON.stringify(k)}: ${show(e)}`).join(', ')}}`;
    case 'object':
      return `{${[...v.asEntries()].map(([k, e]) => `${k}: ${show(e)}`).join(', ')}}`;
    default:
      return `<${v.type.kind}>`;
  }
}
