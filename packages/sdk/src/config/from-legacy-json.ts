// From a legacy JSON template's component configuration to the plain object a component receives, the way a Packer
// plugin's config.Decode does it in JSON mode: the raw maps (the component's object, then e.g. a provisioner's
// override) are first rendered as `{{ }}` templates key by key (interpolate.RenderMap: every string is validated,
// `interpolate: false` attributes are not rendered), then decoded one after the other onto the same result with
// mapstructure's weak typing and Packer's decode hooks (a string splits on "," into a list, a string parses as a
// duration or a Trilean). Keys no attribute takes are "unknown configuration key" errors, `type` and `packer_*`
// excepted. Absent attributes get their default or zero value exactly as configFromValue gives them. Problems are
// texts in Packer's wording, never thrown; legacyJsonErrorsText words them as Packer prints them.
import { compareStrings, formatGoFloatF, formatGoFloatG, goQuote } from '@tspacker/hcl';
import { parseDuration } from '../duration.js';
import { goMultiErrorText } from '../prepare-result.js';
import type { AttrSpec, BlockSpec, ConfigOf, ConfigSpec, ValueKind } from './spec.js';
import {
  configErrorsText,
  defaultOrZero,
  mapStrings,
  setKey,
  zeroValue,
  type ConfigFromValueOptions,
  type ConfigFromValueResult,
} from './to-js.js';

/** A raw configuration map as the JSON template holds it (keys as the user spelled them). */
export type LegacyJsonRaw = Readonly<Record<string, unknown>>;

const UNKNOWN_KEY_PREFIX = 'unknown configuration key: ';

/**
 * The configuration object for a component's raw JSON maps, merged in order (later ones win, as mapstructure
 * decodes each onto the same struct). Errors: the first template failure alone (`invalid 'KEY': …` /
 * `render 'KEY': …`, Packer stops there), else the decode errors of the first raw that has any (mapstructure's
 * texts), else one `unknown configuration key: '"KEY"'` per unused key, sorted.
 */
export function configFromLegacyJson<S extends ConfigSpec>(
  spec: S,
  raws: readonly (LegacyJsonRaw | undefined)[],
  options: ConfigFromValueOptions = {},
): ConfigFromValueResult<S> {
  const rendered: Record<string, unknown>[] = [];
  for (const raw of raws) {
    if (raw === undefined) continue;
    const result = renderRaw(spec, raw, options);
    if (typeof result === 'string') return { config: finishStruct(spec, new Map(), '', []) as ConfigOf<S>, errors: [result] };
    rendered.push(result);
  }
  const state: StructState = new Map();
  const unused: string[] = [];
  for (const raw of rendered) {
    const errors: string[] = [];
    decodeStruct(spec, raw, '', state, { errors, unused });
    // config.Decode returns the first raw's failure; unused keys are only looked at after a clean decode.
    if (errors.length > 0) return { config: finishStruct(spec, state, '', []) as ConfigOf<S>, errors };
  }
  const errors = unused
    .filter((key) => key !== 'type' && !key.startsWith('packer_'))
    .sort(compareStrings)
    .map((key) => `${UNKNOWN_KEY_PREFIX}'${goQuote(key)}'`);
  const config = finishStruct(spec, state, '', errors);
  return { config: config as ConfigOf<S>, errors };
}

/**
 * How Packer prints configFromLegacyJson's errors: unknown keys as go-multierror's list
 * (`N errors occurred:\n\t* …\n\n`), everything else as configErrorsText does (template failure, or
 * mapstructure's `N error(s) decoding:` block).
 */
export function legacyJsonErrorsText(errors: readonly string[]): string {
  if (errors.length > 0 && errors.every((e) => e.startsWith(UNKNOWN_KEY_PREFIX))) return goMultiErrorText(errors);
  return configErrorsText(errors);
}

/** The top-level keys of a raw that name a spec entry (any spelling mapstructure accepts), entry by key. */
export function legacyJsonKeyEntries(spec: ConfigSpec, raw: LegacyJsonRaw): Map<string, AttrSpec | BlockSpec> {
  const out = new Map<string, AttrSpec | BlockSpec>();
  for (const [name, entry] of Object.entries(spec)) {
    for (const n of namesOf(name, entry)) {
      const key = matchKey(raw, n);
      if (key !== undefined) out.set(key, entry);
    }
  }
  return out;
}

// ---- templates (interpolate.RenderMap) ----

/** One raw with its strings rendered, or the first template failure's text. Keys are visited in order. */
function renderRaw(spec: ConfigSpec, raw: LegacyJsonRaw, options: ConfigFromValueOptions): Record<string, unknown> | string {
  const entries = legacyJsonKeyEntries(spec, raw);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    let failure: string | undefined;
    const { validate, interpolate } = options;
    if (validate) {
      // Every string is checked, those of `interpolate: false` attributes too.
      mapStrings(value, (text) => {
        if (failure !== undefined || !text.includes('{{')) return text;
        try {
          validate(text);
        } catch (e) {
          failure = `invalid '${key}': ${(e as Error).message} in:\n\n${text}`;
        }
        return text;
      });
      if (failure !== undefined) return failure;
    }
    let rendered = value;
    if (interpolate) {
      const renderText = (text: string): string => {
        if (failure !== undefined || !text.includes('{{')) return text;
        try {
          return interpolate(text);
        } catch (e) {
          failure = `render '${key}': ${(e as Error).message} in:\n\n${text}`;
          return text;
        }
      };
      rendered = renderEntry(entries.get(key), value, renderText);
      if (failure !== undefined) return failure;
    }
    setKey(out, key, rendered);
  }
  return out;
}

/** Renders a value, leaving `interpolate: false` attributes alone, inside blocks too (as configFromValue does). */
function renderEntry(entry: AttrSpec | BlockSpec | undefined, value: unknown, f: (text: string) => string): unknown {
  if (entry === undefined) return mapStrings(value, f);
  if (entry.kind === 'attr') return entry.interpolate === false ? value : mapStrings(value, f);
  const renderObject = (v: unknown): unknown => {
    if (!isPlainObject(v)) return mapStrings(v, f);
    const nested = legacyJsonKeyEntries(entry.spec, v);
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) setKey(out, k, renderEntry(nested.get(k), e, f));
    return out;
  };
  return Array.isArray(value) ? value.map(renderObject) : renderObject(value);
}

// ---- decoding (mapstructure, WeaklyTypedInput, Packer's decode hooks) ----

/** What a field decodes into, as the Go type behind a spec entry. */
type Target =
  | Exclude<ValueKind, { kind: 'list' } | { kind: 'map' }>
  | { readonly kind: 'trilean' }
  | { readonly kind: 'slice'; readonly element: Target }
  | { readonly kind: 'map'; readonly element: Target }
  | { readonly kind: 'struct'; readonly spec: ConfigSpec };

/** Decoded fields of one struct, by spec name; absent: never set (default or zero at the end). */
type StructState = Map<string, unknown>;

/** What a field or element holds before anything set it (Go's zero value, filled in at the end). */
const NOT_SET: unique symbol = Symbol('not set');

/** One raw's decode: mapstructure's errors, and the keys no field took (Metadata.Unused, across raws). */
interface DecodeContext {
  readonly errors: string[];
  readonly unused: string[];
}

function targetOfKind(kind: ValueKind): Target {
  if (kind.kind === 'list') return { kind: 'slice', element: targetOfKind(kind.element) };
  if (kind.kind === 'map') return { kind: 'map', element: targetOfKind(kind.element) };
  return kind;
}

function targetOf(entry: AttrSpec | BlockSpec): Target {
  if (entry.kind === 'block') {
    const struct: Target = { kind: 'struct', spec: entry.spec };
    return entry.nesting === 'single' ? struct : { kind: 'slice', element: struct };
  }
  // config.Trilean: a bool that may be unset.
  if (entry.value.kind === 'bool' && entry.unsetIsUndefined) return { kind: 'trilean' };
  return targetOfKind(entry.value);
}

/** The Go type name mapstructure prints for a target. */
function goTargetType(t: Target): string {
  switch (t.kind) {
    case 'number':
      return 'float64';
    case 'duration':
      return 'time.Duration';
    case 'trilean':
      return 'config.Trilean';
    case 'any':
      return 'interface {}';
    default:
      return t.kind;
  }
}

/** A spec entry's accepted names: its old spellings first, so that the current name wins when both are given. */
function namesOf(name: string, entry: AttrSpec | BlockSpec): string[] {
  return entry.kind === 'attr' ? [...(entry.aliases ?? []), name] : [name];
}

/** The key holding a field: its exact name, else the first key equal to it ignoring case (mapstructure's MatchName). */
function matchKey(data: LegacyJsonRaw, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(data, name)) return name;
  const folded = name.toLowerCase();
  return Object.keys(data).find((k) => k.toLowerCase() === folded);
}

/** decodeStructFromMap onto `state`: fields merge with what earlier raws set; unused keys are recorded. */
function decodeStruct(spec: ConfigSpec, data: LegacyJsonRaw, path: string, state: StructState, ctx: DecodeContext): void {
  const left = new Set(Object.keys(data));
  const before = ctx.errors.length;
  for (const [name, entry] of Object.entries(spec)) {
    const target = targetOf(entry);
    for (const n of namesOf(name, entry)) {
      const key = matchKey(data, n);
      if (key === undefined) continue;
      left.delete(key);
      const fieldPath = path === '' ? n : `${path}.${n}`;
      const decoded = decode(target, data[key], fieldPath, state.has(name) ? state.get(name) : NOT_SET, ctx);
      if (decoded !== NOT_SET) state.set(name, decoded);
    }
  }
  // mapstructure records a struct's unused keys only when the struct decoded cleanly.
  if (ctx.errors.length > before) return;
  for (const key of left) ctx.unused.push(path === '' ? key : `${path}.${key}`);
}

/**
 * Decodes one value onto what the field holds (`existing`, NOT_SET when nothing did yet); the new field value, or
 * `existing` when nothing is set (a JSON null, a failure). Errors are pushed in mapstructure's wording.
 */
function decode(t: Target, input: unknown, path: string, existing: unknown, ctx: DecodeContext): unknown {
  const { errors } = ctx;
  if (input === null || input === undefined) return existing;
  // The decode hooks: StringToSliceHookFunc(","), StringToTimeDurationHookFunc, stringToTrilean.
  if (typeof input === 'string') {
    if (t.kind === 'slice') input = input === '' ? [] : input.split(',');
    else if (t.kind === 'duration') {
      try {
        return parseDuration(input);
      } catch (e) {
        errors.push(`error decoding '${path}': ${(e as Error).message}`);
        return existing;
      }
    } else if (t.kind === 'trilean') {
      if (input === '') return undefined;
      const b = parseGoBool(input);
      if (typeof b === 'string') {
        errors.push(`error decoding '${path}': Error parsing bool from given var: ${b}`);
        return existing;
      }
      return b;
    }
  }
  const fail = (text: string): unknown => {
    errors.push(text);
    return existing;
  };
  const unconvertible = (): unknown =>
    fail(`'${path}' expected type '${goTargetType(t)}', got unconvertible type '${goTypeName(input)}', value: '${goJsonValueText(input)}'`);
  switch (t.kind) {
    case 'string':
      if (typeof input === 'string') return input;
      if (typeof input === 'boolean') return input ? '1' : '0';
      if (typeof input === 'number') return formatGoFloatF(input);
      return unconvertible();
    case 'int':
      if (typeof input === 'number') return Math.trunc(input);
      if (typeof input === 'boolean') return input ? 1 : 0;
      if (typeof input === 'string') {
        const n = parseGoInt(input === '' ? '0' : input);
        return typeof n === 'string' ? fail(`cannot parse '${path}' as int: ${n}`) : n;
      }
      return unconvertible();
    case 'number':
      if (typeof input === 'number') return input;
      if (typeof input === 'boolean') return input ? 1 : 0;
      if (typeof input === 'string') {
        const n = parseGoFloat(input === '' ? '0' : input);
        return typeof n === 'string' ? fail(`cannot parse '${path}' as float: ${n}`) : n;
      }
      return unconvertible();
    case 'bool':
      if (typeof input === 'boolean') return input;
      if (typeof input === 'number') return input !== 0;
      if (typeof input === 'string') {
        const b = parseGoBool(input);
        if (typeof b !== 'string') return b;
        return input === '' ? false : fail(`cannot parse '${path}' as bool: ${b}`);
      }
      return unconvertible();
    case 'duration':
      // A number is nanoseconds (time.Duration is an int64); milliseconds in the configuration.
      if (typeof input === 'number') return Math.trunc(input) / 1_000_000;
      if (typeof input === 'boolean') return input ? 1 / 1_000_000 : 0;
      return unconvertible();
    case 'trilean':
      if (typeof input === 'boolean') return input;
      // A number is the Trilean's own value: 1 true, 2 false, anything else unset.
      if (typeof input === 'number') return Math.trunc(input) === 1 ? true : Math.trunc(input) === 2 ? false : undefined;
      return unconvertible();
    case 'any':
      return input;
    case 'map':
      return decodeMap(t, input, path, existing, ctx);
    case 'slice':
      return decodeSlice(t, input, path, existing, ctx);
    case 'struct': {
      if (!isPlainObject(input)) return fail(`'${path}' expected a map, got '${goKind(input)}'`);
      const state: StructState = existing instanceof Map ? (existing as StructState) : new Map();
      decodeStruct(t.spec, input, path, state, ctx);
      return state;
    }
  }
}

function decodeMap(t: Extract<Target, { kind: 'map' }>, input: unknown, path: string, existing: unknown, ctx: DecodeContext): unknown {
  const { errors } = ctx;
  const current = isPlainObject(existing) ? existing : undefined;
  if (Array.isArray(input)) {
    // Weak: each element is decoded onto the same map, stopping at the first failure.
    if (input.length === 0) return current ?? {};
    let value: unknown = existing;
    for (const [i, e] of input.entries()) {
      const before = errors.length;
      value = decode(t, e, `${path}[${i}]`, value, ctx);
      if (errors.length > before) break;
    }
    return value;
  }
  if (!isPlainObject(input)) {
    errors.push(`'${path}' expected a map, got '${goKind(input)}'`);
    return existing;
  }
  const entries = Object.entries(input);
  if (entries.length === 0) return current ?? {};
  const out: Record<string, unknown> = {};
  if (current) for (const [k, v] of Object.entries(current)) setKey(out, k, v);
  for (const [k, v] of entries) {
    const before = errors.length;
    // A map's elements start from zero each time (mapstructure makes a new element per key).
    const decoded = decode(t.element, v, `${path}[<interface {} Value>]`, NOT_SET, ctx);
    if (errors.length > before) continue;
    setKey(out, k, decoded === NOT_SET ? zeroOf(t.element) : decoded);
  }
  return out;
}

function decodeSlice(t: Extract<Target, { kind: 'slice' }>, input: unknown, path: string, existing: unknown, ctx: DecodeContext): unknown {
  if (!Array.isArray(input)) {
    // Weak: an empty map is an empty list, anything else is lifted into a one-element list.
    if (isPlainObject(input) && Object.keys(input).length === 0) return [];
    input = [input];
  }
  const items = input as unknown[];
  // Decoded onto the list earlier raws set: elements are overwritten in place, never dropped.
  const out: unknown[] = Array.isArray(existing) ? [...(existing as unknown[])] : [];
  for (const [i, e] of items.entries()) {
    out[i] = decode(t.element, e, `${path}[${i}]`, i < out.length ? out[i] : NOT_SET, ctx);
  }
  return out;
}

// ---- the configuration object: defaults and zero values for what no raw set ----

function finishStruct(spec: ConfigSpec, state: StructState, path: string, errors: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(spec)) {
    const fieldPath = path === '' ? name : `${path}.${name}`;
    const set = state.has(name);
    const value = state.get(name);
    if (entry.kind === 'attr') {
      out[name] = set ? finishValue(targetOf(entry), value) : defaultOrZero(entry, fieldPath, errors);
      continue;
    }
    if (entry.nesting === 'single') {
      out[name] = value instanceof Map ? finishStruct(entry.spec, value as StructState, fieldPath, errors) : undefined;
      continue;
    }
    const items = Array.isArray(value) ? (value as unknown[]) : [];
    out[name] = items.map((e, i) =>
      finishStruct(entry.spec, e instanceof Map ? (e as StructState) : new Map(), `${fieldPath}[${i}]`, errors),
    );
  }
  return out;
}

/** A decoded attribute value with holes (elements never set) filled with zero values. */
function finishValue(t: Target, value: unknown): unknown {
  if (value === NOT_SET) return zeroOf(t);
  if (t.kind === 'slice' && Array.isArray(value)) return Array.from(value, (e: unknown) => finishValue(t.element, e));
  if (t.kind === 'map' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(value)) setKey(out, k, finishValue(t.element, e));
    return out;
  }
  return value;
}

function zeroOf(t: Target): unknown {
  switch (t.kind) {
    case 'trilean':
      return undefined;
    case 'slice':
      return [];
    case 'struct':
      return {};
    case 'map':
      return {};
    default:
      return zeroValue(t);
  }
}

// ---- Go's texts for JSON values ----

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map);
}

/** reflect.Kind of a JSON value as encoding/json decodes it into interface{}. */
function goKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/**
 * reflect.Type of a JSON value as a plugin receives it: an object inside the top-level map has come through
 * Packer's msgpack RPC, which makes it a map[interface{}]interface{} (only the top level is re-made by RenderMap).
 */
function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isPlainObject(v)) return 'map[interface {}]interface {}';
  return goKind(v);
}

/** fmt's %v of a value encoding/json decoded: floats as %g, slices `[a b]`, maps `map[k:v]` with sorted keys. */
export function goJsonValueText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatGoFloatG(v);
  if (Array.isArray(v)) return `[${v.map(goJsonValueText).join(' ')}]`;
  const keys = Object.keys(v as object).sort(compareStrings);
  return `map[${keys.map((k) => `${k}:${goJsonValueText((v as Record<string, unknown>)[k])}`).join(' ')}]`;
}

/** strconv.ParseBool, or its error text. */
function parseGoBool(s: string): boolean | string {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`;
}

const INT_FORMS: readonly [RegExp, number, number][] = [
  // [form, base, digits start]: Go's base prefixes (base 0), underscores only between digits.
  [/^0[xX](_?[0-9a-fA-F])+$/, 16, 2],
  [/^0[bB](_?[01])+$/, 2, 2],
  [/^0[oO](_?[0-7])+$/, 8, 2],
  [/^0(_?[0-7])+$/, 8, 1],
  [/^[1-9](_?[0-9])*$/, 10, 0],
  [/^0$/, 10, 0],
];

/** strconv.ParseInt(s, 0, 64), or its error text. */
function parseGoInt(s: string): number | string {
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  const form = INT_FORMS.find(([re]) => re.test(body));
  if (!form) return `strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`;
  const [, base, start] = form;
  const digits = body.slice(start).replaceAll('_', '');
  let value = 0n;
  for (const d of digits) value = value * BigInt(base) + BigInt(parseInt(d, 16));
  if (s.startsWith('-')) value = -value;
  if (value > (1n << 63n) - 1n || value < -(1n << 63n)) return `strconv.ParseInt: parsing ${goQuote(s)}: value out of range`;
  return Number(value);
}

/** strconv.ParseFloat(s, 64) for decimal forms, infinities and NaN, or its error text. */
function parseGoFloat(s: string): number | string {
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  const negative = s.startsWith('-');
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return negative ? -Infinity : Infinity;
  if (lower === 'nan') return NaN;
  const plain = body.replaceAll('_', '');
  const underscoresOk = !/(^|[^0-9])_|_($|[^0-9])/.test(body);
  if (!underscoresOk || !/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain)) {
    return `strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`;
  }
  const value = Number(plain);
  if (!Number.isFinite(value)) return `strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`;
  return negative ? -value : value;
}

