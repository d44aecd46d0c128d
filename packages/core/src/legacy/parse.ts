// Parsing a legacy JSON template (packer-plugin-sdk template/parse.go): the JSON text is read as Go reads it
// (json-text.ts: syntax errors with line and column, duplicate fields), the root object is decoded strictly
// (unknown root keys are errors, `_`-keys are comments), then each section is turned into the model of types.ts.
// Every problem is collected, and the result is one error text in Packer's go-multierror layout.
import { parseDurationNanos } from '@tspacker/sdk';
import { readLegacyTemplateJson } from './json-text.js';
import { formatGoFloatF } from '@tspacker/hcl';
import { goJsonValueText, goMultiErrorText } from '@tspacker/sdk';
import { goTypeName, isJsonObject, setOwn } from './go-values.js';
import type {
  JsonObject,
  JsonValue,
  LegacyBuilder,
  LegacyPostProcessor,
  LegacyProvisioner,
  LegacyTemplate,
  LegacyVariable,
} from './types.js';

export type LegacyParseResult = { readonly template: LegacyTemplate } | { readonly error: string };

/** The root keys of rawTemplate; Go matches them case-insensitively, and names untagged ones by field name. */
const ROOT_FIELDS: readonly { readonly key: string; readonly field: string }[] = [
  { key: 'min_packer_version', field: 'min_packer_version' },
  { key: 'description', field: 'Description' },
  { key: 'builders', field: 'builders' },
  { key: 'comments', field: 'Comments' },
  { key: 'push', field: 'Push' },
  { key: 'post-processors', field: 'post-processors' },
  { key: 'provisioners', field: 'Provisioners' },
  { key: 'error-cleanup-provisioner', field: 'error-cleanup-provisioner' },
  { key: 'variables', field: 'Variables' },
  { key: 'sensitive-variables', field: 'sensitive-variables' },
];

/** template.Parse for a template's text; `path` is the absolute path ('' for stdin or an inline template). */
export function parseLegacyTemplate(text: string, path: string): LegacyParseResult {
  const read = readLegacyTemplateJson(text);
  if ('error' in read) return { error: read.error };
  // A `null` document decodes into an empty template (Initialize then says a builder is missing).
  const raw = read.value === null ? (Object.create(null) as JsonObject) : read.value;
  if (!isJsonObject(raw)) {
    // mapstructure decoding a non-map into the rawTemplate struct.
    return { error: `'' expected a map, got '${goKindName(raw)}'` };
  }
  const root = decodeRoot(raw);
  if ('error' in root) return root;
  const result = buildTemplate(root.fields, text, path);
  return result;
}

/** Go's reflect Kind names mapstructure uses in "expected a map, got ..." */
function goKindName(v: JsonValue): string {
  if (v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'object') return 'map';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

interface RootFields {
  minVersion: string;
  description: string;
  builders: JsonValue[];
  postProcessors: JsonValue[];
  provisioners: JsonValue[];
  cleanupProvisioner: JsonValue;
  variables: JsonObject;
  sensitiveVariables: string[];
  comments: Map<string, string>;
}

/** The strict mapstructure decode of the root object into rawTemplate, then the unused-keys check. */
function decodeRoot(raw: JsonObject): { fields: RootFields } | { error: string } {
  const fields: RootFields = {
    minVersion: '',
    description: '',
    builders: [],
    postProcessors: [],
    provisioners: [],
    cleanupProvisioner: null,
    variables: Object.create(null) as JsonObject,
    sensitiveVariables: [],
    comments: new Map(),
  };
  const decodeErrors: string[] = [];
  const unused: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const spec = ROOT_FIELDS.find((f) => f.key.toLowerCase() === key.toLowerCase());
    if (!spec) {
      unused.push(key);
      continue;
    }
    if (value === null) continue;
    const name = spec.field;
    switch (spec.key) {
      case 'min_packer_version':
      case 'description':
        if (typeof value !== 'string') decodeErrors.push(unconvertible(name, 'string', value));
        else if (spec.key === 'description') fields.description = value;
        else fields.minVersion = value;
        break;
      case 'builders':
      case 'post-processors':
      case 'provisioners':
        if (!Array.isArray(value)) decodeErrors.push(`'${name}': source data must be an array or slice, got ${goKindName(value)}`);
        else if (spec.key === 'builders') fields.builders = value;
        else if (spec.key === 'provisioners') fields.provisioners = value;
        else fields.postProcessors = value;
        break;
      case 'sensitive-variables':
        if (!Array.isArray(value)) decodeErrors.push(`'${name}': source data must be an array or slice, got ${goKindName(value)}`);
        else {
          value.forEach((v, i) => {
            if (typeof v === 'string') fields.sensitiveVariables.push(v);
            else if (v === null) fields.sensitiveVariables.push('');
            else decodeErrors.push(unconvertible(`${name}[${i}]`, 'string', v));
          });
        }
        break;
      case 'variables':
        if (!isJsonObject(value)) decodeErrors.push(`'${name}' expected a map, got '${goKindName(value)}'`);
        else fields.variables = value;
        break;
      case 'push':
        if (!isJsonObject(value)) decodeErrors.push(`'${name}' expected a map, got '${goKindName(value)}'`);
        break;
      case 'comments':
        // []map[string]string: rarely written by hand; kept only so that it is not an unknown key.
        if (!Array.isArray(value)) decodeErrors.push(`'${name}': source data must be an array or slice, got ${goKindName(value)}`);
        break;
      case 'error-cleanup-provisioner':
        fields.cleanupProvisioner = value;
        break;
    }
  }
  if (decodeErrors.length > 0) return { error: mapstructureErrorText(decodeErrors) };

  const errors: string[] = [];
  for (const key of [...unused].sort()) {
    if (key.startsWith('_')) {
      const comment = raw[key];
      if (typeof comment !== 'string') return { error: `Failed to cast root level comment value in comment "${key}" to string.` };
      fields.comments.set(key, comment);
      continue;
    }
    errors.push(`Unknown root level key in template: '${key}'`);
  }
  if (errors.length > 0) return { error: goMultiErrorText(errors) };
  return { fields };
}

/** mapstructure's Error(): `N error(s) decoding:\n\n* a\n* b`, sorted. */
export function mapstructureErrorText(errors: readonly string[]): string {
  return `${errors.length} error(s) decoding:\n\n${[...errors].sort().map((e) => `* ${e}`).join('\n')}`;
}

function unconvertible(name: string, want: string, value: JsonValue): string {
  return `'${name}' expected type '${want}', got unconvertible type '${goTypeName(value)}', value: '${goJsonValueText(value)}'`;
}

/** rawTemplate.Template: each section into the model; all errors are collected. */
function buildTemplate(fields: RootFields, text: string, path: string): LegacyParseResult {
  const errors: string[] = [];

  const variables = new Map<string, LegacyVariable>();
  const sensitiveVariables: LegacyVariable[] = [];
  // Go walks the variables map in random order; sorted names make the errors deterministic.
  for (const key of Object.keys(fields.variables).sort()) {
    const raw = fields.variables[key]!;
    if (raw !== null && typeof raw !== 'string') {
      errors.push(`variable ${key}: ${unconvertible('', 'string', raw)}`);
      continue;
    }
    const v: LegacyVariable = { key, default: raw ?? '', required: raw === null };
    for (const name of fields.sensitiveVariables) if (name === key) sensitiveVariables.push(v);
    variables.set(key, v);
  }
  // Document order for everything that lists variables.
  const ordered = new Map<string, LegacyVariable>();
  for (const key of Object.keys(fields.variables)) {
    const v = variables.get(key);
    if (v) ordered.set(key, v);
  }

  const builders = new Map<string, LegacyBuilder>();
  fields.builders.forEach((raw, i) => {
    const decoded = decodeBuilder(raw);
    if ('error' in decoded) {
      errors.push(`builder ${i + 1}: ${decoded.error}`);
      return;
    }
    const b = decoded.builder;
    if (b.type === '') {
      errors.push(`builder ${i + 1}: missing 'type'`);
      return;
    }
    if (builders.has(b.name)) {
      errors.push(`builder ${i + 1}: builder with name '${b.name}' already exists`);
      return;
    }
    builders.set(b.name, b);
  });

  const postProcessors: LegacyPostProcessor[][] = [];
  fields.postProcessors.forEach((raw, i) => {
    const configs = postProcessorConfigs(i, raw);
    if ('errors' in configs) {
      // multierror.Append flattens: each format error is one item of the template's list.
      errors.push(...configs.errors);
      return;
    }
    const chain: LegacyPostProcessor[] = [];
    configs.configs.forEach((c, j) => {
      const decoded = decodePostProcessor(c);
      if ('error' in decoded) {
        errors.push(`post-processor ${i + 1}.${j + 1}: ${decoded.error}`);
        return;
      }
      chain.push(decoded.postProcessor);
    });
    postProcessors.push(chain);
  });

  const provisioners: LegacyProvisioner[] = [];
  fields.provisioners.forEach((raw, i) => {
    const decoded = decodeProvisioner(raw);
    if ('error' in decoded) errors.push(`provisioner ${i + 1}: ${decoded.error}`);
    else provisioners.push(decoded.provisioner);
  });

  let cleanupProvisioner: LegacyProvisioner | undefined;
  if (fields.cleanupProvisioner !== null) {
    const decoded = decodeProvisioner(fields.cleanupProvisioner);
    if ('error' in decoded) errors.push(`On Error Cleanup Provisioner error: ${decoded.error}`);
    else cleanupProvisioner = decoded.provisioner;
  }

  if (errors.length > 0) return { error: goMultiErrorText(errors) };
  return {
    template: {
      path,
      description: fields.description,
      minVersion: fields.minVersion,
      comments: fields.comments,
      variables: ordered,
      sensitiveVariables,
      builders,
      provisioners,
      ...(cleanupProvisioner ? { cleanupProvisioner } : {}),
      postProcessors,
      rawContents: text,
    },
  };
}

/** A copy of an object without some keys; undefined when nothing is left (Go's `Config = nil`). */
function withoutKeys(raw: JsonObject, keys: readonly string[]): JsonObject | undefined {
  const out = Object.create(null) as JsonObject;
  let n = 0;
  for (const [k, v] of Object.entries(raw)) {
    if (keys.includes(k)) continue;
    setOwn(out, k, v);
    n++;
  }
  return n > 0 ? out : undefined;
}

/** A struct field decoded as mapstructure finds it: exact key first, else a case-insensitive match. */
function field(raw: JsonObject, name: string): JsonValue | undefined {
  if (Object.prototype.hasOwnProperty.call(raw, name)) return raw[name];
  const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : raw[key];
}

/** A weakly typed string (WeaklyTypedInput): numbers and bools convert; Go formats floats its own way. */
function weakString(name: string, v: JsonValue | undefined, errors: string[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return formatGoFloatF(v);
  errors.push(unconvertible(name, 'string', v));
  return '';
}

/** A strict string (the post-processor decoder is not weak). */
function strictString(name: string, v: JsonValue | undefined, errors: string[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errors.push(unconvertible(name, 'string', v));
  return '';
}

/** []string, weakly (a lone string becomes a one-element list) or strictly. */
function stringList(name: string, v: JsonValue | undefined, weak: boolean, errors: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    if (weak) return [weakString(`${name}[0]`, v, errors)];
    errors.push(`'${name}': source data must be an array or slice, got ${goKindName(v)}`);
    return [];
  }
  return v.map((e, i) => (weak ? weakString(`${name}[${i}]`, e, errors) : strictString(`${name}[${i}]`, e, errors)));
}

/** time.Duration through StringToTimeDurationHookFunc (strings) or a number of nanoseconds; milliseconds. */
function duration(name: string, v: JsonValue | undefined, errors: string[]): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') {
    try {
      return Number(parseDurationNanos(v)) / 1e6;
    } catch (e) {
      errors.push(`error decoding '${name}': ${(e as Error).message}`);
      return 0;
    }
  }
  if (typeof v === 'number') return Math.trunc(v) / 1e6;
  if (typeof v === 'boolean') return v ? 1e-6 : 0;
  // mapstructure names the target type: time.Duration.
  errors.push(unconvertible(name, 'time.Duration', v));
  return 0;
}

/**
 * The model structs have a `Config` map field without a mapstructure tag: a `config` key is decoded into it (and
 * then kept in the configuration like any other key), so one that is not an object is a decoding error.
 */
function configField(raw: JsonObject, errors: string[]): void {
  const v = field(raw, 'config');
  if (v !== undefined && v !== null && !isJsonObject(v)) errors.push(`'Config' expected a map, got '${goKindName(v)}'`);
}

function decodeBuilder(raw: JsonValue): { builder: LegacyBuilder } | { error: string } {
  // A `null` builder has no type (Packer itself crashes on it).
  if (raw === null) return { builder: { name: '', type: '' } };
  if (!isJsonObject(raw)) return { error: `'' expected a map, got '${goKindName(raw)}'` };
  const errors: string[] = [];
  configField(raw, errors);
  const name = weakString('Name', field(raw, 'name'), errors);
  const type = weakString('Type', field(raw, 'type'), errors);
  if (errors.length > 0) return { error: mapstructureErrorText(errors) };
  const config = withoutKeys(raw, ['name', 'type']);
  return { builder: { name: name || type, type, ...(config ? { config } : {}) } };
}

function decodeProvisioner(raw: JsonValue): { provisioner: LegacyProvisioner } | { error: string } {
  // `null` decodes into an empty provisioner, which has no type.
  if (raw === null) return { error: "Provisioner missing 'type'" };
  if (!isJsonObject(raw)) return { error: `Error decoding provisioner: '' expected a map, got '${goKindName(raw)}'` };
  const errors: string[] = [];
  configField(raw, errors);
  const type = weakString('Type', field(raw, 'type'), errors);
  const only = stringList('Only', field(raw, 'only'), true, errors);
  const except = stringList('Except', field(raw, 'except'), true, errors);
  const pauseBefore = duration('pause_before', field(raw, 'pause_before'), errors);
  const maxRetries = weakString('max_retries', field(raw, 'max_retries'), errors);
  const timeout = duration('timeout', field(raw, 'timeout'), errors);
  const overrideRaw = field(raw, 'override');
  if (overrideRaw !== undefined && overrideRaw !== null && !isJsonObject(overrideRaw)) {
    errors.push(`'Override' expected a map, got '${goKindName(overrideRaw)}'`);
  }
  if (errors.length > 0) return { error: `Error decoding provisioner: ${mapstructureErrorText(errors)}` };
  if (type === '') return { error: "Provisioner missing 'type'" };
  const config = withoutKeys(raw, ['except', 'only', 'override', 'pause_before', 'max_retries', 'type', 'timeout']);
  return {
    provisioner: {
      type,
      only,
      except,
      ...(config ? { config } : {}),
      ...(isJsonObject(overrideRaw) ? { override: overrideRaw } : {}),
      pauseBefore,
      maxRetries,
      timeout,
    },
  };
}

/** parsePostProcessor: a type string, an object, or a sequence of those (a chain). */
function postProcessorConfigs(i: number, raw: JsonValue): { configs: JsonObject[] } | { errors: string[] } {
  const typeOnly = (type: string): JsonObject => {
    const o = Object.create(null) as JsonObject;
    o.type = type;
    return o;
  };
  if (typeof raw === 'string') return { configs: [typeOnly(raw)] };
  if (isJsonObject(raw)) return { configs: [raw] };
  if (!Array.isArray(raw)) return { errors: [`post-processor ${i + 1}: bad format`] };
  const errors: string[] = [];
  const configs: JsonObject[] = [];
  raw.forEach((inner, j) => {
    if (typeof inner === 'string') configs.push(typeOnly(inner));
    else if (isJsonObject(inner)) configs.push(inner);
    else if (Array.isArray(inner)) errors.push(`post-processor ${i + 1}.${j + 1}: sequence not allowed to be nested in a sequence`);
    else errors.push(`post-processor ${i + 1}.${j + 1}: unknown format`);
  });
  if (errors.length > 0) return { errors };
  return { configs };
}

function decodePostProcessor(raw: JsonObject): { postProcessor: LegacyPostProcessor } | { error: string } {
  const errors: string[] = [];
  configField(raw, errors);
  const type = strictString('Type', field(raw, 'type'), errors);
  const name = strictString('Name', field(raw, 'name'), errors);
  const only = stringList('Only', field(raw, 'only'), false, errors);
  const except = stringList('Except', field(raw, 'except'), false, errors);
  const keep = field(raw, 'keep_input_artifact');
  if (keep !== undefined && keep !== null && typeof keep !== 'boolean') errors.push(unconvertible('keep_input_artifact', 'bool', keep));
  if (errors.length > 0) return { error: mapstructureErrorText(errors) };
  if (type === '') return { error: 'type is required' };
  const config = withoutKeys(raw, ['except', 'only', 'keep_input_artifact', 'type', 'name']);
  return {
    postProcessor: {
      name: name || type,
      type,
      only,
      except,
      ...(typeof keep === 'boolean' ? { keepInputArtifact: keep } : {}),
      ...(config ? { config } : {}),
    },
  };
}
