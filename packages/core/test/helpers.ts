// Helpers shared by core's tests.
import type { Diagnostic } from '@tspacker/hcl';

/** The summaries of the error diagnostics, in order (warnings left out). */
export const errorSummaries = (diags: readonly Diagnostic[]): string[] => diags.filter((d) => d.severity === 'error').map((d) => d.summary);
