// The one error type interpolation throws. Its message is exactly what Packer prints (Go's text/template text,
// e.g. `template: root:1: function "foo" not defined`), so callers can show it without decoration.
export class InterpolateError extends Error {
  override readonly name = 'InterpolateError';
}
