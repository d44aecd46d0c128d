// Go's path/filepath (Unix flavour), os error texts and FileMode strings, mitchellh/go-homedir's Expand and
// bmatcuk/doublestar v1's Glob, as the filesystem functions of go-cty-funcs see them. Paths are plain strings with
// "/" separators; relative paths are resolved against an explicit working directory, never process state.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { compareStrings } from '../values/types.js';

// ---- path/filepath -------------------------------------------------------------------------------------------

export function isAbs(p: string): boolean {
  return p.startsWith('/');
}

/** filepath.Clean: the shortest equivalent path by purely lexical processing. */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

/** filepath.Join: empty elements are ignored; the result is cleaned; all empty gives "". */
export function join(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  return parts.length === 0 ? '' : clean(parts.join('/'));
}

/** filepath.Base: the last element; "" gives ".", all slashes give "/". */
export function base(p: string): string {
  if (p === '') return '.';
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  if (end === 0) return '/';
  const trimmed = p.slice(0, end);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** filepath.Dir: all but the last element, cleaned. */
export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

/** filepath.Abs against the given working directory. */
export function abs(p: string, cwd: string): string {
  return isAbs(p) ? clean(p) : join(cwd, p);
}

/** filepath.Rel, or the Go error text. */
export function rel(basepath: string, targpath: string): { value: string; error?: undefined } | { value?: undefined; error: string } {
  let b = clean(basepath);
  const t = clean(targpath);
  if (t === b) return { value: '.' };
  if (b === '.') b = '';
  const cannot = { error: `Rel: can't make ${targpath} relative to ${basepath}` };
  if ((b[0] === '/') !== (t[0] === '/')) return cannot;
  const bl = b.length;
  const tl = t.length;
  let b0 = 0;
  let bi = 0;
  let t0 = 0;
  let ti = 0;
  for (;;) {
    while (bi < bl && b[bi] !== '/') bi++;
    while (ti < tl && t[ti] !== '/') ti++;
    if (t.slice(t0, ti) !== b.slice(b0, bi)) break;
    if (bi < bl) bi++;
    if (ti < tl) ti++;
    b0 = bi;
    t0 = ti;
  }
  if (b.slice(b0, bi) === '..') return cannot;
  if (b0 !== bl) {
    // Base elements remain: go up once per remaining element before going down.
    const seps = b.slice(b0, bl).split('/').length - 1;
    let out = '..' + '/..'.repeat(seps);
    if (t0 !== tl) out += '/' + t.slice(t0);
    return { value: out };
  }
  return { value: t.slice(t0) };
}

// ---- go-homedir --------------------------------------------------------------------------------------------------

/** homedir.Dir: $HOME, else the password database. */
export function homeDir(): string {
  const h = process.env['HOME'];
  if (h) return h;
  const d = os.userInfo().homedir;
  if (!d) throw new Error('blank output when reading home directory');
  return d;
}

/** homedir.Expand: a leading "~" (alone or followed by a separator) becomes the home directory. */
export function expandHome(p: string): string {
  if (p === '' || p[0] !== '~') return p;
  if (p.length > 1 && p[1] !== '/' && p[1] !== '\\') throw new Error('cannot expand user-specific home dir');
  return join(homeDir(), p.slice(1));
}

// ---- os errors -----------------------------------------------------------------------------------------------------

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  EBUSY: 'device or resource busy',
  EINVAL: 'invalid argument',
  EAGAIN: 'resource temporarily unavailable',
  EROFS: 'read-only file system',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  // Node refuses a name with a NUL byte before asking the OS; Go gets EINVAL.
  ERR_INVALID_ARG_VALUE: 'invalid argument',
};

export interface NodeError extends Error {
  code?: string;
  syscall?: string;
}

/** The text of Go's syscall.Errno for a Node error. */
export function errnoText(e: NodeError): string {
  return (e.code && ERRNO_TEXT[e.code]) ?? e.message;
}

/** Go's *fs.PathError text: "<op> <path>: <errno text>". */
export function pathErrorText(op: string, path: string, e: unknown): string {
  return `${op} ${path}: ${errnoText(e as NodeError)}`;
}

export function isNotExist(e: unknown): boolean {
  return (e as NodeError).code === 'ENOENT';
}

/** Go's fs.FileMode.String() for a stat result (type letters "dalTLDpSugct?", then rwxrwxrwx). */
export function fileModeString(st: fs.Stats): string {
  const m = st.mode;
  const fmt = m & 0o170000;
  const letters = new Set<string>();
  if (fmt === 0o040000) letters.add('d');
  if (fmt === 0o120000) letters.add('L');
  if (fmt === 0o060000 || fmt === 0o020000) letters.add('D');
  if (fmt === 0o010000) letters.add('p');
  if (fmt === 0o140000) letters.add('S');
  if (m & 0o4000) letters.add('u');
  if (m & 0o2000) letters.add('g');
  if (fmt === 0o020000) letters.add('c');
  if (m & 0o1000) letters.add('t');
  let out = '';
  for (const c of 'dalTLDpSugct?') if (letters.has(c)) out += c;
  if (out === '') out = '-';
  const rwx = 'rwxrwxrwx';
  for (let i = 0; i < 9; i++) out += m & (1 << (8 - i)) ? rwx[i] : '-';
  return out;
}

// ---- doublestar v1 Glob --------------------------------------------------------------------------------------------

/** path.ErrBadPattern. */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

function runeAt(s: string, i: number): { r: string; n: number } {
  if (i >= s.length) return { r: '', n: 0 };
  const cp = s.codePointAt(i)!;
  const n = cp > 0xffff ? 2 : 1;
  return { r: s.slice(i, i + n), n };
}

/** First index of `r`, skipping occurrences preceded by a backslash. */
function indexWithEscaping(s: string, r: string): number {
  const end = s.indexOf(r);
  if (end === -1) return -1;
  if (end > 0 && s[end - 1] === '\\') {
    const start = end + r.length;
    const next = indexWithEscaping(s.slice(start), r);
    return next === -1 ? -1 : next + start;
  }
  return end;
}

function lastIndexWithEscaping(s: string, r: string): number {
  const end = s.lastIndexOf(r);
  if (end === -1) return -1;
  if (end > 0 && s[end - 1] === '\\') return lastIndexWithEscaping(s.slice(0, end - 1), r);
  return end;
}

function indexAnyWithEscaping(s: string, chars: string): number {
  let end = -1;
  for (let i = 0; i < s.length; i++) {
    if (chars.includes(s[i]!)) {
      end = i;
      break;
    }
  }
  if (end === -1) return -1;
  if (end > 0 && s[end - 1] === '\\') {
    const start = end + runeAt(s, end).n;
    const next = indexAnyWithEscaping(s.slice(start), chars);
    return next === -1 ? -1 : next + start;
  }
  return end;
}

/** Split "{a,b}rest" (given after the "{") into its alternatives; idx is just past the closing brace, or -1. */
function splitAlternatives(s: string): { options: string[]; idx: number } {
  const options: string[] = [];
  let idx = 0;
  let braces = 1;
  let esc = false;
  let start = 0;
  while (braces > 0) {
    if (idx >= s.length) return { options: [], idx: -1 };
    const { r, n } = runeAt(s, idx);
    if (esc) esc = false;
    else if (r === '\\') esc = true;
    else if (r === '{') braces++;
    else if (r === '}') braces--;
    else if (r === ',' && braces === 1) {
      options.push(s.slice(start, idx));
      start = idx + n;
    }
    idx += n;
  }
  options.push(s.slice(start, idx - 1));
  return { options, idx };
}

/** Whether a pattern component can match the empty string ("", "*", "**", alternatives with an empty option). */
function isZeroLengthPattern(pattern: string): boolean {
  if (pattern === '' || pattern === '*' || pattern === '**') return true;
  if (pattern[0] === '{') {
    const { options, idx } = splitAlternatives(pattern.slice(1));
    if (idx === -1) throw new BadPatternError();
    if (!isZeroLengthPattern(pattern.slice(1 + idx))) return false;
    for (const o of options) if (isZeroLengthPattern(o)) return true;
  }
  return false;
}

/**
 * Match one path component `name` against the start of `pattern`: undefined when it does not match, otherwise the
 * patterns left for the following components ([] when the pattern is used up).
 */
function matchComponent(pattern: string, name: string): string[] | undefined {
  let pi = 0;
  let ni = 0;
  while (pi < pattern.length && ni < name.length) {
    let p = runeAt(pattern, pi);
    const c = runeAt(name, ni);
    if (p.r === '/') {
      pi++;
      break;
    } else if (p.r === '\\') {
      pi += p.n;
      p = runeAt(pattern, pi);
      if (p.r === '') throw new BadPatternError();
      if (p.r !== c.r) return undefined;
      pi += p.n;
      ni += c.n;
    } else if (p.r === '*') {
      pi += p.n;
      if (pi >= pattern.length) return [];
      p = runeAt(pattern, pi);
      if (p.r === '/') return [pattern.slice(pi + p.n)];
      for (; ni < name.length; ni += runeAt(name, ni).n) {
        const m = matchComponent(pattern.slice(pi), name.slice(ni));
        if (m !== undefined) return m;
      }
      return undefined;
    } else if (p.r === '[') {
      pi += p.n;
      const endRel = indexWithEscaping(pattern.slice(pi), ']');
      if (endRel === -1) throw new BadPatternError();
      const end = pi + endRel;
      const cls = [...pattern.slice(pi, end)];
      if (cls.length === 0) throw new BadPatternError();
      const cp = c.r.codePointAt(0)!;
      const negated = cls[0] === '^';
      let ci = negated ? 1 : 0;
      let matched = false;
      while (ci < cls.length) {
        let low = cls[ci]!;
        if (low === '-') throw new BadPatternError();
        ci++;
        if (low === '\\') {
          if (ci >= cls.length) throw new BadPatternError();
          low = cls[ci++]!;
        }
        let high = low;
        if (ci < cls.length && cls[ci] === '-') {
          ci++;
          if (ci >= cls.length) throw new BadPatternError();
          high = cls[ci]!;
          if (high === '-') throw new BadPatternError();
          ci++;
          if (high === '\\') {
            if (ci >= cls.length) throw new BadPatternError();
            high = cls[ci++]!;
          }
        }
        if (low.codePointAt(0)! <= cp && cp <= high.codePointAt(0)!) matched = true;
      }
      if (matched === negated) return undefined;
      pi = end + 1;
      ni += c.n;
    } else if (p.r === '{') {
      pi += p.n;
      const { options, idx } = splitAlternatives(pattern.slice(pi));
      if (idx === -1) throw new BadPatternError();
      pi += idx;
      let results: string[] | undefined;
      for (const o of options) {
        const m = matchComponent(o + pattern.slice(pi), name.slice(ni));
        if (m !== undefined) (results ??= []).push(...m);
      }
      return results;
    } else if (p.r === '?' || p.r === c.r) {
      pi += p.n;
      ni += c.n;
    } else {
      return undefined;
    }
  }
  if (ni >= name.length) {
    if (pi >= pattern.length) return [];
    const rest = pattern.slice(pi);
    const slash = indexWithEscaping(rest, '/');
    if (isZeroLengthPattern(slash >= 0 ? rest.slice(0, slash) : rest)) return slash === -1 ? [] : [rest.slice(slash + 1)];
  }
  return undefined;
}

interface DirEntryInfo {
  name: string;
  isDir: boolean;
  isSymlink: boolean;
}

/**
 * doublestar.Glob: paths matching `pattern` (relative patterns are resolved against `cwd` but reported relative,
 * as Go reports them relative to its working directory). File-system errors are ignored; malformed patterns throw
 * BadPatternError (when the matching gets far enough to notice).
 */
export function glob(pattern: string, cwd: string): string[] {
  const fsPath = (p: string) => (isAbs(p) ? p : join(cwd, p) || '.');
  const lstat = (p: string) => {
    try {
      return fs.lstatSync(fsPath(p));
    } catch {
      return undefined;
    }
  };
  const stat = (p: string) => {
    try {
      return fs.statSync(fsPath(p));
    } catch {
      return undefined;
    }
  };
  const filesIn = (d: string): DirEntryInfo[] => {
    try {
      return fs
        .readdirSync(fsPath(d), { withFileTypes: true })
        .map((e) => ({ name: e.name, isDir: e.isDirectory(), isSymlink: e.isSymbolicLink() }))
        .sort((a, b) => compareStrings(a.name, b.name));
    } catch {
      return [];
    }
  };

  const doGlob = (basedir: string, pat: string, m: string[], depth: number): { m: string[]; e?: BadPatternError } => {
    let e: BadPatternError | undefined;
    let gi = indexAnyWithEscaping(pat, '*?[{\\');
    if (gi > 0) gi = lastIndexWithEscaping(pat.slice(0, gi), '/');
    else if (gi === -1) gi = lastIndexWithEscaping(pat, '/');
    if (gi > 0) {
      basedir = join(basedir, pat.slice(0, gi));
      pat = pat.slice(gi + 1);
    }
    let fi = lstat(basedir);
    if (!fi) return { m };
    if (pat === '') {
      m.push(basedir);
      return { m };
    }
    if (fi.isSymbolicLink()) {
      fi = stat(basedir);
      if (!fi) return { m };
    }
    if (!fi.isDirectory()) return { m };
    // Cyclic symbolic links would make Go recurse until it runs out of stack; stop at a generous depth instead.
    if (depth > 256) return { m };
    const files = filesIn(basedir);
    let slash = indexWithEscaping(pat, '/');
    const last = slash === -1;
    if (last) slash = pat.length;
    if (pat.slice(0, slash) === '**') {
      for (const f of files) {
        let isDir = f.isDir;
        if (f.isSymlink) {
          const st = stat(join(basedir, f.name));
          if (!st) continue;
          isDir = st.isDirectory();
        }
        if (isDir) {
          if (last) m.push(join(basedir, f.name));
          ({ m, e } = doGlob(join(basedir, f.name), pat, m, depth + 1));
        } else if (last) {
          m.push(join(basedir, f.name));
        }
      }
      if (last) return { m, e };
      pat = pat.slice(slash + 1);
    }
    for (const f of files) {
      let match: string[] | undefined;
      try {
        match = matchComponent(pat, f.name);
        e = undefined;
      } catch (err) {
        if (err instanceof BadPatternError) return { m, e: err };
        throw err;
      }
      if (match === undefined) continue;
      if (match.length === 0) m.push(join(basedir, f.name));
      else for (const alt of match) ({ m, e } = doGlob(join(basedir, f.name), alt, m, depth + 1));
    }
    return { m, e };
  };

  const globOS = (p: string): string[] => {
    if (p === '') return [];
    if (p[0] === '{') {
      const { options, idx } = splitAlternatives(p.slice(1));
      if (idx === -1) throw new BadPatternError();
      return options.flatMap((o) => globOS(o + p.slice(idx + 1)));
    }
    const r = isAbs(p) ? doGlob('/', p.slice(1), [], 0) : doGlob('.', p, [], 0);
    if (r.e) throw r.e;
    return r.m;
  };
  return globOS(pattern);
}
