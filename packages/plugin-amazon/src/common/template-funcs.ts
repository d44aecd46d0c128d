// The template functions the amazon components add to their `{{ }}` options (Packer's awscommon.TemplateFuncs).
import type { TemplateFuncs } from '@tspacker/sdk';

/** Characters CreateImage accepts in a name besides ASCII letters and digits. */
const allowedPunctuation = new Set(['(', ')', '[', ']', ' ', '.', '/', '-', "'", '@', '_']);

function allowedInName(byte: number): boolean {
  const c = String.fromCharCode(byte);
  return /[0-9A-Za-z]/.test(c) || allowedPunctuation.has(c);
}

/**
 * clean_resource_name: every byte not allowed in an AMI name becomes `-`. Packer works on the UTF-8 bytes, so a
 * multi-byte character becomes several dashes (`é` → `--`); so does this.
 */
export function cleanResourceName(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  return Array.from(bytes, (b) => (allowedInName(b) ? String.fromCharCode(b) : '-')).join('');
}

export const amazonTemplateFuncs: TemplateFuncs = { clean_resource_name: cleanResourceName };
