// Remote paths go through the user's login shell (an exec request is `$SHELL -c COMMAND`). Packer only escapes
// spaces (and uses Go quoting, which leaves `$` and backquotes live); here every path is single-quoted, so spaces,
// quotes and `$` reach scp as written. A leading `~/` still means the home directory, as it does in Packer's scp.

/** `value` as one POSIX shell word, taken literally. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A remote path as one shell word: literal, except that a leading `~` or `~/` is the login user's home. */
export function shellQuotePath(path: string): string {
  if (path === '~') return '~';
  if (path.startsWith('~/')) return path.length === 2 ? '~/' : `~/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}

/**
 * `pattern` as one shell word in which only the glob characters `*`, `?` and `[...]` stay active (a download of
 * `dir/*.log`, as Packer's file provisioner allows); everything else is literal.
 */
export function shellQuoteGlob(pattern: string): string {
  if (pattern.startsWith('~/')) return `~/${shellQuoteGlob(pattern.slice(2))}`;
  return pattern
    .split(/([*?[\]]+)/)
    .map((part, i) => (i % 2 === 1 ? part : part === '' ? '' : shellQuote(part)))
    .join('');
}

/** Whether `path` has glob characters the remote shell would expand. */
export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}
