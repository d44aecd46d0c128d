// Public API of @tspacker/sdk (documented in README.md).
export * from './components.js';
export * from './config/spec.js';
