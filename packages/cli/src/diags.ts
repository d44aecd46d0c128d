// Packer's writeDiags: diagnostics rendered by hcl's text writer (width 80, no colour) and shown as one UI
// message — through Error when any is an error (the command then exits 1), else through Say.
import { hasErrors, type Diagnostic } from '@tspacker/hcl/diagnostics.js';
import { renderDiagnostics, type DiagnosticSources, type DiagnosticTextOptions } from '@tspacker/hcl/render/diagnostics-text.js';
import type { Ui } from './ui.js';

/**
 * Commands that evaluate expressions pass hcl's `variableValuesText` as `variableValues`, for the "with x as y"
 * lines; `fmt` only parses, and leaves it (and the evaluator it needs) out.
 */
export function writeDiags(
  ui: Ui,
  files: DiagnosticSources | undefined,
  diags: readonly Diagnostic[],
  variableValues?: DiagnosticTextOptions['variableValues'],
): number {
  const text = renderDiagnostics(diags, files, { width: 80, color: false, variableValues });
  if (text.length === 0) return 0;
  if (hasErrors(diags)) {
    ui.error(text);
    return 1;
  }
  ui.say(text);
  return 0;
}
