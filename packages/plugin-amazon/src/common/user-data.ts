// The instance's user data as RunInstances and launch templates take it (Packer's LoadUserData): `user_data_file`
// wins over `user_data`; the text is base64-encoded unless it already is valid base64.
import { readFileSync } from 'node:fs';
import { goPathErrorText } from '@tspacker/sdk';

// Go's base64.StdEncoding.DecodeString accepts exactly this: padded standard alphabet, length a multiple of 4.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isStdBase64(text: string): boolean {
  return STD_BASE64.test(text.replace(/[\r\n]/g, '')); // Go's decoder skips newlines
}

/** The base64 user data; throws Packer's "Problem reading user data file: …". '' stays '' (valid base64). */
export function loadUserData(userData: string, userDataFile: string): string {
  let text = userData;
  if (userDataFile !== '') {
    try {
      text = readFileSync(userDataFile, 'utf8');
    } catch (e) {
      throw new Error(`Problem reading user data file: ${goPathErrorText('open', userDataFile, e)}`);
    }
  }
  return isStdBase64(text) ? text : Buffer.from(text, 'utf8').toString('base64');
}
