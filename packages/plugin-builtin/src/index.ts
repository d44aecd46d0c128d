// Public API of @tspacker/plugin-builtin (documented in README.md): Packer's bundled components.
import type {
  BuilderComponent,
  ComponentRegistry,
  DataSourceComponent,
  PostProcessorComponent,
  ProvisionerComponent,
} from '@tspacker/sdk';
import { nullBuilder } from './builders/null.js';
import { fileBuilder } from './builders/file.js';
import { shellLocalProvisioner } from './provisioners/shell-local.js';
import { fileProvisioner } from './provisioners/file.js';
import { shellProvisioner } from './provisioners/shell.js';
import { breakpointProvisioner } from './provisioners/breakpoint.js';
import { sleepProvisioner } from './provisioners/sleep.js';
import { windowsRestartProvisioner } from './provisioners/windows-restart.js';
import { windowsShellProvisioner } from './provisioners/windows-shell.js';
import { powershellProvisioner } from './provisioners/powershell.js';
import { manifestPostProcessor } from './post-processors/manifest.js';
import { checksumPostProcessor } from './post-processors/checksum.js';
import { compressPostProcessor } from './post-processors/compress.js';
import { shellLocalPostProcessor } from './post-processors/shell-local.js';
import { artificePostProcessor } from './post-processors/artifice.js';
import { nullDataSource } from './data-sources/null.js';
import { httpDataSource } from './data-sources/http.js';

export * from './builders/null.js';
export * from './builders/file.js';
export * from './provisioners/shell-local.js';
export * from './provisioners/file.js';
export * from './provisioners/shell.js';
export * from './provisioners/breakpoint.js';
export * from './provisioners/sleep.js';
export * from './provisioners/windows-restart.js';
export * from './provisioners/windows-shell.js';
export * from './provisioners/powershell.js';
export * from './post-processors/manifest.js';
export * from './post-processors/checksum.js';
export * from './post-processors/compress.js';
export * from './post-processors/shell-local.js';
export * from './post-processors/artifice.js';
export * from './data-sources/null.js';
export * from './data-sources/http.js';
export * from './packer-core-spec.js';
export * from './shell-local-config.js';
export { multiErrorText, prepareErrorText } from './prepare-errors.js';
export * from './file-artifact.js';
export { runShellLocal } from './shell-local-run.js';

const entries = <C>(pairs: Record<string, C>): ReadonlyMap<string, C> => new Map(Object.entries(pairs));

/** Packer's bundled components by type name, as `packer` 1.16 registers them (the ones tspacker has). */
export function builtinComponents(): ComponentRegistry {
  return {
    builders: entries<BuilderComponent>({ null: nullBuilder, file: fileBuilder }),
    provisioners: entries<ProvisionerComponent>({
      'shell-local': shellLocalProvisioner,
      file: fileProvisioner,
      shell: shellProvisioner,
      breakpoint: breakpointProvisioner,
      sleep: sleepProvisioner,
      'windows-restart': windowsRestartProvisioner,
      'windows-shell': windowsShellProvisioner,
      powershell: powershellProvisioner,
    }),
    postProcessors: entries<PostProcessorComponent>({
      manifest: manifestPostProcessor,
      checksum: checksumPostProcessor,
      compress: compressPostProcessor,
      'shell-local': shellLocalPostProcessor,
      artifice: artificePostProcessor,
    }),
    dataSources: entries<DataSourceComponent>({ null: nullDataSource, http: httpDataSource }),
  };
}
