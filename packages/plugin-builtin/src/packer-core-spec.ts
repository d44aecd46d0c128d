// The `packer_*` keys every component accepts live in the SDK (plugins outside this package need them too).
export { packerCoreSpec, applyCoreInfo, coreInterpolation, type PackerCoreKeys } from '@tspacker/sdk';
