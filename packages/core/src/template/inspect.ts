// `packer inspect` for HCL2 templates (PackerConfig.InspectConfig in Packer 1.16): the title, the variables as
// the console's `variables` command prints them, and each build block's sources, provisioners and
// post-processor chains. Packer says these as three UI messages (each gets a newline) and its UI replaces every
// registered sensitive value by `<sensitive>`; the text returned here is that output, secrets masked.
// It only reads what Initialize left in the config, so it works when Initialize reported errors.
import type { PackerConfig } from './types.js';
import { sourceUseName } from './source-block.js';
import { variablesText } from './variables-text.js';

/** A component as inspect lists it: `type`, or `type.name` when the block has a name. */
function componentLabel(type: string, name: string): string {
  return name !== '' ? `${type}.${name}` : type;
}

/** PackerConfig.printBuilds. */
export function buildsText(config: PackerConfig): string {
  let out = '> builds:\n';
  config.builds.forEach((build, i) => {
    out += `\n  > ${build.name !== '' ? build.name : `<unnamed build ${i}>`}:\n`;
    if (build.description !== '') out += `\n  > Description: ${build.description}\n`;
    out += '\n    sources:\n';
    if (build.sources.length === 0) out += '\n      <no source>\n';
    for (const use of build.sources) out += `\n      ${sourceUseName(use)}\n`;
    out += '\n    provisioners:\n\n';
    if (build.provisioners.length === 0) out += '      <no provisioner>\n';
    for (const p of build.provisioners) out += `      ${componentLabel(p.type, p.name)}\n`;
    out += '\n    post-processors:\n';
    if (build.postProcessors.length === 0) out += '\n      <no post-processor>\n';
    build.postProcessors.forEach((chain, j) => {
      out += `\n      ${j}:\n`;
      for (const pp of chain) out += `        ${componentLabel(pp.type, pp.name)}\n`;
    });
  });
  return out;
}

/** packersdk.LogSecretFilter: every secret replaced by `<sensitive>` (longest first, so the result is stable). */
export function maskSensitive(text: string, secrets: Iterable<string>): string {
  const sorted = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  for (const s of sorted) text = text.replaceAll(s, '<sensitive>');
  return text;
}

/** Everything `packer inspect TEMPLATE` prints for an HCL2 template. */
export function renderInspect(config: PackerConfig): string {
  const messages = ['Packer Inspect: HCL2 mode\n', variablesText(config), buildsText(config)];
  return messages.map((m) => `${maskSensitive(m, config.sensitiveValues)}\n`).join('');
}
