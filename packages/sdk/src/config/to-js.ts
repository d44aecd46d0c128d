// From a decoded configuration value to the plain object a component receives, the way Packer prepares a plugin's
// configuration: unknown values become placeholders (hcl2shim.WriteUnknownPlaceholderValues: "<unknown>", 0,
// false, empty collections), `{{ }}` strings are rendered (interpolate.RenderMap, which runs before the
// mapstructure decode), durations are parsed (mapstructure's StringToTimeDurationHookFunc), and absent attributes
// get their default or their type's zero value. Problems are collected as texts in Packer's wording, never thrown.
import type { Value } from '@tspacker/hcl';
import { parseDuration } from '../duration.js';
import type { AttrSpec, BlockSpec, ConfigOf, ConfigSpec, ValueKind } from './spec.js';

export interface ConfigFromValueOptions {
  /** Renders a `{{ }}` template (Packer's interpolate.RenderOnce); throws on errors. Without it, strings stay. */
  readonly interpolate?: (text: string) => string;
  /**
   * Checks a template's syntax (Packer's interpolate.Validate); throws on errors. Packer checks every string this
   * way, those of `interpolate: false` attributes too, before rendering.
   */
  readonly validate?: (text: string) => void;
}

export interface ConfigFromValueResult<S extends ConfigSpec> {
  readonly config: ConfigOf<S>;
  /**
   * Packer's texts: `invalid 'KEY': <error> in:\n\n<text>` for templates that do not parse,
   * `render 'KEY': <error> in:\n\n<text>` for templates that fail to render, and
   * `error decoding 'PATH': <error>` for values that do not decode (PATH as mapstructure names it:
   * `ssh_timeout`, `launch_block_device_mappings[0].volume_size`). See configErrorsText.
   */
  readonly errors: string[];
}

/** The text Packer shows for all of a configuration's failures, the mapstructure "N error(s) decoding" block. */
export function configErrorsText(errors: readonly string[]): string {
  // Packer stops at the first template that fails, before decoding anything.
  const template = errors.find(isTemplateError);
  if (template !== undefined) return template;
  const points = errors.map((e) => `* ${e}`).sort();
  return `${errors.length} error(s) decoding:\n\n${points.join('\n')}`;
}

function isTemplateError(error: string): boolean {
  return error.startsWith("invalid '") || error.startsWith("render '");
}

/** The configuration object for a decoded value (decodeConfig's result, of configType(spec)). */
export function configFromValue<S extends ConfigSpec>(spec: S, value: Value, options: ConfigFromValueOptions = {}): ConfigFromValueResult<S> {
  const errors: string[] = [];
  const config = objectFromValue(spec, value, '', undefined, options, errors);
  return { config: config as ConfigOf<S>, errors };
}

/** The attributes of an object value; an unknown object is empty (its placeholder), a null one too. */
function entriesOf(value: Value | undefined): ReadonlyMap<string, Value> {
  if (!value || !value.isKnown || value.isNull) return new Map();
  return value.asEntries();
}

function objectFromValue(
  spec: ConfigSpec,
  value: Value | undefined,
  path: string,
  topKey: string | undefined,
  options: ConfigFromValueOptions,
  errors: string[],
): Record<string, unknown> {
  const entries = entriesOf(value);
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(spec)) {
    const fieldPath = path === '' ? name : `${path}.${name}`;
    const key = topKey ?? name;
    const v = entries.get(name);
    out[name] =
      entry.kind === 'attr'
        ? attrFromValue(entry, v, fieldPath, key, options, errors)
        : blockFromValue(entry, v, fieldPath, key, options, errors);
  }
  return out;
}

function blockFromValue(
  spec: BlockSpec,
  value: Value | undefined,
  path: string,
  topKey: string,
  options: ConfigFromValueOptions,
  errors: string[],
): unknown {
  if (spec.nesting === 'single') {
    // An unknown block value is an empty object to Packer; a null one is no block.
    if (!value || value.isNull) return undefined;
    return objectFromValue(spec.spec, value, path, topKey, options, errors);
  }
  if (!value || !value.isKnown || value.isNull) return [];
  return value.asElements().map((e, i) => objectFromValue(spec.spec, e, `${path}[${i}]`, topKey, options, errors));
}

function attrFromValue(
  spec: AttrSpec,
  value: Value | undefined,
  path: string,
  topKey: string,
  options: ConfigFromValueOptions,
  errors: string[],
): unknown {
  if (!value || value.isNull) return defaultOrZero(spec, path, errors);
  let plain = plainValue(value);
  if (options.validate && !validate(plain, topKey, options.validate, errors)) return decodeKind(spec.value, plain, path, []);
  if (spec.interpolate !== false && options.interpolate) plain = render(plain, topKey, options.interpolate, errors);
  return decodeKind(spec.value, plain, path, errors);
}

export function defaultOrZero(spec: AttrSpec, path: string, errors: string[]): unknown {
  if (spec.unsetIsUndefined) return undefined;
  if (spec.default === undefined) return zeroValue(spec.value);
  return decodeKind(spec.value, structuredClone(spec.default), path, errors);
}

export function zeroValue(kind: ValueKind): unknown {
  switch (kind.kind) {
    case 'string':
      return '';
    case 'number':
    case 'int':
    case 'duration':
      return 0;
    case 'bool':
      return false;
    case 'any':
      return null;
    case 'list':
      return [];
    case 'map':
      return {};
  }
}

/**
 * A value as JSON-like data, unknowns replaced by Packer's placeholders. Numbers become float64 (as the JSON
 * round trip Packer makes does). An unknown of no particular type (Packer would not survive it) is null.
 */
function plainValue(v: Value): unknown {
  const t = v.type;
  if (!v.isKnown) {
    switch (t.kind) {
      case 'string':
        return '<unknown>';
      case 'number':
        return 0;
      case 'bool':
        return false;
      case 'list':
      case 'set':
      case 'tuple':
        return [];
      case 'map':
      case 'object':
        return {};
      default:
        return null;
    }
  }
  if (v.isNull) return null;
  switch (t.kind) {
    case 'string':
      return v.asString();
    case 'number':
      return v.asNumber().toFloat64();
    case 'bool':
      return v.asBool();
    case 'list':
    case 'set':
    case 'tuple':
      return v.asElements().map(plainValue);
    case 'map':
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, e] of v.asEntries()) setKey(out, k, plainValue(e));
      return out;
    }
    default:
      return null;
  }
}

/** Applies `f` to every string (map keys too, as Packer's render walker does), rebuilding the data. */
export function mapStrings(plain: unknown, f: (text: string) => string): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return f(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(v)) setKey(out, f(k), walk(e));
      return out;
    }
    return v;
  };
  return walk(plain);
}

/** Checks every template of a value; false (and an error, the first only) when one does not parse. */
function validate(plain: unknown, topKey: string, check: (text: string) => void, errors: string[]): boolean {
  let failed = false;
  mapStrings(plain, (text) => {
    if (failed || !text.includes('{{')) return text;
    try {
      check(text);
    } catch (e) {
      errors.push(`invalid '${topKey}': ${(e as Error).message} in:\n\n${text}`);
      failed = true;
    }
    return text;
  });
  return !failed;
}

/** Renders every string holding `{{`; a failure is an error and leaves that string as it was. */
function render(plain: unknown, topKey: string, interpolate: (text: string) => string, errors: string[]): unknown {
  return mapStrings(plain, (text) => {
    if (!text.includes('{{')) return text;
    try {
      return interpolate(text);
    } catch (e) {
      errors.push(`render '${topKey}': ${(e as Error).message} in:\n\n${text}`);
      return text;
    }
  });
}

/** The mapstructure step: data of the attribute's kind; nulls inside collections become zero values. */
function decodeKind(kind: ValueKind, plain: unknown, path: string, errors: string[]): unknown {
  if (plain === null || plain === undefined) return zeroValue(kind);
  switch (kind.kind) {
    case 'duration':
      try {
        return parseDuration(String(plain));
      } catch (e) {
        errors.push(`error decoding '${path}': ${(e as Error).message}`);
        return 0;
      }
    case 'int':
      if (typeof plain === 'number' && !Number.isInteger(plain)) {
        errors.push(`error decoding '${path}': value must be a whole number, between -9223372036854775808 and 9223372036854775807`);
        return Math.trunc(plain);
      }
      return plain;
    case 'list':
      return Array.isArray(plain) ? plain.map((e, i) => decodeKind(kind.element, e, `${path}[${i}]`, errors)) : [];
    case 'map': {
      const out: Record<string, unknown> = {};
      if (plain !== null && typeof plain === 'object') {
        for (const [k, e] of Object.entries(plain)) setKey(out, k, decodeKind(kind.element, e, `${path}[${k}]`, errors));
      }
      return out;
    }
    default:
      return plain;
  }
}

/** An own property even for names like `__proto__` (map keys are user data). */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
