// `tspacker plugins new KIND NAME [DIR]`: the plugin author's scaffold. Writes an npm package
// `tspacker-plugin-NAME` with one working component of KIND (provisioner, builder, post-processor, data-source),
// its types, its tests on @tspacker/sdk/testing (which pass as generated), an example template, and a README whose
// configuration section comes from the component's configSpec. The files are in ../plugin-templates/.
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandFlags } from '../flags.js';
import { kindTemplates, pluginFiles, pluginNames, type PluginKind } from '../plugin-templates/index.js';
import type { Ui } from '../ui.js';

/** The help of `plugins new`, for the `plugins` command's dispatcher. */
export const pluginsNewHelp = `Usage: tspacker plugins new <provisioner|builder|post-processor|data-source> NAME [DIR]

  Creates the npm package of a new tspacker plugin, tspacker-plugin-NAME, with
  one working component of the given kind, used in templates by the plugin's
  name (provisioner "NAME", source "NAME" "x", post-processor "NAME",
  data "NAME" "x"). The package has the component's code and types, tests
  that pass as generated (npm test), an example template, and a README whose
  configuration section is generated from the component's configSpec
  (npm run docs).

  DIR defaults to ./tspacker-plugin-NAME; it must not exist or be empty.`;

export async function runPluginsNew(argv: readonly string[], ui: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags({}, argv, ui, help);
  if (!flags) return 1;
  const [kind, name, dirArg, ...rest] = flags.args;
  if (kind === undefined || name === undefined || rest.length > 0) {
    ui.say(help);
    return 1;
  }
  if (!kindTemplates.has(kind as PluginKind)) {
    ui.error(`Unknown plugin kind ${JSON.stringify(kind)}: use ${[...kindTemplates.keys()].join(', ')}.`);
    return 1;
  }
  const names = pluginNames(name);
  if (typeof names === 'string') {
    ui.error(names);
    return 1;
  }
  const shownDir = dirArg ?? names.packageName;
  const dir = path.resolve(shownDir);
  const refusal = directoryRefusal(dir, shownDir);
  if (refusal !== undefined) {
    ui.error(refusal);
    return 1;
  }

  const files = pluginFiles(kind as PluginKind, names);
  for (const [relative, text] of files) {
    const file = path.join(dir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  ui.say(`Created ${names.packageName}, a tspacker ${kind} plugin, in ${shownDir}:`);
  for (const [relative] of files) ui.say(`  ${relative}`);
  ui.say('');
  ui.say('Next:');
  ui.say(`  cd ${shownDir}`);
  ui.say('  npm install      # @tspacker/sdk, for the tests');
  ui.say('  npm test');
  ui.say(`Templates use it as ${kindTemplates.get(kind as PluginKind)!.use.replaceAll('__NAME__', names.name)}.`);
  return 0;
}

/** Why the package cannot be written into `dir` (it must be new or empty), or undefined. */
function directoryRefusal(dir: string, shown: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return `${shown} exists and is not a directory.`;
  if (fs.readdirSync(dir).length > 0) return `Directory ${shown} is not empty: the plugin is only written into a new or empty directory.`;
  return undefined;
}
