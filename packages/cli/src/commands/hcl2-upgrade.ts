// `tspacker hcl2_upgrade [-output-file=F] [-with-annotations] [-var k=v] [-var-file F] TEMPLATE`, as Packer's
// HCL2UpgradeCommand: the output file (TEMPLATE.pkr.hcl unless -output-file says otherwise) is created first, its
// directory too, and gets the annotation header at once; then the JSON template is loaded as every legacy command
// loads it (a parse or var-file error stops here: exit 1, the file keeps what was written), initialized (its
// errors are shown and ignored), converted (core/legacy/upgrade) and written. Errors the conversion reports are
// shown and make the exit status 1; the file is written anyway.
import fs from 'node:fs';
import path from 'node:path';
import { goFsErrorText } from '@tspacker/core';
import { BUNDLED_BUILDER_TYPES, UPGRADE_FILE_HEADER, upgradeTemplate } from '@tspacker/core/legacy/upgrade/upgrade.js';
import { metaArgs, metaFlags, parseCommandFlags } from '../flags.js';
import { loadLegacyTemplate } from '../template.js';
import type { Ui } from '../ui.js';

const hcl2UpgradeFlags = {
  'output-file': { type: 'string', default: '' },
  'with-annotations': { type: 'bool', default: false },
  ...metaFlags,
} as const;

export async function runHcl2Upgrade(argv: readonly string[], ui: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags(hcl2UpgradeFlags, argv, ui, help);
  if (!flags) return 1;
  if (flags.args.length !== 1) {
    ui.say(help);
    return 1;
  }
  const templatePath = flags.args[0]!;
  const outputFile = flags.strings.get('output-file') || `${templatePath}.pkr.hcl`;
  const withAnnotations = flags.bools.get('with-annotations')!;

  const mkdirError = goMkdirAll(path.dirname(outputFile));
  if (mkdirError) {
    ui.error(`Failed to create output directory: ${mkdirError}`);
    return 1;
  }
  try {
    fs.writeFileSync(outputFile, withAnnotations ? UPGRADE_FILE_HEADER : '');
  } catch (e) {
    ui.error(`Failed to create output file: open ${outputFile}: ${goFsErrorText(e)}`);
    return 1;
  }

  const loaded = await loadLegacyTemplate(ui, { ...metaArgs(flags), path: templatePath });
  if (loaded.ret !== 0 || !loaded.legacy) {
    ui.error('Failed to get config from JSON');
    return 1;
  }
  const out = loaded.ui;
  const [initError] = loaded.legacy.initialize();
  // hcl.Diagnostic.Error() of a diagnostic without subject nor summary: "<nil>: ; detail".
  if (initError) out.error(`Ignoring following initialization error: <nil>: ${initError.summary}; ${initError.detail ?? ''}`);

  const builderTypes = new Set([...BUNDLED_BUILDER_TYPES, ...(loaded.components?.builders.keys() ?? [])]);
  const result = upgradeTemplate(loaded.legacy.template, { withAnnotations, builderTypes, components: loaded.components });
  for (const error of result.errors) out.error(error);
  try {
    fs.writeFileSync(outputFile, result.hcl); // the header written above, and the rest
  } catch (e) {
    out.error(`Failed to write to file: write ${outputFile}: ${goFsErrorText(e)}`);
    return 1;
  }
  const ret = result.errors.length > 0 ? 1 : 0;
  out.say(`Successfully created ${outputFile}. Exit ${ret}`);
  return ret;
}

/** os.MkdirAll(dir, 0755): Go's error names the path that failed (`mkdir a: not a directory`). */
function goMkdirAll(dir: string): string | undefined {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (stat) return stat.isDirectory() ? undefined : `mkdir ${dir}: not a directory`;
  const parent = path.dirname(dir);
  if (parent !== dir) {
    const error = goMkdirAll(parent);
    if (error) return error;
  }
  try {
    fs.mkdirSync(dir, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(dir).isDirectory()) return undefined;
    return `mkdir ${dir}: ${goFsErrorText(e)}`;
  }
  return undefined;
}
