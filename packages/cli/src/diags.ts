// Packer's writeDiags: diagnostics rendered by hcl's text writer (width 80, no colour) and shown as one UI
// message — through Error when any is an error (the command then exits 1), else through Say.
import { hasErrors, type Diagnostic } from '@tspacker/hcl/diagnostics.js';
import { renderDiagnostics, type DiagnosticSources } from '@tspacker/hcl/render/diagnostics-text.js';
import type { Ui } from './ui.js';

export function writeDiags(ui: Ui, files: DiagnosticSources | undefined, diags: readonly Diagnostic[]): number {
  const text = renderDiagnostics(diags, files, { width: 80, color: false });
  if (text.length === 0) return 0;
  if (hasErrors(diags)) {
    ui.error(text);
    return 1;
  }
  ui.say(text);
  return 0;
}
