// The script checks the remote shell provisioners (shell, windows-shell, powershell) share, in their order:
// `script` XOR `scripts`, then scripts XOR `inline`. `inline = []` counts as absent, as Packer resets it to nil.
export interface RemoteScripts {
  inline: string[];
  script: string;
  scripts: string[];
}

/** Fills `scripts` from `script` and returns the errors of the first checks. */
export function scriptChoiceErrors(c: RemoteScripts): string[] {
  const errors: string[] = [];
  if (c.script !== '' && c.scripts.length > 0) errors.push('Only one of script or scripts can be specified.');
  if (c.script !== '') c.scripts = [c.script];
  return errors;
}

/** The "Either … / Only …" check, run after scriptChoiceErrors (and, for powershell, the elevated_user check). */
export function inlineChoiceErrors(c: RemoteScripts): string[] {
  if (c.scripts.length === 0 && c.inline.length === 0) {
    return ['Either a script file or inline script must be specified.'];
  }
  if (c.scripts.length > 0 && c.inline.length > 0) {
    return ['Only a script file or an inline script can be specified, not both.'];
  }
  return [];
}
