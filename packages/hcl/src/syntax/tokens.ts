// The token kinds of HCL native syntax, named after hclsyntax's TokenType constants.
// The formatter works on this token stream (it only changes the whitespace between tokens), and the parser
// consumes it after the newline filter.

export type TokenType =
  | 'OBrace' // {
  | 'CBrace' // }
  | 'OBrack' // [
  | 'CBrack' // ]
  | 'OParen' // (
  | 'CParen' // )
  | 'OQuote' // " opening a quoted template
  | 'CQuote' // " closing it
  | 'OHeredoc' // <<EOT or <<-EOT, text includes the newline that ends the opener
  | 'CHeredoc' // the closing marker line's marker (text as in the source, may include leading spaces)
  | 'Star'
  | 'Slash'
  | 'Plus'
  | 'Minus'
  | 'Percent'
  | 'Equal' // =
  | 'EqualOp' // ==
  | 'NotEqual'
  | 'LessThan'
  | 'LessThanEq'
  | 'GreaterThan'
  | 'GreaterThanEq'
  | 'And'
  | 'Or'
  | 'Bang'
  | 'Dot'
  | 'Comma'
  | 'DoubleColon'
  | 'Ellipsis'
  | 'FatArrow'
  | 'Question'
  | 'Colon'
  | 'TemplateInterp' // ${ or ${~
  | 'TemplateControl' // %{ or %{~
  | 'TemplateSeqEnd' // } or ~} closing an interpolation or directive
  | 'QuotedLit' // literal text inside a quoted template (escapes not yet decoded)
  | 'StringLit' // literal text inside a heredoc or bare template
  | 'NumberLit'
  | 'Ident'
  | 'Comment' // any of the three styles; # and // comments include their newline
  | 'Newline'
  | 'EOF'
  // Tokens recognised only to report them:
  | 'BitwiseAnd'
  | 'BitwiseOr'
  | 'BitwiseNot'
  | 'BitwiseXor'
  | 'StarStar'
  | 'Apostrophe'
  | 'Backtick'
  | 'Semicolon'
  | 'Tabs'
  | 'Invalid'
  | 'BadUTF8'
  | 'QuotedNewline';

export interface Token {
  readonly type: TokenType;
  /** The token's source text. */
  readonly text: string;
  /** UTF-16 offsets into the file text, end exclusive. */
  readonly start: number;
  readonly end: number;
}
