// Libraries that only a few functions need (re2js for the regex functions, yaml for yamldecode, iconv-lite for
// the text encodings, bcryptjs for bcrypt) are loaded on a function's first call, not with the function table:
// most templates never call them, and compiling them cost every CLI start ~40 ms. Functions are synchronous,
// hence require() rather than import(); the CLI bundle leaves these packages out and lists them as dependencies.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** A getter for a library, loading it the first time it is called. */
export function lazyLibrary<T>(name: string): () => T {
  let library: T | undefined;
  return () => (library ??= load(name) as T);
}
