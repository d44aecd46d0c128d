// `tspacker console [-var k=v] [-var-file F] [TEMPLATE]`, as Packer's ConsoleCommand in HCL2 mode:
// - stdin a pipe (FIFO): every line is trimmed and evaluated; diagnostics are printed as they come, only the
//   last line's result is printed at the end; exit 1 if any line had errors.
// - otherwise (a terminal, a file, a socket): each line's result is printed as it is evaluated, with a `> `
//   prompt on a terminal; `exit` or end of input ends the session (exit 0).
// Both modes understand `exit`, `help` and `variables`; an empty line gives an empty result.
// With a TEMPLATE, the template is loaded as `validate` does and initialized (its errors ignored, as Packer does);
// without one, the console is that of an empty HCL2 template with -config-type=hcl2, else (Packer's default) of
// the tiniest JSON template. In JSON mode lines are `{{ }}` templates rendered in the template's context.
import fs from 'node:fs';
import readline from 'node:readline';
import { decodeSource, evaluate, hasErrors, parseExpression, renderConsoleValue, variableValuesText, type Diagnostic } from '@tspacker/hcl';
import { initializeTemplate, type LegacyCore } from '@tspacker/core';
import { loadConsoleScope, templateConsoleScope, type ConsoleScope } from '../console/scope.js';
import { writeDiags } from '../diags.js';
import { consoleFlags, metaArgs, parseCommandFlags } from '../flags.js';
import { loadCommandTemplate, loadLegacyTemplate } from '../template.js';
import type { Ui } from '../ui.js';

export const CONSOLE_HELP_TEXT = `Packer console HCL2 Mode.
The Packer console allows you to experiment with Packer interpolations.
You may access variables and functions in the Packer config you called the
console with.

Type in the interpolation to test and hit <enter> to see the result.

"upper(var.foo.id)" would evaluate to the ID of "foo" and uppercase is, if it
exists in your config file.

"variables" will dump all available variables and their values.

To exit the console, type "exit" and hit <enter>, or use Control-C.

/!\\ It is not possible to use go templating interpolation like "{{timestamp}}"
with in HCL2 mode.`;

export async function runConsole(argv: readonly string[], baseUi: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags(consoleFlags, argv, baseUi, help);
  if (!flags) return 1;
  let evaluate: Evaluate;
  let ui = baseUi;
  if (flags.args.length === 1 || flags.strings.get('config-type') !== 'hcl2') {
    // A template: parse errors stop the console; Initialize's are ignored (unset variables stay unknown).
    const request = { ...metaArgs(flags), path: flags.args.length === 1 ? flags.args[0]! : '' };
    const loaded = request.path === '' ? await loadLegacyTemplate(baseUi, request) : await loadCommandTemplate(baseUi, request);
    if (loaded.ret !== 0) return loaded.ret;
    ui = loaded.ui;
    if (loaded.legacy) {
      const legacy = loaded.legacy;
      legacy.initialize();
      evaluate = (line) => evaluateLegacyLine(line, legacy);
    } else if (loaded.config) {
      await initializeTemplate(loaded.config);
      const scope = templateConsoleScope(loaded.config);
      evaluate = (line) => evaluateLine(line, scope);
    } else return 1;
  } else {
    const loaded = loadConsoleScope({ vars: flags.kvs.get('var')!, varFiles: flags.lists.get('var-file')! });
    const ret = writeDiags(ui, loaded.files, loaded.diags, variableValuesText);
    if (ret !== 0 || !loaded.scope) return ret || 1;
    const scope = loaded.scope;
    evaluate = (line) => evaluateLine(line, scope);
  }

  return isPipe(0) ? modePiped(evaluate, ui) : modeInteractive(evaluate, ui);
}

type Evaluate = (line: string) => LineResult;

/** Core.EvaluateExpression (JSON mode): a failure is an "Interpolation error" of no severity, shown but not fatal. */
function evaluateLegacyLine(line: string, legacy: LegacyCore): LineResult {
  const r = legacy.evaluateExpression(line);
  const diags: Diagnostic[] = r.error !== undefined ? [{ severity: 'invalid', summary: 'Interpolation error', detail: r.error }] : [];
  return { out: r.result, exit: r.exit, diags };
}

interface LineResult {
  out: string;
  exit: boolean;
  diags: Diagnostic[];
}

/** PackerConfig.EvaluateExpression. */
export function evaluateLine(line: string, scope: ConsoleScope): LineResult {
  switch (line) {
    case '':
      return { out: '', exit: false, diags: [] };
    case 'exit':
      return { out: '', exit: true, diags: [] };
    case 'help':
      return { out: CONSOLE_HELP_TEXT, exit: false, diags: [] };
    case 'variables':
      return { out: scope.variablesDump(), exit: false, diags: [] };
  }
  const parsed = parseExpression(line, '<console-input>', { line: 1, column: 1, byte: 0 });
  if (hasErrors(parsed.diags)) return { out: '', exit: false, diags: parsed.diags };
  const { value, diags } = evaluate(parsed.expr, scope.ctx);
  const all = [...parsed.diags, ...diags];
  if (hasErrors(diags)) return { out: '', exit: false, diags: all };
  return { out: renderConsoleValue(value), exit: false, diags: all };
}

function isPipe(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}

/** Go's unicode.IsSpace, for strings.TrimSpace. */
function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.codePointAt(a)!)) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/**
 * The lines bufio.Scanner yields: split on "\n", a trailing "\r" dropped, no empty last line after a final
 * newline; a line of 64 KiB or more stops the scan (the rest of the input is ignored).
 */
function scannerLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    let nl = bytes.indexOf(10, i);
    const end = nl < 0 ? bytes.length : nl;
    if (end - i >= 65536) break;
    let tokenEnd = end;
    if (tokenEnd > i && bytes[tokenEnd - 1] === 13) tokenEnd--;
    lines.push(decodeSource(bytes.subarray(i, tokenEnd)).text);
    if (nl < 0) nl = bytes.length;
    i = nl + 1;
  }
  return lines;
}

function modePiped(evaluate: Evaluate, ui: Ui): number {
  let lastResult = '';
  let ret = 0;
  for (const line of scannerLines(fs.readFileSync(0))) {
    const r = evaluate(goTrimSpace(line));
    if (r.diags.length > 0) ret = writeDiags(ui, undefined, r.diags, variableValuesText);
    lastResult = r.out;
  }
  ui.message(lastResult);
  return ret;
}

async function modeInteractive(evaluate: Evaluate, ui: Ui): Promise<number> {
  const terminal = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: terminal ? process.stdout : undefined, terminal, prompt: '> ' });
  if (terminal) {
    // Ctrl-C on an empty line ends the session; on a partial line it discards the line.
    rl.on('SIGINT', () => {
      if ((rl as unknown as { line: string }).line.length === 0) {
        rl.close();
      } else {
        rl.write(null, { ctrl: true, name: 'u' });
        rl.prompt();
      }
    });
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      const r = evaluate(line);
      const ret = writeDiags(ui, undefined, r.diags, variableValuesText);
      if (r.exit) return ret;
      ui.say(r.out);
      if (terminal) rl.prompt();
    }
  } finally {
    rl.close();
  }
  return 0;
}
