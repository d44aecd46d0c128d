// Go's filepath.Glob (Unix): `*`, `?`, `[...]` and `\` escapes within one path element; a pattern without
// metacharacters yields the path itself when it exists. Matches are sorted per directory, as Go's are.
import { lstat, readdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

const hasMeta = (text: string) => /[*?[\\]/.test(text);

/** filepath.Match for one path element, as a RegExp. */
function elementRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) source += `\\${pattern[++i]}`;
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error('syntax error in pattern');
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1).replaceAll('\\', '\\\\')}`;
      else body = body.replaceAll('\\', '\\\\');
      source += `[${body}]`;
      i = end;
    } else source += ch.replace(/[.+^${}()|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/** The paths matching `pattern`; throws Go's "syntax error in pattern" for a malformed one. */
export async function goGlob(pattern: string): Promise<string[]> {
  if (!hasMeta(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const dir = dirname(pattern);
  const file = basename(pattern);
  const dirs = hasMeta(dir) && dir !== pattern ? await goGlob(dir) : [dir];
  const re = elementRegExp(file);
  const matches: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      continue;
    }
    for (const name of names.sort()) if (re.test(name)) matches.push(dir === '.' && !pattern.startsWith('./') ? name : join(d, name));
  }
  return matches;
}
