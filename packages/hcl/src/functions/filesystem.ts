// Filesystem functions as Packer registers them: go-cty-funcs' abspath basename dirname file fileexists fileset
// pathexpand, and Packer's own filebase64 and templatefile. file, fileexists, fileset and templatefile resolve
// relative paths against the configuration's base directory (path.root) and expand "~"; abspath and filebase64 work
// relative to the working directory, and filebase64 takes its path literally (no "~").
import * as fs from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import type { EvalContext } from '../eval/context.js';
import { evaluate } from '../eval/evaluate.js';
import type { Expression } from '../model.js';
import { rangeToString, type Range } from '../source.js';
import { variables } from '../static.js';
import { identEnd } from '../syntax/chars.js';
import { parseTemplate } from '../syntax/index.js';
import { BoolType, DynamicPseudoType, StringType, setOf } from '../values/types.js';
import { False, True, DynamicVal, setVal, setValEmpty, stringVal, type Value } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';
import {
  BadPatternError,
  abs,
  base,
  clean,
  dir,
  expandHome,
  fileModeString,
  glob,
  isAbs,
  isNotExist,
  join,
  pathErrorText,
  rel,
  type NodeError,
} from './go-filepath.js';
import { goQuote } from './go-text.js';

export interface FilesystemOptions {
  /** The configuration's directory (Packer's path.root); "" means the working directory. */
  readonly baseDir: string;
  /** The working directory for abspath, filebase64 and relative base directories; default process.cwd(). */
  readonly cwd?: string;
}

const pathParam = [{ name: 'path', type: StringType }];

function stringFn(description: string, f: (s: string) => string): FunctionDef {
  return { description, params: pathParam, returnType: () => StringType, impl: ([a]) => stringVal(f(a!.asString())) };
}

/** Go's errors as plain function errors. */
function wrapError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FunctionError || e instanceof FunctionArgError) throw e;
    throw new FunctionError((e as Error).message);
  }
}

export const basenameFunc = stringFn('Returns the last element of the given path.', base);
export const dirnameFunc = stringFn('Returns all but the last element of the given path.', dir);
export const pathexpandFunc = stringFn("Expands a leading '~' to the current user's home directory.", (p) => wrapError(() => expandHome(p)));

/** The functions whose behaviour depends on the base and working directories. */
export function filesystemFunctions(opts: FilesystemOptions): Record<string, FunctionDef> {
  const cwd = opts.cwd ?? process.cwd();
  /** A path as Go's os package would open it relative to the working directory. */
  const osPath = (p: string): string => (isAbs(p) ? p : join(cwd, p) || cwd);
  /** go-cty-funcs: "~" expanded, relative paths under the base directory, cleaned. */
  const configPath = (p: string): string => {
    let expanded: string;
    try {
      expanded = expandHome(p);
    } catch (e) {
      throw new FunctionError(`failed to expand ~: ${(e as Error).message}`);
    }
    return clean(isAbs(expanded) ? expanded : join(opts.baseDir, expanded));
  };

  const readConfigFile = (p: string): string => {
    const full = configPath(p);
    let src: Buffer;
    try {
      src = fs.readFileSync(osPath(full));
    } catch (e) {
      if (isNotExist(e)) throw new FunctionError(`no file exists at ${full}`);
      throw new FunctionError(`failed to read ${full}`);
    }
    try {
      return utf8Decoder.decode(src);
    } catch {
      throw new FunctionError(
        `contents of ${p} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead`,
      );
    }
  };

  const file: FunctionDef = {
    description: 'Reads the contents of a file at the given path and returns them as a string.',
    params: pathParam,
    returnType: () => StringType,
    impl: ([p]) => stringVal(readConfigFile(p!.asString())),
  };

  const fileexists: FunctionDef = {
    description: 'Determines whether a file exists at a given path.',
    params: pathParam,
    returnType: () => BoolType,
    impl: ([p]) => {
      const full = configPath(p!.asString());
      let st: fs.Stats;
      try {
        st = fs.statSync(osPath(full));
      } catch (e) {
        if (isNotExist(e)) return False;
        throw new FunctionError(`failed to stat ${full}`);
      }
      if (st.isFile()) return True;
      throw new FunctionError(`${full} is not a regular file, but ${goQuote(fileModeString(st))}`);
    },
  };

  const fileset: FunctionDef = {
    description: 'Enumerates a set of regular file names given a path and pattern.',
    params: [
      { name: 'path', type: StringType },
      { name: 'pattern', type: StringType },
    ],
    returnType: () => setOf(StringType),
    impl: ([p, pat]) => {
      let root = p!.asString();
      if (!isAbs(root)) root = join(opts.baseDir, root);
      const pattern = join(root, pat!.asString());
      let matches: string[];
      try {
        matches = glob(pattern, cwd);
      } catch (e) {
        if (e instanceof BadPatternError) throw new FunctionError(`failed to glob pattern (${pattern}): ${e.message}`);
        throw e;
      }
      const out: Value[] = [];
      for (const m of matches) {
        let st: fs.Stats;
        try {
          st = fs.statSync(osPath(m));
        } catch (e) {
          throw new FunctionError(`failed to stat (${m}): ${pathErrorText('stat', m, e as NodeError)}`);
        }
        if (!st.isFile()) continue;
        const r = rel(root, m);
        if (r.error !== undefined) throw new FunctionError(`failed to trim path of match (${m}): ${r.error}`);
        out.push(stringVal(r.value));
      }
      return out.length === 0 ? setValEmpty(StringType) : setVal(out, StringType);
    },
  };

  const abspath: FunctionDef = {
    description: 'Converts a filesystem path to an absolute path.',
    params: pathParam,
    returnType: () => StringType,
    impl: ([p]) => stringVal(abs(p!.asString(), cwd)),
  };

  // Packer's own: the path as given, relative to the working directory, without "~" expansion.
  const filebase64: FunctionDef = {
    params: [{ name: 'path', type: StringType }],
    returnType: () => StringType,
    impl: ([p]) => {
      const path = p!.asString();
      try {
        return stringVal(fs.readFileSync(osPath(path)).toString('base64'));
      } catch (e) {
        const err = e as NodeError;
        throw new FunctionError(`failed to read file ${goQuote(path)}: ${pathErrorText(err.syscall ?? 'open', path, err)}`);
      }
    },
  };

  return { abspath, file, filebase64, fileexists, fileset };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

// ---- templatefile ------------------------------------------------------------------------------------------------

/** hclsyntax.ValidIdentifier. */
function validIdentifier(s: string): boolean {
  return s.length > 0 && identEnd(s, 0) === s.length;
}

/** Go's hcl.Diagnostics.Error() text. */
function diagnosticsError(diags: readonly Diagnostic[]): string {
  const one = (d: Diagnostic) => `${d.subject ? rangeToString(d.subject as Range) : '<nil>'}: ${d.summary}; ${d.detail ?? ''}`;
  if (diags.length === 0) return 'no diagnostics';
  if (diags.length === 1) return one(diags[0]!);
  return `${one(diags[0]!)}, and ${diags.length - 1} other diagnostic(s)`;
}

const hasErrors = (diags: readonly Diagnostic[]) => diags.some((d) => d.severity === 'error');

const templatefileParams = [
  { name: 'path', type: StringType },
  { name: 'vars', type: DynamicPseudoType },
];

/** The stand-in for templatefile inside templates: any call fails. */
const recursiveTemplatefile: FunctionDef = {
  params: templatefileParams,
  returnType: () => {
    throw new FunctionError('cannot recursively call templatefile from inside templatefile call');
  },
  impl: () => DynamicVal,
};

/**
 * templatefile(path, vars): render the file (read like `file`) as an HCL template with only `vars` as variables
 * and every other function of `functions()` available. The callback breaks the cycle with the registry.
 */
export function makeTemplatefileFunction(opts: FilesystemOptions, functions: () => ReadonlyMap<string, FunctionDef>): FunctionDef {
  const { file } = filesystemFunctions(opts);

  const load = (path: string): Expression => {
    const src = file!.impl([stringVal(path)], StringType).asString();
    const { expr, diags } = parseTemplate(src, path, { line: 1, column: 1, byte: 0 });
    if (hasErrors(diags)) throw new FunctionError(diagnosticsError(diags));
    return expr;
  };

  const render = (expr: Expression, vars: Value): Value => {
    const t = vars.type.kind;
    if (t !== 'map' && t !== 'object') throw new FunctionArgError(1, 'invalid vars value: must be a map');
    const varMap = vars.asEntries();
    // Go reports whichever bad name its map iteration meets first; the first in key order is as good.
    for (const name of varMap.keys()) {
      if (!validIdentifier(name)) {
        throw new FunctionArgError(
          1,
          `invalid template variable name ${goQuote(name)}: must start with a letter, followed by zero or more letters, digits, and underscores`,
        );
      }
    }
    for (const traversal of variables(expr)) {
      const root = traversal[0]!;
      const name = root.kind === 'root' ? root.name : '';
      if (!varMap.has(name)) {
        throw new FunctionArgError(1, `vars map does not contain key ${goQuote(name)}, referenced at ${rangeToString(root.range)}`);
      }
    }
    const funcs = new Map(functions());
    funcs.set('templatefile', recursiveTemplatefile);
    const ctx: EvalContext = { variables: varMap, functions: funcs };
    const { value, diags } = evaluate(expr, ctx);
    if (hasErrors(diags)) throw new FunctionError(diagnosticsError(diags));
    return value;
  };

  // The return type needs the rendered value; keep it for the implementation call that follows.
  const rendered = new WeakMap<readonly Value[], Value>();
  return {
    description: 'Renders a template file with the given variables.',
    params: templatefileParams,
    returnType: (args) => {
      const [path, vars] = args;
      if (!path!.isKnown || !vars!.isKnown) return DynamicPseudoType;
      const v = render(load(path!.asString()), vars!);
      rendered.set(args, v);
      return v.type;
    },
    impl: (args) => rendered.get(args) ?? render(load(args[0]!.asString()), args[1]!),
  };
}
