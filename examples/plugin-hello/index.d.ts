// Types for TypeScript users of the plugin (the code is plain ESM JavaScript with JSDoc types).
import type { AttrSpec, ConfigOf, PluginManifest, ProvisionerComponent } from '@tspacker/sdk';

export declare const helloConfigSpec: {
  message: AttrSpec<string>;
  output: AttrSpec<string>;
  repeat: AttrSpec<number>;
};
export type HelloConfig = ConfigOf<typeof helloConfigSpec>;
export declare const helloProvisioner: ProvisionerComponent<typeof helloConfigSpec>;
export declare const tspackerPlugin: PluginManifest;
