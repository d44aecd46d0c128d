// How Prepare failures read (Packer's MultiError) lives in the SDK, shared with core and other plugins.
export { multiErrorText, prepareErrorText, resultOf } from '@tspacker/sdk';
