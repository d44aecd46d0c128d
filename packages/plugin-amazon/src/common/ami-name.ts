// AMIConfig's checks of `ami_name`: CreateImage's length and character rules, in Packer's words.
import { cleanResourceName } from './template-funcs.js';

/** The problems with an AMI name (none when valid); Packer counts bytes. */
export function amiNameErrors(name: string): string[] {
  const errors: string[] = [];
  const length = Buffer.byteLength(name, 'utf8');
  if (length < 3 || length > 128) errors.push('ami_name must be between 3 and 128 characters long');
  if (name !== cleanResourceName(name)) {
    errors.push(
      'AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), ' +
        "periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the " +
        '`clean_resource_name` template filter to automatically clean your ami name.',
    );
  }
  return errors;
}
