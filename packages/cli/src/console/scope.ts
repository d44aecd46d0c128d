// What the console evaluates in: Packer's PackerConfig.EvalContext(NilContext) — `var`, `local`, `source`,
// `build`, `path`, `packer` and the function table — plus the `variables` listing.
//
// With a TEMPLATE, core loads and initializes it and gives both (`templateConsoleScope`). Without one, this is all
// Packer's Parse does with `-var` and `-var-file` for an empty configuration (`loadConsoleScope`): var files are
// read and parsed (errors reported with source snippets), their attributes are ignored as no variable is
// declared, and every `-var` is an "Undefined -var variable" error.
import fs from 'node:fs';
import path from 'node:path';
import {
  bodyJustAttributes,
  bodyPartialContent,
  decodeSource,
  hasErrors,
  EmptyObjectType,
  errorDiag,
  jsonDiagnosticSource,
  nativeDiagnosticSource,
  objectVal,
  packerFunctions,
  parseConfig,
  parseJson,
  renderConsoleValue,
  StringType,
  stringVal,
  unknownVal,
  goQuote,
  type Diagnostic,
  type Body,
  type DiagnosticSource,
  type EvalContext,
  type Value,
} from '@tspacker/hcl';
import { evalContext, variablesText, type PackerConfig } from '@tspacker/core';
import { PACKER_COMPAT_VERSION } from '../version.js';

export interface ConsoleOptions {
  readonly vars: ReadonlyMap<string, string>;
  readonly varFiles: readonly string[];
}

export interface ConsoleScope {
  readonly ctx: EvalContext;
  /** The `variables` command's output. */
  variablesDump(): string;
}

export interface LoadedScope {
  readonly scope?: ConsoleScope;
  readonly diags: Diagnostic[];
  /** Parsed files, so that diagnostics can show their source. */
  readonly files: Map<string, DiagnosticSource>;
}

/** The console of a loaded (and initialized) template: Packer's NilContext, which has no `data`. */
export function templateConsoleScope(config: PackerConfig): ConsoleScope {
  return { ctx: evalContext(config, 'variables'), variablesDump: () => variablesText(config) };
}

/** The console without a template. */
export function loadConsoleScope(opts: ConsoleOptions): LoadedScope {
  const diags: Diagnostic[] = [];
  const files = new Map<string, DiagnosticSource>();

  // Parse every var file first (a file that fails is left out), as Packer's Parse does.
  const bodies: Body[] = [];
  for (const file of opts.varFiles) {
    const ext = path.extname(file);
    if (ext !== '.hcl' && ext !== '.json') {
      diags.push(errorDiag(`Could not guess format of ${file}`, 'A var file must be suffixed with `.hcl` or `.json`.'));
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      // hclparse and the json package word this differently.
      if (ext === '.hcl') diags.push(errorDiag('Failed to read file', `The configuration file ${goQuote(file)} could not be read.`));
      else diags.push(errorDiag('Failed to open file', `The file ${goQuote(file)} could not be opened.`));
      continue;
    }
    const { text } = decodeSource(bytes);
    const parsed = ext === '.hcl' ? parseConfig(text, file) : parseJson(text, file);
    files.set(file, parsed.body.kind === 'nativeBody' ? nativeDiagnosticSource(text, parsed.body) : jsonDiagnosticSource(text, parsed.body.node));
    diags.push(...parsed.diags);
    if (hasErrors(parsed.diags)) continue;
    bodies.push(parsed.body);
  }

  // collectInputVariableValues, with no variable declared: nothing is assigned, but the files are checked.
  const collected: Diagnostic[] = [];
  const done = (): LoadedScope => {
    diags.push(...collected);
    return { diags, files };
  };
  for (const body of bodies) {
    // Variable declarations in a var file are a common mistake with a dedicated message.
    const probe = bodyPartialContent(body, { blocks: [{ type: 'variable', labelNames: ['name'] }] });
    for (const block of probe.content.blocks) {
      const name = block.labels[0]!;
      collected.push(
        errorDiag(
          'Variable declaration in a .pkrvar file',
          `A .pkrvar file is used to assign values to variables that have already been declared in .pkr files, not to declare new variables. To declare variable ${goQuote(name)}, place this block in one of your .pkr files, such as variables.pkr.hcl\n\nTo set a value for this variable in ${block.typeRange.filename}, use the definition syntax instead:\n    ${name} = <value>`,
          block.typeRange,
        ),
      );
    }
    if (hasErrors(collected)) return done();
    // The attributes would be assigned to declared variables; with none declared they are skipped.
    collected.push(...bodyJustAttributes(body).diags);
  }

  for (const name of opts.vars.keys()) {
    collected.push(
      errorDiag(
        'Undefined -var variable',
        `A ${goQuote(name)} variable was passed in the command line but was not found in known variables. To declare variable ${goQuote(name)}, place this block in one of your .pkr files, such as variables.pkr.hcl`,
      ),
    );
  }

  done();

  const inputVariables = new Map<string, Value>();
  const localVariables = new Map<string, Value>();
  const baseDir = '';
  const cwd = process.cwd();
  const variables = new Map<string, Value>([
    ['var', objectVal(inputVariables)],
    ['local', objectVal(localVariables)],
    ['source', objectVal({ type: unknownVal(StringType), name: unknownVal(StringType) })],
    ['build', unknownVal(EmptyObjectType)],
    ['path', objectVal({ cwd: stringVal(cwd.replaceAll('\\', '/')), root: stringVal(baseDir) })],
    [
      'packer',
      objectVal({
        version: stringVal(PACKER_COMPAT_VERSION),
        iterationID: unknownVal(StringType),
        versionFingerprint: unknownVal(StringType),
      }),
    ],
  ]);
  const ctx: EvalContext = { variables, functions: packerFunctions({ baseDir, cwd }) };

  const scope: ConsoleScope = {
    ctx,
    variablesDump() {
      let out = '> input-variables:\n\n';
      for (const [k, v] of [...inputVariables].sort()) out += `var.${k}: ${goQuote(renderConsoleValue(v))}\n`;
      out += '\n> local-variables:\n\n';
      for (const [k, v] of [...localVariables].sort()) out += `local.${k}: ${goQuote(renderConsoleValue(v))}\n`;
      return out;
    },
  };
  return { scope, diags, files };
}
