// @tspacker/sdk/testing: helpers for a plugin's own tests (documented in docs/plugins.md, "Testing"). Not part of
// the main entry point, so that tspacker itself never loads them.
export * from './ui.js';
export * from './communicator.js';
export * from './artifact.js';
export * from './prepare.js';
export * from './run-components.js';
export * from './steps.js';
export * from './connect.js';
