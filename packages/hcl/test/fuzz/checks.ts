// The invariants the fuzzer checks on one input: the entry points never throw, every error is a diagnostic
// whose ranges point inside the file, the token stream covers the text exactly, and formatting keeps the tokens.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Pos, Range } from '../../src/source.js';
import { parseConfig, parseExpression, parseTemplate, scanTokens } from '../../src/syntax/index.js';
import { format, formatSource } from '../../src/format/index.js';

export type Target = 'config' | 'expression' | 'template' | 'tokens' | 'format';
export const TARGETS: readonly Target[] = ['config', 'expression', 'template', 'tokens', 'format'];

/** Byte offsets of line starts, to check that a Pos's line and column agree with its byte offset. */
export class ByteLines {
  readonly starts: number[] = [0];
  readonly size: number;
  constructor(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) this.starts.push(i + 1);
    this.size = bytes.length;
  }
  lineOf(byte: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= byte) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function posProblem(p: Pos, lines: ByteLines): string | undefined {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.column) || !Number.isInteger(p.byte)) return 'non-integer position';
  if (p.line < 1 || p.column < 1) return `line/column below 1 (${p.line}:${p.column})`;
  if (p.byte < 0 || p.byte > lines.size) return `byte ${p.byte} outside the file (${lines.size} bytes)`;
  const line = lines.lineOf(p.byte);
  if (p.line !== line) return `line ${p.line} does not match byte ${p.byte} (on line ${line})`;
  if (p.column > p.byte - lines.starts[line - 1]! + 1) return `column ${p.column} beyond byte ${p.byte} of its line`;
  return undefined;
}

export function rangeProblem(what: string, r: Range, filename: string, lines: ByteLines): string | undefined {
  if (r.filename !== filename) return `${what} has filename ${JSON.stringify(r.filename)}`;
  const s = posProblem(r.start, lines) ?? posProblem(r.end, lines);
  if (s) return `${what}: ${s}`;
  if (r.start.byte > r.end.byte) return `${what} ends before it starts`;
  return undefined;
}

function diagProblems(diags: readonly Diagnostic[], filename: string, text: string): string[] {
  const lines = new ByteLines(text);
  const out: string[] = [];
  for (const d of diags) {
    const label = `diagnostic "${d.summary}"`;
    if (typeof d.summary !== 'string' || d.summary === '') out.push('diagnostic without summary');
    if (d.severity === 'error' && !d.subject) out.push(`${label} has no subject range`);
    const p = (d.subject && rangeProblem(`${label} subject`, d.subject, filename, lines)) ??
      (d.context && rangeProblem(`${label} context`, d.context, filename, lines));
    if (p) out.push(p);
  }
  return out;
}

function tokenProblems(text: string, filename: string): string[] {
  const tokens = scanTokens(text, filename);
  let prev = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.start < prev || t.end < t.start || t.end > text.length) return [`token ${i} (${t.type}) at [${t.start},${t.end}) out of order`];
    if (text.slice(t.start, t.end) !== t.text) return [`token ${i} (${t.type}) text differs from the source`];
    const gap = text.slice(prev, t.start);
    // The formatter rewrites gaps as spaces, so anything else there would be lost: only blanks (and a BOM) may be skipped.
    if (!/^[ \t]*$/.test(prev === 0 ? gap.replace(/^\ufeff/, '') : gap)) return [`text ${JSON.stringify(gap)} before token ${i} belongs to no token`];
    prev = t.end;
  }
  if (tokens.length === 0 || tokens[tokens.length - 1]!.type !== 'EOF') return ['token stream does not end with EOF'];
  if (prev !== text.length && !/^[ \t]*$/.test(text.slice(prev))) return ['text after the last token belongs to no token'];
  return [];
}

/**
 * The token texts of `text`, with `NumberLit . NumberLit` runs joined: hclwrite writes dots without spaces, so the
 * legacy index `1. 8` (or `x . 1 . 2`) comes out as `1.8` (`x.1.2`), which scans as one number. Packer does the same.
 */
function tokenTexts(text: string, filename: string): string[] {
  const out: string[] = [];
  const toks = scanTokens(text, filename);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    if (t.type === 'Dot' && prev?.type === 'NumberLit' && next?.type === 'NumberLit' && out.length > 0) {
      out[out.length - 1] += `.${next.text}`;
      i++;
      continue;
    }
    out.push(t.text);
  }
  return out;
}

function formatProblems(text: string, filename: string): string[] {
  const { output, diags } = formatSource(text, filename);
  const problems = diagProblems(diags, filename, text);
  const hasError = diags.some((d) => d.severity === 'error');
  if (output === undefined) {
    if (!hasError) problems.push('formatSource gave no output and no error');
    return problems;
  }
  if (hasError) problems.push('formatSource gave output despite errors');
  const before = tokenTexts(text, filename);
  const after = tokenTexts(output, filename);
  if (before.join('\u0000') !== after.join('\u0000')) problems.push('formatting changed the tokens');
  if (format(output, filename) !== output) problems.push('formatting is not idempotent');
  return problems;
}

/** Runs `target` on `text`; returns the broken invariants (empty when all hold). Never throws. */
export function check(target: Target, text: string, filename = 'fuzz.pkr.hcl'): string[] {
  try {
    switch (target) {
      case 'config':
        return diagProblems(parseConfig(text, filename).diags, filename, text);
      case 'expression':
        return diagProblems(parseExpression(text, filename).diags, filename, text);
      case 'template':
        return diagProblems(parseTemplate(text, filename).diags, filename, text);
      case 'tokens':
        return tokenProblems(text, filename);
      case 'format':
        return formatProblems(text, filename);
    }
  } catch (e) {
    const err = e as Error;
    return [`${target} threw ${err?.name}: ${err?.message}\n${String(err?.stack).split('\n').slice(1, 6).join('\n')}`];
  }
}
