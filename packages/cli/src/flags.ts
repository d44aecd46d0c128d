// Command-line flags with the semantics of Go's `flag` package, which Packer's commands use: `-name` and
// `--name` are the same flag; booleans are set by `-x` or `-x=false` (never by a following argument); other flags
// take `-x=v` or `-x v`; parsing stops at the first non-flag argument, at `-` and after `--`; an unknown flag or
// a bad value is an error. General-purpose parsers (yargs-parser included) differ on each of these points.

import type { Ui } from './ui.js';

export type FlagKind =
  | { readonly type: 'bool'; readonly default: boolean }
  | { readonly type: 'string'; readonly default: string }
  /** Repeatable `key=value` (Packer's kvflag.Flag: later keys win). */
  | { readonly type: 'kv' }
  /** Repeatable, each value appended (kvflag.StringSlice). */
  | { readonly type: 'list' }
  /** Repeatable, each value split on commas (sliceflag.StringFlag). */
  | { readonly type: 'csv' }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly default: string };

export type FlagSpec = Readonly<Record<string, FlagKind>>;

export interface ParsedFlags {
  readonly bools: Map<string, boolean>;
  readonly strings: Map<string, string>;
  readonly kvs: Map<string, Map<string, string>>;
  readonly lists: Map<string, string[]>;
  /** Flags the user actually gave. */
  readonly given: Set<string>;
  /** The arguments after the flags. */
  readonly args: string[];
}

export type FlagResult = { ok: true; flags: ParsedFlags } | { ok: false; error: string };

/** strconv.ParseBool. */
function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** flag.FlagSet.Parse. Errors carry Go's messages ("flag provided but not defined: -x"). */
export function parseFlags(spec: FlagSpec, argv: readonly string[]): FlagResult {
  const flags: ParsedFlags = { bools: new Map(), strings: new Map(), kvs: new Map(), lists: new Map(), given: new Set(), args: [] };
  for (const [name, kind] of Object.entries(spec)) {
    if (kind.type === 'bool') flags.bools.set(name, kind.default);
    else if (kind.type === 'string' || kind.type === 'enum') flags.strings.set(name, kind.default);
    else if (kind.type === 'kv') flags.kvs.set(name, new Map());
    else flags.lists.set(name, []);
  }
  let i = 0;
  while (i < argv.length) {
    const s = argv[i]!;
    if (s.length < 2 || s[0] !== '-') break;
    let minuses = 1;
    if (s[1] === '-') {
      minuses = 2;
      if (s.length === 2) {
        i++;
        break;
      }
    }
    let name = s.slice(minuses);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') return { ok: false, error: `bad flag syntax: ${s}` };
    i++;
    let value: string | undefined;
    const eq = name.indexOf('=', 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) return { ok: false, error: `flag provided but not defined: -${name}` };
    flags.given.add(name);
    if (kind.type === 'bool') {
      if (value === undefined) flags.bools.set(name, true);
      else {
        const b = parseBool(value);
        if (b === undefined) return { ok: false, error: `invalid boolean value ${goQuoteAscii(value)} for -${name}: parse error` };
        flags.bools.set(name, b);
      }
      continue;
    }
    if (value === undefined) {
      if (i >= argv.length) return { ok: false, error: `flag needs an argument: -${name}` };
      value = argv[i++]!;
    }
    switch (kind.type) {
      case 'string':
        flags.strings.set(name, value);
        break;
      case 'enum':
        if (!kind.values.includes(value)) {
          return { ok: false, error: `invalid value ${goQuoteAscii(value)} for flag -${name}: ${value} does not belong to configType values` };
        }
        flags.strings.set(name, value);
        break;
      case 'kv': {
        const at = value.indexOf('=');
        if (at < 0) return { ok: false, error: `invalid value ${goQuoteAscii(value)} for flag -${name}: No '=' value in arg: ${value}` };
        flags.kvs.get(name)!.set(value.slice(0, at), value.slice(at + 1));
        break;
      }
      case 'list':
        flags.lists.get(name)!.push(value);
        break;
      case 'csv':
        flags.lists.get(name)!.push(...value.split(','));
        break;
    }
  }
  flags.args.push(...argv.slice(i));
  return { ok: true, flags };
}

/** A command's flags; on a bad one, Go's flag error and the command's help are shown (the command exits 1). */
export function parseCommandFlags(spec: FlagSpec, argv: readonly string[], ui: Ui, help: string): ParsedFlags | undefined {
  const parsed = parseFlags(spec, argv);
  if (parsed.ok) return parsed.flags;
  ui.error(parsed.error);
  ui.say(help);
  return undefined;
}

/** Go's %q, enough for flag values in error messages. */
function goQuoteAscii(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** The flags every Packer command built on MetaArgs accepts (only, except, var, var-file, config-type). */
export const metaFlags = {
  only: { type: 'csv' },
  except: { type: 'csv' },
  var: { type: 'kv' },
  'var-file': { type: 'list' },
  'config-type': { type: 'enum', values: ['json', 'hcl2'], default: 'json' },
} as const satisfies FlagSpec;

const off = { type: 'bool', default: false } as const;

/**
 * `validate` (ValidateArgs). `-machine-readable`, listed in its help, is taken out of the arguments by main before
 * any command runs, as Packer's main does; `-ignore-prerelease-plugins` is accepted and has nothing to act on.
 */
export const validateFlags = {
  'syntax-only': off,
  'no-warn-undeclared-var': off,
  'evaluate-datasources': off,
  'ignore-prerelease-plugins': off,
  'use-sequential-evaluation': off,
  ...metaFlags,
} as const satisfies FlagSpec;

/** `inspect` (InspectArgs) and `console` (ConsoleArgs): the shared flags and -use-sequential-evaluation. */
export const inspectFlags = {
  'use-sequential-evaluation': off,
  ...metaFlags,
} as const satisfies FlagSpec;

export const consoleFlags = inspectFlags;

/**
 * `build` (BuildArgs). `-on-error` (an enumflag) and `-parallel-builds` (int64) are read as strings and checked by
 * the command with Go's messages; `-machine-readable` is taken out by main; `-ignore-prerelease-plugins` and
 * `-skip-enforcement` are accepted and have nothing to act on.
 */
export const buildFlags = {
  color: { type: 'bool', default: true },
  debug: off,
  force: off,
  'timestamp-ui': off,
  'parallel-builds': { type: 'string', default: '0' },
  'on-error': { type: 'string', default: '' },
  'warn-on-undeclared-var': off,
  'use-sequential-evaluation': off,
  'ignore-prerelease-plugins': off,
  'skip-enforcement': off,
  ...metaFlags,
} as const satisfies FlagSpec;

/** What the shared flags say about loading a template: Packer's MetaArgs. */
export interface MetaArgs {
  readonly only: readonly string[];
  readonly except: readonly string[];
  /** `-var` values; a name given twice keeps its last value (kvflag.Flag is a map). */
  readonly vars: readonly (readonly [name: string, value: string])[];
  readonly varFiles: readonly string[];
  readonly useSequentialEvaluation: boolean;
}

export function metaArgs(flags: ParsedFlags): MetaArgs {
  return {
    only: flags.lists.get('only') ?? [],
    except: flags.lists.get('except') ?? [],
    vars: [...(flags.kvs.get('var') ?? new Map<string, string>())],
    varFiles: flags.lists.get('var-file') ?? [],
    useSequentialEvaluation: flags.bools.get('use-sequential-evaluation') ?? false,
  };
}
