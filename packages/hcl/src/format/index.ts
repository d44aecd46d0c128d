// Canonical formatting of HCL native syntax: hclwrite.Format, as `packer fmt` applies it.
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { parseConfig, scanTokens } from '../syntax/index.js';
import { formatTokens } from './format-tokens.js';

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
