// How Packer prints a component's Prepare/Configure failure: a packersdk.MultiError (the usual case) or a plain
// error returned on its own. Core shows this text as the diagnostic (summary for builders, detail otherwise).
import type { PrepareResult } from './components.js';

/** packersdk.MultiError's Error(): `N error(s) occurred:\n\n* a\n* b`. */
export function multiErrorText(errors: readonly string[]): string {
  return `${errors.length} error(s) occurred:\n\n${errors.map((e) => `* ${e}`).join('\n')}`;
}

/**
 * go-multierror's default format (github.com/hashicorp/go-multierror, which Packer's core and template packages
 * use): `1 error occurred:\n\t* e\n\n` or `N errors occurred:\n\t* a\n\t* b\n\n`.
 */
export function goMultiErrorText(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

/** The error text Packer would print for a prepare result, or undefined when it succeeded. */
export function prepareErrorText(result: PrepareResult): string | undefined {
  if (result.error !== undefined) return result.error;
  if (result.errors && result.errors.length > 0) return multiErrorText(result.errors);
  return undefined;
}

/** A result from collected MultiError items and warnings (empty lists left out). */
export function resultOf(errors: readonly string[], warnings: readonly string[] = []): PrepareResult {
  return { ...(errors.length > 0 ? { errors } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
}
