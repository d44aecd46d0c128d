// The plugin's manifest: what tspacker reads from `tspacker-plugin-hello`. The provisioner is registered under
// the default name, so templates use the plugin's name alone: `provisioner "hello" { ... }`.
import { DEFAULT_NAME } from '@tspacker/sdk';
import { helloProvisioner } from './hello-provisioner.js';

export { helloProvisioner, helloConfigSpec } from './hello-provisioner.js';

/** @type {import('@tspacker/sdk').PluginManifest} */
export const tspackerPlugin = {
  // The @tspacker/sdk major this plugin is written for: a literal, checked by the host when it loads the plugin.
  sdkVersion: '1',
  provisioners: { [DEFAULT_NAME]: helloProvisioner },
};
