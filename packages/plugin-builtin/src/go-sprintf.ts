// Go's fmt.Sprintf for the `%s`-only formats Packer users write (shell env_var_format): `%s` takes the next
// argument, `%%` is a percent sign; a `%s` with no argument left prints Go's `%!s(MISSING)`.
export function goSprintfStrings(format: string, ...args: readonly string[]): string {
  let next = 0;
  const out = format.replace(/%%|%s/g, (verb) => {
    if (verb === '%%') return '%';
    return next < args.length ? args[next++]! : '%!s(MISSING)';
  });
  // Go appends the arguments a format did not use.
  return next < args.length ? `${out}%!(EXTRA ${args.slice(next).map((a) => `string=${a}`).join(', ')})` : out;
}
