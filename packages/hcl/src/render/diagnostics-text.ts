// Diagnostics as text, byte for byte what hcl.NewDiagnosticTextWriter(w, files, width, color) writes (Packer
// uses width 80, no colour):
//
//   Error: <summary>
//
//     on <file> line <N>, in <block header>:
//      N: <source line>
//
//   with <traversal> as <value>,
//        <traversal> set to null.
//
//   <detail, word-wrapped>
//
// Source lines are those overlapping the subject and context ranges, selected with hcl's Range.Overlaps rules on
// UTF-8 byte offsets (so empty lines never show, and a range ending at the start of a line shows that line too).
//
// The "with" lines need the evaluator, which a caller that only parses (fmt) should not have to load, so they come
// from the `variableValues` option (variable-values.ts has hcl's).
import type { Diagnostic } from '../diagnostics.js';
import type { EvalContext } from '../eval/context.js';
import type { Expression } from '../model.js';
import { utf8Length, type Pos, type Range } from '../source.js';
import type { NativeBody } from '../syntax/ast.js';
import { goQuote } from '../syntax/goquote.js';
import type { JsonNode } from '../json/ast.js';
import { wrapString } from './wordwrap.js';

/** What the writer knows about a source file (hcl.File): its text and, optionally, its navigation. */
export interface DiagnosticSource {
  /** The file's text as the parser decoded it. */
  readonly text: string;
  /** hcl's File.Nav ContextString: a description of what encloses the byte offset ('' for nothing). */
  contextString?(byteOffset: number): string;
}

export type DiagnosticSources = ReadonlyMap<string, DiagnosticSource>;

export interface DiagnosticTextOptions {
  /** Detail wrapping width in characters; 0 disables wrapping. Packer uses 80 (the default). */
  readonly width?: number;
  /** VT100 colours: severity in red/yellow, the subject underlined in bold. */
  readonly color?: boolean;
  /**
   * The "with x as y" lines for a diagnostic that carries an expression and its evaluation context
   * (`variableValuesText` gives hcl's); without it those lines are left out.
   */
  readonly variableValues?: (expr: Expression, ctx: EvalContext) => string;
}

/** hcl's DiagnosticTextWriter.WriteDiagnostics. */
export function renderDiagnostics(diags: readonly Diagnostic[], files?: DiagnosticSources, options?: DiagnosticTextOptions): string {
  let out = '';
  for (const d of diags) out += renderDiagnostic(d, files, options);
  return out;
}

/** hcl's DiagnosticTextWriter.WriteDiagnostic. */
export function renderDiagnostic(diag: Diagnostic, files?: DiagnosticSources, options: DiagnosticTextOptions = {}): string {
  const width = options.width ?? 80;
  const color = options.color ?? false;
  const colorCode = color && diag.severity !== 'invalid' ? (diag.severity === 'error' ? '\x1b[31m' : '\x1b[33m') : '';
  const resetCode = color ? '\x1b[0m' : '';
  const highlightCode = color ? '\x1b[1;4m' : '';
  const severity = diag.severity === 'error' ? 'Error' : diag.severity === 'warning' ? 'Warning' : '???????';

  let out = `${colorCode}${severity}${resetCode}: ${diag.summary}\n\n`;

  const subject = diag.subject;
  if (subject) {
    let snip = plain(subject);
    const highlight = widenEmpty(plain(subject));
    if (diag.context) snip = rangeOver(snip, plain(diag.context));
    snip = widenEmpty(snip);

    const file = files?.get(subject.filename);
    if (!file) {
      out += `  on ${subject.filename} line ${subject.start.line}:\n  (source code not available)\n\n`;
    } else {
      let where = file.contextString?.(subject.start.byte) ?? '';
      if (where !== '') where = ', in ' + where;
      out += `  on ${subject.filename} line ${subject.start.line}${where}:\n`;
      for (const line of scanLines(file.text, subject.filename)) {
        if (!overlaps(line.range, snip)) continue;
        const lineNo = String(line.range.start.line).padStart(4, ' ');
        const hl = overlap(line.range, highlight);
        if (hl.start.byte === hl.end.byte) {
          out += `${lineNo}: ${line.text}\n`;
        } else {
          const a = utf16Offset(line.text, hl.start.byte - line.range.start.byte);
          const b = utf16Offset(line.text, hl.end.byte - line.range.start.byte);
          out += `${lineNo}: ${line.text.slice(0, a)}${highlightCode}${line.text.slice(a, b)}${resetCode}${line.text.slice(b)}\n`;
        }
      }
      out += '\n';
    }

    if (diag.expression !== undefined && diag.evalContext !== undefined && options.variableValues) {
      out += options.variableValues(diag.expression as Expression, diag.evalContext as EvalContext);
    }
  }

  if (diag.detail) {
    const detail = width !== 0 ? wrapString(diag.detail, width) : diag.detail;
    out += `${detail}\n\n`;
  }
  return out;
}

// ---- navigation (File.Nav) --------------------------------------------------------------------------------------

/** A native-syntax file: the context of an offset is the header of the top-level block containing it. */
export function nativeDiagnosticSource(text: string, body: NativeBody): DiagnosticSource {
  return {
    text,
    contextString(offset: number): string {
      const block = body.blocks.find((b) => offset >= b.range.start.byte && offset < b.range.end.byte);
      if (!block) return '';
      return [block.type, ...block.labels.map(goQuote)].join(' ');
    },
  };
}

/** A JSON-syntax file: the context is the path of object properties and array indexes leading to the offset. */
export function jsonDiagnosticSource(text: string, root: JsonNode): DiagnosticSource {
  return {
    text,
    contextString(offset: number): string {
      const steps: string[] = [];
      let node: JsonNode | undefined = root;
      const inside = (n: JsonNode): boolean =>
        (n.kind === 'jsonObject' || n.kind === 'jsonArray') && offset >= n.range.start.byte && offset < n.range.end.byte;
      while (node) {
        let next: JsonNode | undefined;
        if (node.kind === 'jsonObject') {
          for (const p of node.properties) {
            if (inside(p.value)) {
              steps.push('.' + p.name);
              next = p.value;
              break;
            }
          }
        } else if (node.kind === 'jsonArray') {
          for (let i = 0; i < node.values.length; i++) {
            if (inside(node.values[i]!)) {
              steps.push(`[${i}]`);
              next = node.values[i];
              break;
            }
          }
        }
        node = next;
      }
      const s = steps.join('');
      return s.startsWith('.') ? s.slice(1) : s;
    },
  };
}

// ---- ranges on byte offsets (hcl.Range semantics) --------------------------------------------------------------

interface PlainRange {
  readonly filename: string;
  readonly start: Pos;
  readonly end: Pos;
}

function plain(r: Range): PlainRange {
  return { filename: r.filename, start: r.start, end: r.end };
}

function isEmpty(r: PlainRange): boolean {
  return r.start.byte === r.end.byte;
}

/** An empty range cannot be shown, so it is widened to one character (possibly past the end of a line). */
function widenEmpty(r: PlainRange): PlainRange {
  if (!isEmpty(r)) return r;
  return { filename: r.filename, start: r.start, end: { line: r.end.line, column: r.end.column + 1, byte: r.end.byte + 1 } };
}

function rangeOver(a: PlainRange, b: PlainRange): PlainRange {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  return {
    filename: a.filename,
    start: a.start.byte < b.start.byte ? a.start : b.start,
    end: a.end.byte > b.end.byte ? a.end : b.end,
  };
}

function containsOffset(r: PlainRange, offset: number): boolean {
  return offset >= r.start.byte && offset < r.end.byte;
}

function overlaps(r: PlainRange, o: PlainRange): boolean {
  if (r.filename !== o.filename) return false;
  if (isEmpty(r) || isEmpty(o)) return false;
  return (
    containsOffset(r, o.start.byte) || containsOffset(r, o.end.byte) || containsOffset(o, r.start.byte) || containsOffset(o, r.end.byte)
  );
}

function overlap(r: PlainRange, o: PlainRange): PlainRange {
  if (!overlaps(r, o)) return { filename: r.filename, start: r.start, end: r.start };
  return {
    filename: r.filename,
    start: r.start.byte > o.start.byte ? r.start : o.start,
    end: r.end.byte < o.end.byte ? r.end : o.end,
  };
}

// ---- lines (hcl.RangeScanner with bufio.ScanLines) -------------------------------------------------------------

interface ScannedLine {
  /** The line without its terminator ("\n" or "\r\n"). */
  readonly text: string;
  readonly range: PlainRange;
}

/**
 * The lines of a text as hcl's RangeScanner over bufio.ScanLines yields them: a final newline does not start an
 * extra line, and line numbers advance on every "\n", "\r\n" and lone "\r" (each is one grapheme cluster).
 */
function* scanLines(text: string, filename: string): Generator<ScannedLine> {
  let line = 1;
  let byte = 0;
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const stop = nl < 0 ? text.length : nl;
    let tokenEnd = stop;
    if (tokenEnd > i && text.charCodeAt(tokenEnd - 1) === 13) tokenEnd--;
    const token = text.slice(i, tokenEnd);
    const tokenBytes = utf8Length(text, i, tokenEnd);
    const lineEnd = line + loneCarriageReturns(token);
    yield {
      text: token,
      range: { filename, start: { line, column: 1, byte }, end: { line: lineEnd, column: 1, byte: byte + tokenBytes } },
    };
    byte += utf8Length(text, i, stop) + (nl < 0 ? 0 : 1);
    line = lineEnd + (nl < 0 ? 0 : 1);
    i = nl < 0 ? text.length : nl + 1;
  }
}

function loneCarriageReturns(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\r'); i >= 0; i = s.indexOf('\r', i + 1)) n++;
  return n;
}

/** The UTF-16 offset within `s` of UTF-8 byte offset `byteOffset` (clamped to the string). */
function utf16Offset(s: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < s.length && bytes < byteOffset) {
    const c = s.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    bytes += utf8Length(s, i, i + width);
    i += width;
  }
  return i;
}
