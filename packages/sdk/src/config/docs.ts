// Markdown documentation of a config spec, in the shape of Packer's generated plugin docs (packer-sdc
// struct-markdown): "Required" and "Optional" lists of `- \`name\` (type) - text`, nested blocks indented below
// their entry.
import type { AttrSpec, BlockSpec, ConfigSpec, ValueKind } from './spec.js';

/** The documentation of every attribute and block of a spec, required ones first. */
export function configDocs(spec: ConfigSpec): string {
  const entries = Object.entries(spec);
  const required = entries.filter(([, e]) => e.required === true);
  const optional = entries.filter(([, e]) => e.required !== true);
  const sections: string[] = [];
  if (required.length > 0) sections.push(`### Required\n\n${list(required, '')}`);
  if (optional.length > 0) sections.push(`### Optional\n\n${list(optional, '')}`);
  return sections.map((section) => section.trimEnd()).join('\n\n') + '\n';
}

function list(entries: readonly [string, AttrSpec | BlockSpec][], indent: string): string {
  return entries.map(([name, e]) => item(name, e, indent)).join('\n');
}

function item(name: string, entry: AttrSpec | BlockSpec, indent: string): string {
  const text: string[] = [];
  if (entry.doc) text.push(entry.doc.trim().replace(/\n/g, `\n${indent}  `));
  if (entry.kind === 'attr') {
    if (entry.default !== undefined) text.push(`Defaults to \`${defaultText(entry.default)}\`.`);
    if (entry.aliases?.length) text.push(`Also accepted under the deprecated name${entry.aliases.length > 1 ? 's' : ''} ${entry.aliases.map((a) => `\`${a}\``).join(', ')}.`);
    if (entry.interpolate === false) text.push('Not rendered as a `{{ }}` template when the configuration is prepared.');
  }
  if (entry.deprecated !== undefined) text.push(`**Deprecated**${entry.deprecated ? `: ${entry.deprecated}` : '.'}`);
  const head = `${indent}- \`${name}\` (${entry.kind === 'attr' ? kindText(entry.value) : blockText(entry)})`;
  let out = text.length > 0 ? `${head} - ${text.join(' ')}` : head;
  if (entry.kind === 'block') {
    const nested = Object.entries(entry.spec);
    if (nested.length > 0) out += `\n\n${list(nested, `${indent}  `)}\n`;
  }
  return out;
}

/** Packer's Go-flavoured type names. */
function kindText(kind: ValueKind): string {
  switch (kind.kind) {
    case 'duration':
      return 'duration string | ex: "1h5m2s"';
    case 'list':
      return `[]${kindText(kind.element)}`;
    case 'map':
      return `map[string]${kindText(kind.element)}`;
    default:
      return kind.kind;
  }
}

function blockText(block: BlockSpec): string {
  if (block.nesting === 'single') return 'block';
  const bounds: string[] = [];
  if (block.minItems) bounds.push(`at least ${block.minItems}`);
  if (block.maxItems) bounds.push(`at most ${block.maxItems}`);
  return bounds.length > 0 ? `block list, ${bounds.join(', ')}` : 'block list';
}

function defaultText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
