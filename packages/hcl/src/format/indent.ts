// Indentation: two spaces per open bracket level, decided line by line from each line's net bracket count.
// A stack remembers how many brackets each indented line opened, so that lines closing several at once (`}]`)
// or lopsided input (`[[` closed by `]` + `]`) dedent by whole frames rather than drifting.
import type { Token } from '../syntax/tokens.js';
import { bracketChange, type FormatLine } from './lines.js';

const INDENT = 2;

export function indentLines(lines: readonly FormatLine[], tokens: readonly Token[], spaces: Int32Array): void {
  const frames: number[] = [];
  for (const line of lines) {
    const { start, end } = line.lead;
    if (start === end) continue;
    if (tokens[start]!.type === 'Newline') {
      // Blank lines carry no indentation (and never trailing spaces).
      spaces[start] = 0;
      continue;
    }
    let net = 0;
    for (let i = start; i < end; i++) {
      const tok = tokens[i]!;
      net += bracketChange(tok);
      // Brackets inside a heredoc's text never affect the surrounding indentation.
      if (tok.type === 'OHeredoc') break;
    }
    if (line.assign) for (let i = line.assign.start; i < line.assign.end; i++) net += bracketChange(tokens[i]!);

    if (net > 0) {
      spaces[start] = INDENT * frames.length;
      frames.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && frames.length > 0) {
      const top = frames[frames.length - 1]!;
      if (closed >= top) {
        frames.pop();
        closed -= top;
      } else {
        frames[frames.length - 1] = top - closed;
        closed = 0;
      }
    }
    spaces[start] = INDENT * frames.length;
  }
}
