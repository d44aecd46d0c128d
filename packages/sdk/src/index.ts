// Public API of @tspacker/sdk (documented in README.md).
export * from './components.js';
export * from './runtime.js';
export * from './steps.js';
export * from './plugin.js';
export * from './config/spec.js';
export * from './config/decode.js';
export * from './config/to-js.js';
export * from './config/from-legacy-json.js';
export * from './config/from-js.js';
export * from './config/docs.js';
export * from './duration.js';
export * from './interpolate/index.js';
// Go's %q quoting, for messages worded like a Go plugin's.
export { goQuote } from '@tspacker/hcl';
export * from './secrets.js';
export * from './cancellation.js';
export * from './go-os.js';
export * from './communicator/config.js';
export * from './communicator/component.js';
export * from './communicator/generated-data.js';
export * from './communicator/clear-authorized-keys.js';
export * from './packer-core.js';
export * from './prepare-result.js';
// The synchronous lookups behind aws_secretsmanager, consul_key and vault (ComponentRegistry.secrets).
export type { SecretsProvider, VaultSecret } from '@tspacker/hcl';
