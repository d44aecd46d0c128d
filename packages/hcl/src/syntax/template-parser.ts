// Templates (hclsyntax's parser_template.go, first stage): the tokens of a quoted string, heredoc or bare template
// become a flat list of parts — literals (escapes decoded, strip markers applied), interpolations and directive
// markers — then the `<<-` flush and the merging of adjacent literals apply, and template.ts builds the expressions.
import type { NativeExpr } from './ast.js';
import { trimLeftSpace, trimRightSpace } from './chars.js';
import { goQuote } from './goquote.js';
import { LiteralTemplateNode, PlainQuotedTemplateNode, TemplateNode, TemplateWrapNode } from './nodes.js';
import { between } from './peeker.js';
import type { Parser } from './parser.js';
import { decodeLiteral, isPlainLiteral } from './string-literal.js';
import { buildTemplate, type TemplatePart } from './template.js';
import { K, type Kind } from './token-kinds.js';

/** A standalone template (parseTemplate): everything up to EOF. */
export function parseTemplate(ps: Parser): NativeExpr {
  return parseTemplateExpr(ps, ps.p.peek(), K.EOF, false);
}

/**
 * A template expression whose parts run up to and including its `end` token; its range runs from token `startIdx`
 * (the opening quote or heredoc marker, already read, or the first token of a standalone template) to there.
 * `flushHeredoc` applies the `<<-` indentation rule.
 */
export function parseTemplateExpr(ps: Parser, startIdx: number, end: Kind, flushHeredoc: boolean): NativeExpr {
  const p = ps.p;
  const file = p.file;
  const literal = flushHeredoc ? undefined : parseLiteralTemplate(ps, end);
  let exprs: NativeExpr[] | undefined;
  let passthru = false;
  if (literal === undefined) {
    const parts = parseTemplateParts(ps, end);
    if (flushHeredoc) flushHeredocParts(parts);
    if (parts.length > 2) meldLiterals(parts);
    exprs = buildTemplate(parts, file, ps.diags);
    // Exactly one interpolation and nothing else: its value passes through unconverted.
    passthru = parts.length === 2 && parts[0]!.t === 'interp';
  }
  const endIdx = p.prevIdx();
  const start = Math.min(p.starts[startIdx]!, p.starts[endIdx]!);
  const stop = Math.max(p.ends[startIdx]!, p.ends[endIdx]!);
  if (literal !== undefined) {
    if (literal.val === undefined && end === K.CQuote && literal.start === start + 1 && literal.end === stop - 1) {
      return new PlainQuotedTemplateNode(file, start, stop);
    }
    return new LiteralTemplateNode(file, start, stop, literal.val, literal.start, literal.end);
  }
  if (passthru) return new TemplateWrapNode(file, start, stop, exprs![0]!);
  return new TemplateNode(file, start, stop, exprs!);
}

/**
 * The common case of a template that is only literal text ("foo", or a heredoc without sequences): its decoded
 * value and extent, read directly (the general path gives the same single literal). The value is undefined when it
 * is the source text itself (the literal tokens are contiguous). Undefined when the case does not apply.
 */
function parseLiteralTemplate(ps: Parser, end: Kind): { val: string | undefined; start: number; end: number } | undefined {
  const p = ps.p;
  const kinds = p.kinds;
  const first = p.peek();
  let i = first;
  let plain = true;
  for (; kinds[i] === K.QuotedLit || kinds[i] === K.StringLit; i++) {
    if (plain) plain = isPlainLiteral(p.text, p.starts[i]!, p.ends[i]!, kinds[i] === K.QuotedLit);
  }
  if (kinds[i] !== end) return undefined;
  let val: string | undefined;
  if (!plain) {
    val = '';
    for (let j = first; j < i; j++) val += decodeLiteral(p.file, p.starts[j]!, p.ends[j]!, kinds[j] === K.QuotedLit, ps.diags);
  }
  // No literal at all ("", or an empty heredoc): a zero-width one at the end of the first token.
  const litStart = i === first ? p.ends[first]! : p.starts[first]!;
  const litEnd = i === first ? litStart : p.ends[i - 1]!;
  p.next = i + 1;
  return { val, start: litStart, end: litEnd };
}

function parseTemplateParts(ps: Parser, end: Kind): TemplatePart[] {
  const p = ps.p;
  const parts: TemplatePart[] = [];
  const startIdx = p.peek();
  let ltrimNext = false;
  let nextCanTrimPrev = false;
  let endIdx: number;

  for (;;) {
    const next = p.read();
    const kind = p.lastKind();
    if (kind === end) {
      endIdx = next;
      break;
    }
    const ltrim = ltrimNext;
    ltrimNext = false;
    const canTrimPrev = nextCanTrimPrev;
    nextCanTrimPrev = false;

    if (kind === K.StringLit || kind === K.QuotedLit) {
      let val = decodeLiteral(p.file, p.starts[next]!, p.ends[next]!, kind === K.QuotedLit, ps.diags);
      if (ltrim) val = trimLeftSpace(val);
      parts.push({ t: 'lit', val, start: p.starts[next]!, end: p.ends[next]! });
      nextCanTrimPrev = true;
      continue;
    }

    if (kind === K.TemplateInterp || kind === K.TemplateControl) {
      // `${~` / `%{~` trim the whitespace at the end of the literal right before.
      if (canTrimPrev && p.ends[next]! - p.starts[next]! === 3 && parts.length > 0) {
        const prev = parts[parts.length - 1]!;
        if (prev.t === 'lit') prev.val = trimRightSpace(prev.val);
      }
      p.pushIncludeNewlines(false);
      if (kind === K.TemplateInterp) {
        const expr = ps.parseExpression();
        const closeIdx = p.peek();
        const closeKind = p.peekKind();
        if (closeKind !== K.TemplateSeqEnd) {
          const close = p.range(closeIdx);
          if (!ps.recovery) {
            if (closeKind === K.EOF) {
              ps.err(
                'Unclosed template interpolation sequence',
                'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.',
                p.range(startIdx),
              );
            } else if (closeKind === K.Colon) {
              ps.err(
                'Extra characters after interpolation expression',
                'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
                close,
                between(p.range(startIdx), close),
              );
            } else if ((closeKind === K.CQuote || closeKind === K.OQuote) && end === K.CQuote) {
              ps.err(
                'Unclosed template interpolation sequence',
                'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.',
                p.range(startIdx),
              );
            } else {
              ps.err(
                'Extra characters after interpolation expression',
                'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
                close,
                between(p.range(startIdx), close),
              );
            }
          }
          ps.recover(K.TemplateSeqEnd);
        } else {
          p.read();
          // `~}` trims the whitespace at the start of the literal right after.
          if (p.ends[closeIdx]! - p.starts[closeIdx]! === 2) ltrimNext = true;
        }
        p.popIncludeNewlines();
        parts.push({ t: 'interp', expr });
        continue;
      }

      // A directive: %{ if c }, %{ else }, %{ endif }, %{ for k, v in c }, %{ endfor }.
      const nextRange = p.range(next);
      const kwIdx = p.peek();
      if (p.peekKind() !== K.Ident) {
        if (!ps.recovery) {
          const r = p.range(kwIdx);
          ps.err(
            'Invalid template directive',
            'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
            r,
            between(nextRange, r),
          );
        }
        ps.recover(K.TemplateSeqEnd);
        p.popIncludeNewlines();
        continue;
      }
      p.read();
      const kw = p.textOf(kwIdx);
      let abandon = false;
      const forFail = (detail: string): void => {
        if (!ps.recovery) ps.err("Invalid 'for' directive", detail, p.nextRange());
        ps.recover(K.TemplateSeqEnd);
        p.popIncludeNewlines();
        abandon = true;
      };
      switch (kw) {
        case 'if': {
          const cond = ps.parseExpression();
          parts.push({ t: 'if', cond, range: between(nextRange, p.nextRange()) });
          break;
        }
        case 'else':
        case 'endif':
        case 'endfor':
          parts.push({ t: 'endCtrl', which: kw, range: between(nextRange, p.nextRange()) });
          break;
        case 'for': {
          if (p.peekKind() !== K.Ident) {
            forFail("For directive requires variable name after 'for'.");
            break;
          }
          let valVar = p.nameOf(p.read());
          let keyVar: string | undefined;
          if (p.peekKind() === K.Comma) {
            keyVar = valVar;
            p.read();
            if (p.peekKind() !== K.Ident) {
              forFail('For directive requires value variable name after comma.');
              break;
            }
            valVar = p.nameOf(p.read());
          }
          if (!ps.isKeyword(p.peek(), 'in')) {
            forFail("For directive requires 'in' keyword after names.");
            break;
          }
          p.read();
          const coll = ps.parseExpression();
          parts.push({ t: 'for', ...(keyVar !== undefined ? { keyVar } : {}), valVar, coll, range: between(nextRange, p.nextRange()) });
          break;
        }
        default: {
          if (!ps.recovery) {
            const suggestion = keywordSuggestion(kw);
            const kwRange = p.range(kwIdx);
            ps.err(
              'Invalid template control keyword',
              `${goQuote(kw)} is not a valid template control keyword.${suggestion ? ` Did you mean ${goQuote(suggestion)}?` : ''}`,
              kwRange,
              between(nextRange, kwRange),
            );
          }
          ps.recover(K.TemplateSeqEnd);
          p.popIncludeNewlines();
          abandon = true;
        }
      }
      if (abandon) continue;

      const closeIdx = p.peek();
      if (p.peekKind() !== K.TemplateSeqEnd) {
        if (!ps.recovery) {
          const r = p.range(closeIdx);
          ps.err(`Extra characters in ${kw} marker`, 'Expected a closing brace to end the sequence, but found extra characters.', r, between(p.range(startIdx), r));
        }
        ps.recover(K.TemplateSeqEnd);
      } else {
        p.read();
        if (p.ends[closeIdx]! - p.starts[closeIdx]! === 2) ltrimNext = true;
      }
      p.popIncludeNewlines();
      continue;
    }

    // Anything else means the template was not closed.
    if (!ps.recovery) {
      const r = p.range(next);
      ps.err('Unterminated template string', 'No closing marker was found for the string.', r, between(p.range(startIdx), r));
    }
    endIdx = ps.recover(end);
    break;
  }

  if (parts.length === 0) {
    // "" is an empty string: a zero-width literal right after the opening quote.
    const at = p.ends[startIdx]!;
    parts.push({ t: 'lit', val: '', start: at, end: at });
  }
  parts.push({ t: 'end', range: p.range(endIdx) });
  return parts;
}


/**
 * The `<<-` rule: find the smallest indentation (in characters) of the lines' leading literals, ignoring blank
 * lines, and remove that much from each of them. Lines that start with an interpolation count as zero.
 */
function flushHeredocParts(parts: TemplatePart[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let newline = true;
  const adjust: Extract<TemplatePart, { t: 'lit' }>[] = [];
  for (const part of parts) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (part.t === 'lit') {
        const trimmed = trimLeftSpace(part.val);
        if (trimmed.length === 0 && part.val.endsWith('\n')) {
          spaces = Number.MAX_SAFE_INTEGER;
        } else {
          spaces = countCodePoints(part.val, part.val.length - trimmed.length);
          adjust.push(part);
        }
      } else if (part.t === 'end') {
        break;
      }
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (part.t === 'lit' && part.val.endsWith('\n')) newline = true;
  }
  for (const lit of adjust) {
    // Remove minSpaces characters (all of them whitespace, and none outside the BMP).
    const n = Math.min(minSpaces, lit.val.length);
    lit.val = lit.val.slice(n);
    lit.start += n;
  }
}

function countCodePoints(s: string, units: number): number {
  let n = 0;
  for (let i = 0; i < units; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

/** Adjacent literal parts become one (after trimming). */
function meldLiterals(parts: TemplatePart[]): void {
  let w = 0;
  for (let r = 0; r < parts.length; r++) {
    const cur = parts[r]!;
    const prev = w > 0 ? parts[w - 1]! : undefined;
    if (prev && prev.t === 'lit' && cur.t === 'lit') {
      prev.val += cur.val;
      prev.end = cur.end;
      continue;
    }
    parts[w++] = cur;
  }
  parts.length = w;
}


const TEMPLATE_KEYWORDS = ['if', 'for', 'else', 'endif', 'endfor'];

/** hclsyntax's nameSuggestion over the directive keywords: the first within edit distance 3. */
function keywordSuggestion(given: string): string | undefined {
  for (const kw of TEMPLATE_KEYWORDS) if (levenshtein(given, kw) < 3) return kw;
  return undefined;
}

function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}
