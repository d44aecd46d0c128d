// Diagnostics are values, never exceptions: every operation that can fail on user input returns them.
// The model mirrors hcl.Diagnostic so that messages and ranges can be compared with Packer's output.
import type { Range } from './source.js';
import { rangeToString } from './source.js';

/** 'invalid' is hcl.DiagInvalid, the zero severity of a diagnostic made without one (printed as `???????`). */
export type Severity = 'error' | 'warning' | 'invalid';

export interface Diagnostic {
  severity: Severity;
  /** Short, no trailing period ("Unsupported argument"). */
  summary: string;
  /** Full sentences ending with a period. */
  detail?: string;
  /** The tight range of the problem. */
  subject?: Range;
  /** A wider range that contains `subject`, shown in snippets. */
  context?: Range;
  /** The expression that failed, for the "with x as y" lines of the text renderer. */
  expression?: unknown;
  /** The evaluation context `expression` was evaluated in. */
  evalContext?: unknown;
}

export type Diagnostics = Diagnostic[];

export function errorDiag(summary: string, detail?: string, subject?: Range, context?: Range): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary };
  if (detail !== undefined) d.detail = detail;
  if (subject !== undefined) d.subject = subject;
  if (context !== undefined) d.context = context;
  return d;
}

export function warningDiag(summary: string, detail?: string, subject?: Range, context?: Range): Diagnostic {
  return { ...errorDiag(summary, detail, subject, context), severity: 'warning' };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  for (const d of diags) if (d.severity === 'error') return true;
  return false;
}

/** Go's Diagnostic.Error(): `<subject>: <summary>; <detail>`. */
export function diagnosticToString(d: Diagnostic): string {
  const where = d.subject ? `${rangeToString(d.subject)}: ` : '';
  return `${where}${d.summary}; ${d.detail ?? ''}`;
}

/** Go's Diagnostics.Error(): the first one, plus a count of the others. */
export function diagnosticsToString(diags: readonly Diagnostic[]): string {
  if (diags.length === 0) return 'no diagnostics';
  const first = diagnosticToString(diags[0]!);
  if (diags.length === 1) return first;
  return `${first}, and ${diags.length - 1} other diagnostic(s)`;
}
