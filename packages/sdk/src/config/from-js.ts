// From a plain object back to an HCL value of configType(spec) (Packer's hcl2helper.HCL2ValueFromConfig): how a
// data source's result becomes `data.TYPE.NAME`. Components return plain data and never build HCL values.
import {
  boolVal,
  convert,
  listVal,
  mapVal,
  nullVal,
  numberFloatVal,
  objectVal,
  stringVal,
  tupleVal,
  DynamicPseudoType,
  type Value,
} from '@tspacker/hcl';
import { formatDuration } from '../duration.js';
import { configType, valueKindType } from './decode.js';
import type { ConfigSpec, ValueKind } from './spec.js';

/** The value of configType(spec) for a configuration object; absent entries are null (empty for collections). */
export function valueFromConfig(spec: ConfigSpec, config: Readonly<Record<string, unknown>>): Value {
  const entries: [string, Value][] = [];
  for (const [name, entry] of Object.entries(spec)) {
    const v = config[name];
    if (entry.kind === 'attr') {
      entries.push([name, v === undefined || v === null ? emptyOfKind(entry.value) : valueOfKind(entry.value, v)]);
    } else if (entry.nesting === 'single') {
      entries.push([name, v ? valueFromConfig(entry.spec, v as Record<string, unknown>) : nullVal(configType(entry.spec))]);
    } else {
      const items = (v as Record<string, unknown>[] | undefined) ?? [];
      entries.push([name, listVal(items.map((e) => valueFromConfig(entry.spec, e)), configType(entry.spec))]);
    }
  }
  return convert(objectVal(entries), configType(spec));
}

/** Collections are empty rather than null, as a Go zero-valued slice or map comes back. */
function emptyOfKind(kind: ValueKind): Value {
  if (kind.kind === 'list') return listVal([], valueKindType(kind.element));
  if (kind.kind === 'map') return mapVal([], valueKindType(kind.element));
  return nullVal(valueKindType(kind));
}

function valueOfKind(kind: ValueKind, v: unknown): Value {
  switch (kind.kind) {
    case 'string':
      return stringVal(String(v));
    case 'duration':
      return stringVal(formatDuration(Number(v)));
    case 'number':
    case 'int':
      return numberFloatVal(Number(v));
    case 'bool':
      return boolVal(Boolean(v));
    case 'any':
      return valueOfJson(v);
    case 'list':
      return listVal((v as unknown[]).map((e) => valueOfKind(kind.element, e)), valueKindType(kind.element));
    case 'map':
      return mapVal(
        Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, valueOfKind(kind.element, e)] as [string, Value]),
        valueKindType(kind.element),
      );
  }
}

/** JSON-like data as the value `jsondecode` would give for it (arrays are tuples, objects are objects). */
function valueOfJson(v: unknown): Value {
  if (v === null || v === undefined) return nullVal(DynamicPseudoType);
  if (typeof v === 'string') return stringVal(v);
  if (typeof v === 'number') return numberFloatVal(v);
  if (typeof v === 'boolean') return boolVal(v);
  if (Array.isArray(v)) return tupleVal(v.map(valueOfJson));
  return objectVal(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, valueOfJson(e)] as [string, Value]));
}
