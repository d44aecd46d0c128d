// Public API of @tspacker/plugin-amazon (documented in README.md): the amazon-ebs builder, the amazon-ami,
// amazon-secretsmanager and amazon-parameterstore data sources, and the Secrets Manager lookup behind the
// aws_secretsmanager HCL function. What validate needs (configuration specs, prepare) loads at once; the AWS SDK
// and the build steps load only when a build or a data source runs.
import { definePlugin, type BuilderComponent, type ComponentRegistry, type DataSourceComponent, type PluginManifest } from '@tspacker/sdk';
import { ebsBuilder } from './ebs/component.js';
import { amiDataSource } from './datasources/ami.js';
import { secretsManagerDataSource } from './datasources/secretsmanager.js';
import { parameterStoreDataSource } from './datasources/parameterstore.js';
import { awsSecrets } from './secrets/provider.js';

export { ebsBuilder, amiDataSource, secretsManagerDataSource, parameterStoreDataSource, awsSecrets };
export { EBS_BUILDER_ID } from './ebs/artifact-id.js';

/** The plugin as an npm package would export it (Packer's packer-plugin-amazon: `amazon-ebs`, `amazon-ami`, ...). */
export const tspackerPlugin: PluginManifest = definePlugin({
  sdkVersion: '1',
  builders: { ebs: ebsBuilder },
  dataSources: { ami: amiDataSource, secretsmanager: secretsManagerDataSource, parameterstore: parameterStoreDataSource },
  secrets: awsSecrets,
});

/** The same components under their full type names, for tspacker's built-in registry. */
export function amazonComponents(): ComponentRegistry {
  return {
    builders: new Map<string, BuilderComponent>([['amazon-ebs', ebsBuilder as BuilderComponent]]),
    provisioners: new Map(),
    postProcessors: new Map(),
    dataSources: new Map<string, DataSourceComponent>([
      ['amazon-ami', amiDataSource],
      ['amazon-secretsmanager', secretsManagerDataSource],
      ['amazon-parameterstore', parameterStoreDataSource],
    ]),
    secrets: awsSecrets,
  };
}
