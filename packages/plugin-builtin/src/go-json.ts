// Go's json.MarshalIndent(v, "", "  ") for plain data: the same layout as JSON.stringify, with Go's HTML-safe
// escapes of <, > and & and of U+2028/U+2029.
export function goJsonIndent(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
