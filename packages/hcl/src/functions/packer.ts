// The function table Packer puts in its evaluation contexts (hcl2template/functions.go): 102 functions plus
// templatefile, which sees all the others. `env` is not part of it; Packer offers it only to variable defaults.
import { StringType } from '../values/types.js';
import { stringVal } from '../values/value.js';
import { collectionFunctions } from './collections.js';
import { canFunction, convertFunction, tryFunction } from './control.js';
import { cryptoFunctions } from './crypto.js';
import { datetimeFunctions, type DatetimeOptions } from './datetime.js';
import { encodingFunctions } from './encoding.js';
import { externalFunctions, type ExternalOptions } from './external.js';
import { basenameFunc, dirnameFunc, filesystemFunctions, makeTemplatefileFunction, pathexpandFunc, type FilesystemOptions } from './filesystem.js';
import { formatFunctions } from './format.js';
import type { FunctionDef } from './function.js';
import { networkFunctions } from './network.js';
import { numericFunctions } from './numeric.js';
import { regexFunctions } from './regex.js';
import { setFunctions } from './sets.js';
import { stringFunctions } from './strings.js';
import { uuidFunctions } from './uuid.js';

export interface PackerFunctionOptions extends FilesystemOptions, DatetimeOptions, ExternalOptions {}

/** Packer's functions for a configuration whose directory (path.root) is `opts.baseDir`. */
export function packerFunctions(opts: PackerFunctionOptions): Map<string, FunctionDef> {
  const funcs = new Map<string, FunctionDef>(
    Object.entries({
      ...numericFunctions,
      ...stringFunctions,
      ...regexFunctions,
      ...formatFunctions,
      ...collectionFunctions,
      ...setFunctions,
      ...encodingFunctions,
      basename: basenameFunc,
      dirname: dirnameFunc,
      pathexpand: pathexpandFunc,
      ...filesystemFunctions(opts),
      ...datetimeFunctions(opts),
      ...cryptoFunctions,
      ...networkFunctions,
      ...uuidFunctions,
      ...externalFunctions(opts),
      can: canFunction,
      convert: convertFunction,
      try: tryFunction,
    }),
  );
  funcs.set('templatefile', makeTemplatefileFunction(opts, () => funcs));
  return funcs;
}

/** env(key): the environment variable's value, "" when unset. Only variable defaults may call it. */
export function makeEnvFunction(env: Readonly<Record<string, string | undefined>> = process.env): FunctionDef {
  return {
    params: [{ name: 'key', type: StringType }],
    returnType: () => StringType,
    impl: ([key]) => stringVal(env[key!.asString()] ?? ''),
  };
}

export const envFunction: FunctionDef = makeEnvFunction();
