// Public API of @tspacker/hcl (documented in README.md). Internals stay reachable by path for tests only.

// Sources, positions and diagnostics.
export * from './source.js';
export * from './diagnostics.js';

// The syntax-independent model (expressions, bodies, schemas).
export * from './model.js';

// Values and types (cty).
export * from './values/types.js';
export * from './values/value.js';
export { BigFloat, BigFloatError } from './values/number.js';
export { convert, canConvert, ConversionError, mismatchMessage } from './values/convert.js';
export { equals, rawEquals } from './values/equals.js';
export { unify, unifyUnsafe } from './values/unify.js';
export { typeOf, typeConstraint, typeConstraintWithDefaults, applyDefaults, type TypeResult, type Defaults } from './values/typeexpr.js';

// Native syntax.
export { goQuote } from './syntax/goquote.js';
// Go's path/filepath and *fs.PathError texts, for messages worded like Go's outside the functions too.
export { clean as goClean, join as goJoin, base as goBase, dir as goDir, pathErrorText as goPathErrorText } from './functions/go-filepath.js';
export { parseConfig, parseExpression, parseTemplate, parseTraversalAbs, scanTokens, decodeSource, type Token, type TokenType } from './syntax/index.js';
export type { NativeBody, NativeAttribute, NativeBlock, NativeExpr, Traversal, TraverseStep } from './syntax/ast.js';

// JSON syntax.
export { parseJson, parseJsonValue } from './json/parser.js';
export type { JsonBody, JsonExpression, JsonNode } from './json/ast.js';

// Evaluation and static analysis.
export type { EvalContext } from './eval/context.js';
export { childContext } from './eval/context.js';
export { evaluate, type EvalResult } from './eval/evaluate.js';
export { variables, absTraversalForExpr, relTraversalForExpr, exprAsKeyword, exprList, exprMap, exprCall } from './static.js';

// Decoding bodies against schemas (native and JSON), dynamic blocks.
export {
  bodyContent,
  bodyPartialContent,
  bodyJustAttributes,
  bodyMissingItemRange,
  type ContentResult,
  type PartialContentResult,
  type AttributesResult,
} from './decode/content.js';
export { expandDynamicBlocks } from './decode/dynblock.js';

// Functions.
export type { FunctionDef, Parameter } from './functions/function.js';
export { FunctionArgError, FunctionError } from './functions/function.js';
export { packerFunctions, makeEnvFunction, envFunction, type PackerFunctionOptions } from './functions/packer.js';
export type { SecretsProvider, VaultSecret } from './functions/external.js';

// Formatting (hclwrite.Format, as `packer fmt` applies it).
export { format, formatSource, formatBytes, type FormatResult, type FormatBytesResult } from './format/index.js';

// Rendering: diagnostics as text, values as `packer console` prints them.
export {
  renderDiagnostic,
  renderDiagnostics,
  nativeDiagnosticSource,
  jsonDiagnosticSource,
  type DiagnosticSource,
  type DiagnosticSources,
  type DiagnosticTextOptions,
} from './render/diagnostics-text.js';
export { variableValuesText, valueString } from './render/variable-values.js';
export { renderConsoleValue, formatGoFloatG, formatGoFloatF } from './render/console.js';
export { wrapString } from './render/wordwrap.js';
