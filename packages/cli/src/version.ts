// Version numbers. The tspacker version comes from packages/cli/package.json at bundle time (esbuild `define`).
declare const __TSPACKER_VERSION__: string | undefined;

export const TSPACKER_VERSION: string = typeof __TSPACKER_VERSION__ === 'string' ? __TSPACKER_VERSION__ : '0.0.0-dev';

/** The Packer release whose behaviour tspacker reproduces (what `packer.version` reports to templates). */
export const PACKER_COMPAT_VERSION = '1.16.0';
