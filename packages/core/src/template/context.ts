// The evaluation contexts of a template (PackerConfig.EvalContext): which names an expression can use depends
// on where it is. `var`, `local`, `path`, `packer`, and the function table are always there; `data` everywhere
// but the console; `source.*` is unknown except in a source body; `build` is unknown except where a build's
// provisioners and post-processors are decoded.
import {
  EmptyObjectType,
  mapVal,
  objectVal,
  packerFunctions,
  StringType,
  stringVal,
  unknownVal,
  type EvalContext,
  type FunctionDef,
  type Value,
} from '@tspacker/hcl';
import type { PackerConfig } from './types.js';
import { variablesObject } from './variables.js';

/**
 * - `variables`: the console's context (Packer's NilContext): no `data`.
 * - `locals`: locals, data source bodies, build name/description/sources, dynamic blocks.
 * - `build`: build-level blocks; with `buildName`, `build.name` is known (provisioners, post-processors).
 * - `source`: a source body; `source.type`/`source.name` from `sourceType`/`sourceName`.
 */
export type ContextScope = 'variables' | 'locals' | 'build' | 'source';

export interface ContextExtra {
  readonly sourceType?: string;
  readonly sourceName?: string;
  readonly buildName?: string;
  /** Top-level names that replace the defaults (Packer's `variables` argument), e.g. a build's `build.*`. */
  readonly variables?: ReadonlyMap<string, Value>;
}

const functionTables = new WeakMap<PackerConfig, Map<string, FunctionDef>>();

/** Packer's function table for a template: file functions resolve against `path.root`. */
export function templateFunctions(config: PackerConfig): Map<string, FunctionDef> {
  let fns = functionTables.get(config);
  if (!fns) {
    // The registry gains plugins' lookups after the template loads: read them when a function is called.
    const registry = config.options.components;
    const secrets = {
      get awsSecretString() {
        return registry.secrets?.awsSecretString;
      },
      get consulGet() {
        return registry.secrets?.consulGet;
      },
      get vaultRead() {
        return registry.secrets?.vaultRead;
      },
    };
    fns = packerFunctions({ baseDir: config.basedir, cwd: config.cwd, secrets, env: config.options.env });
    functionTables.set(config, fns);
  }
  return fns;
}

/** The `data` object: `data.TYPE.NAME` for every data source evaluated so far (one map per type). */
export function datasourcesObject(config: PackerConfig): Value {
  const byType = new Map<string, Map<string, Value>>();
  for (const ds of config.datasources.values()) {
    if (ds.value === undefined) continue;
    let inner = byType.get(ds.type);
    if (!inner) byType.set(ds.type, (inner = new Map()));
    inner.set(ds.name, ds.value);
  }
  const entries: [string, Value][] = [];
  for (const [type, inner] of byType) {
    let v: Value;
    try {
      v = mapVal(inner);
    } catch {
      // Values of one data source type share its output type; mixed known/unknown shapes fall back to an object.
      v = objectVal(inner);
    }
    entries.push([type, v]);
  }
  return objectVal(entries);
}

/** PackerConfig.EvalContext for one place of a template. */
export function evalContext(config: PackerConfig, scope: ContextScope, extra: ContextExtra = {}): EvalContext {
  const source =
    scope === 'source' && extra.sourceType !== undefined
      ? objectVal({ type: stringVal(extra.sourceType), name: stringVal(extra.sourceName ?? '') })
      : objectVal({ type: unknownVal(StringType), name: unknownVal(StringType) });
  const build = extra.buildName !== undefined ? objectVal({ name: stringVal(extra.buildName) }) : unknownVal(EmptyObjectType);
  const variables = new Map<string, Value>([
    ['var', variablesObject(config.inputVariables)],
    ['local', variablesObject(config.localVariables)],
    ['source', source],
    ['build', build],
    [
      'path',
      objectVal({
        cwd: stringVal(config.cwd.replaceAll('\\', '/')),
        root: stringVal(config.basedir.replaceAll('\\', '/')),
      }),
    ],
    [
      'packer',
      objectVal({
        version: stringVal(config.coreVersion),
        iterationID: unknownVal(StringType),
        versionFingerprint: unknownVal(StringType),
      }),
    ],
  ]);
  if (scope !== 'variables') variables.set('data', datasourcesObject(config));
  for (const [k, v] of extra.variables ?? []) variables.set(k, v);
  return { variables, functions: templateFunctions(config) };
}
