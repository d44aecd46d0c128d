// Canonical formatting of HCL native syntax: hclwrite.Format, as `packer fmt` applies it.
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { decodeSource, parseConfig, scanTokens } from '../syntax/index.js';
import { encodeSource } from './bytes.js';
import { formatTokens } from './format-tokens.js';

export { encodeSource } from './bytes.js';
export { formatTokens } from './format-tokens.js';
export { splitLines, type FormatLine, type Cell } from './lines.js';
export { spaceAfter } from './spacing.js';

/** hclwrite.Format: formats any text, valid or not (it only moves whitespace between tokens). */
export function format(text: string, filename = ''): string {
  return formatTokens(text, scanTokens(text, filename));
}

export interface FormatResult {
  /** The formatted text; absent when the source has errors. */
  output?: string;
  /** The parser's diagnostics (errors when the file was refused). */
  diags: Diagnostic[];
}

/** What `packer fmt` does with one file: parse it, refuse it on errors, else format it. */
export function formatSource(text: string, filename: string): FormatResult {
  const { diags } = parseConfig(text, filename);
  if (hasErrors(diags)) return { diags };
  return { output: format(text, filename), diags };
}

export interface FormatBytesResult {
  /** The formatted file; absent when the source has errors. */
  output?: Uint8Array;
  /** True when `output` differs from the input (what `packer fmt` lists and rewrites). */
  changed: boolean;
  diags: Diagnostic[];
}

/**
 * `packer fmt` on a file's bytes: invalid UTF-8 is reported where the scanner rejects it and kept byte for byte
 * where it accepts it (comments), as Go does.
 */
export function formatBytes(bytes: Uint8Array, filename: string): FormatBytesResult {
  const { output, diags } = formatSource(decodeSource(bytes).text, filename);
  if (output === undefined) return { changed: false, diags };
  const out = encodeSource(output);
  const changed = out.length !== bytes.length || out.some((b, i) => b !== bytes[i]);
  return { output: out, changed, diags };
}
