// A JSON template may give a single value where a component's configuration wants a list (`"inline": "echo x"`):
// Packer decodes JSON configurations with mapstructure's weak typing, which turns it into a list of one. HCL2 does
// not (`list of string required`), so the upgrade writes such a value as a one-element list, wherever the
// component's configuration spec declares a list (nested blocks included).
import type { ConfigSpec } from '@tspacker/sdk';
import type { JsonObject, JsonValue } from '../types.js';

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** `config` with the single values of list attributes of `spec` made lists (a copy; `config` is not changed). */
export function listsAsDeclared(config: JsonObject | undefined, spec: ConfigSpec | undefined): JsonObject | undefined {
  if (!config || !spec) return config;
  const out: JsonObject = { ...config };
  for (const [key, value] of Object.entries(config)) {
    const field = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!field) continue;
    if (field.kind === 'attr') {
      const isSingle = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
      if (field.value.kind === 'list' && isSingle) out[key] = [value];
      continue;
    }
    if (isObject(value)) out[key] = listsAsDeclared(value, field.spec)!;
    else if (Array.isArray(value)) out[key] = value.map((e) => (isObject(e) ? listsAsDeclared(e, field.spec)! : e));
  }
  return out;
}
