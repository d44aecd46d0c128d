// The one deliberate UI difference between the oracle (`packer` 1.6.6 on PATH) and the Packer tspacker follows (1.16):
// since Packer 1.13 TargetedUI.Message is Say, so the lines a component prints with Message (shell-local's output, …)
// look like its Say lines. Differential tests convert 1.6.6's output with asCurrentPackerMessages before comparing.

/** A build name or a post-processor's target: `null.a`, `my_build.file.x`, `null.a (shell-local)`. */
const TARGET = String.raw`[\w.-]+(?: \([\w.-]+\))?`;
/** `-timestamp-ui`'s stamp, once per UI call (so only on the first line of a multi-line message). */
const STAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d): `;

/** Human output: optional normal-weight colour (first line of a message only), optional stamp, `    TARGET:`. */
const HUMAN_MESSAGE_LINE = new RegExp(String.raw`^(?:\x1b\[0;(3\d)m)?(${STAMP})?    (${TARGET}):(?= |\x1b|$)`, 'gm');
/** `-machine-readable`: `time,target,ui,message,DATA` (Packer's TargetedUI lines have an empty target). */
const MACHINE_MESSAGE_LINE = /^(\d+,[^,\n]*),ui,message,(.*)$/gm;
/** Inside machine-readable data: the start, or a line break (escaped as `\n`), then `    TARGET:`. */
const MACHINE_MESSAGE_PREFIX = new RegExp(String.raw`(^(?:${STAMP})?|\\n)    (${TARGET}):(?= |\\n|$)`, 'g');

/** The targets of the output's Say lines (`==> null.a: …`): only their indented lines are Message lines. */
function saidTargets(output: string): Set<string> {
  return new Set([...output.matchAll(new RegExp(String.raw`==> (${TARGET}):`, 'g'))].map((m) => m[1]!));
}

/**
 * `packer build` 1.6.6 output with its Message lines in the 1.13+ form: `    NAME: text` → `==> NAME: text`, the
 * normal-weight colour `ESC[0;3Xm` → bold `ESC[1;3Xm`, and machine-readable `ui,message` → `ui,say`. NAME must be
 * a target the output also says something for, so indented text of errors is not mistaken for a message; say,
 * error, `Build '…' finished/errored` and summary (`-->`) lines are left as they are.
 */
export function asCurrentPackerMessages(output: string): string {
  const targets = saidTargets(output);
  return output
    .replace(HUMAN_MESSAGE_LINE, (line, color: string | undefined, stamp: string | undefined, target: string) =>
      targets.has(target) ? `${color ? `\x1b[1;${color}m` : ''}${stamp ?? ''}==> ${target}:` : line,
    )
    .replace(MACHINE_MESSAGE_LINE, (line, head: string, data: string) => {
      const said = data.replace(MACHINE_MESSAGE_PREFIX, (prefix, before: string, target: string) =>
        targets.has(target) ? `${before}==> ${target}:` : prefix,
      );
      return said === data ? line : `${head},ui,say,${said}`;
    });
}
