// What an npm plugin package exports so that tspacker can find its components: Packer's plugin.Set (the
// components a `packer-plugin-NAME` binary registers), as a plain object named `tspackerPlugin`.
import type { SecretsProvider } from '@tspacker/hcl';
import type { CommunicatorComponent } from './communicator/component.js';
import type { BuilderComponent, DataSourceComponent, PostProcessorComponent, ProvisionerComponent } from './components.js';

/**
 * The major version of this SDK. A plugin records the major it was built for (`sdkVersion`); tspacker refuses a
 * plugin built for another major, because the component interfaces may differ.
 */
export const SDK_VERSION_MAJOR = '1';

/**
 * Packer's plugin.DEFAULT_NAME: a component registered under this name is used by the plugin's name alone
 * (plugin `hello`, provisioner DEFAULT_NAME → `provisioner "hello"`), instead of `PLUGIN-COMPONENT`.
 */
export const DEFAULT_NAME = '-packer-default-plugin-name-';

/**
 * The `tspackerPlugin` export of a plugin package. Component names are local to the plugin: in package
 * `tspacker-plugin-amazon`, builder `ebs` is used as `source "amazon-ebs"`, and builder DEFAULT_NAME as
 * `source "amazon"`.
 */
export interface PluginManifest {
  /**
   * The SDK major the plugin was built for, written as a literal (`'1'`): importing SDK_VERSION_MAJOR would give
   * the host's major at run time (the SDK is a peer dependency), which defeats the check.
   */
  readonly sdkVersion: string;
  readonly builders?: Readonly<Record<string, BuilderComponent>>;
  readonly provisioners?: Readonly<Record<string, ProvisionerComponent>>;
  readonly postProcessors?: Readonly<Record<string, PostProcessorComponent>>;
  readonly dataSources?: Readonly<Record<string, DataSourceComponent>>;
  /** Communicators by the name `communicator = "NAME"` uses (not prefixed with the plugin's name). */
  readonly communicators?: Readonly<Record<string, CommunicatorComponent>>;
  /** Synchronous lookups for the HCL functions that read outside services (see ComponentRegistry.secrets). */
  readonly secrets?: SecretsProvider;
}

/** Identity, for type checking: `export const tspackerPlugin = definePlugin({ sdkVersion: '1', provisioners: { ... } })`. */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest;
}
