// Public API of @tspacker/core (documented in README.md).
export type * from './template/types.js';
