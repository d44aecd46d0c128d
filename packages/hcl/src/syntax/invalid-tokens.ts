// Diagnostics for tokens that never belong in HCL (hclsyntax's checkInvalidTokens), reported before parsing so the
// parser need not know about them. Repeats are limited the way hclsyntax limits them.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { K, type TokenBuffer } from './token-kinds.js';

export function checkInvalidTokens(buf: TokenBuffer): Diagnostic[] {
  const diags: Diagnostic[] = [];
  if (!buf.hasInvalid) return diags;
  const { kinds, starts, ends, file } = buf;
  let bitwise = 0;
  let backtick = 0;
  let apostrophe = 0;
  let semicolon = 0;
  let badUtf8 = 0;
  for (let i = 0; i < buf.count; i++) {
    const kind = kinds[i]!;
    if (kind < K.BitwiseAnd) continue;
    const range = () => file.range(starts[i]!, ends[i]!);
    switch (kind) {
      case K.BitwiseAnd:
      case K.BitwiseOr:
      case K.BitwiseXor:
      case K.BitwiseNot:
        if (bitwise < 4) {
          const suggestion =
            kind === K.BitwiseAnd ? ' Did you mean boolean AND ("&&")?'
            : kind === K.BitwiseOr ? ' Did you mean boolean OR ("||")?'
            : kind === K.BitwiseNot ? ' Did you mean boolean NOT ("!")?'
            : '';
          diags.push(errorDiag('Unsupported operator', `Bitwise operators are not supported.${suggestion}`, range()));
          bitwise++;
        }
        break;
      case K.Backtick:
        // Only every other one, so the two ends of a backtick-quoted string are reported once.
        if (backtick % 2 === 0) {
          diags.push(errorDiag('Invalid character', 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".', range()));
        }
        if (backtick <= 2) backtick++;
        break;
      case K.Apostrophe:
        if (apostrophe % 2 === 0) {
          diags.push(errorDiag('Invalid character', 'Single quotes are not valid. Use double quotes (") to enclose strings.', range()));
        }
        if (apostrophe <= 2) apostrophe++;
        break;
      case K.Semicolon:
        if (semicolon < 1) {
          diags.push(errorDiag('Invalid character', 'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.', range()));
          semicolon++;
        }
        break;
      case K.BadUTF8:
        if (badUtf8 < 1) {
          diags.push(errorDiag('Invalid character encoding', 'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.', range()));
          badUtf8++;
        }
        break;
      case K.QuotedNewline:
        diags.push(errorDiag('Invalid multi-line string', 'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.', range()));
        break;
      case K.Invalid: {
        const chars = file.text.slice(starts[i]!, ends[i]!);
        if (chars === '\u201c' || chars === '\u201d') {
          diags.push(errorDiag('Invalid character', '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".', range()));
        } else {
          diags.push(errorDiag('Invalid character', 'This character is not used within the language.', range()));
        }
        break;
      }
    }
  }
  return diags;
}
