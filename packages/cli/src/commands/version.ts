// `tspacker version`: like `packer version` ("Packer v1.16.0"), it prints one line, `tspacker v<version>`, and
// ignores its arguments. Machine-readable mode adds Packer's `version`, `version-prelease` (sic) and
// `version-commit` events. There is no check for newer releases.
import type { Ui } from '../ui.js';
import { TSPACKER_VERSION } from '../version.js';

export async function runVersion(_args: readonly string[], ui: Ui): Promise<number> {
  const [release, prerelease = ''] = TSPACKER_VERSION.split(/-(.*)/s);
  ui.machine('version', release!);
  ui.machine('version-prelease', prerelease);
  ui.machine('version-commit', '');
  ui.say(`tspacker v${TSPACKER_VERSION}`);
  return 0;
}
