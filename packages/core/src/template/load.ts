// Loading a template (the first half of parser.go's Parse): the TEMPLATE argument is a `.pkr.hcl`/`.pkr.json`
// file or a directory (not recursive: every `*.pkr.hcl` in lexical order, then every `*.pkr.json`); a directory
// also brings its `*.auto.pkrvars.hcl`/`.json` files, which come before `-var-file` ones. Top-level blocks are
// collected (parse.ts) and variable values gathered (variables.ts); nothing else is evaluated yet.
import fs from 'node:fs';
import path from 'node:path';
import {
  decodeSource,
  goQuote,
  hasErrors,
  jsonDiagnosticSource,
  nativeDiagnosticSource,
  parseConfig,
  parseJson,
  type Body,
  type Diagnostic,
  type DiagnosticSource,
} from '@tspacker/hcl';
import { goFsErrorText } from './go-fs-errors.js';
import { parseTopLevel } from './parse.js';
import type { LoadOptions, PackerConfig, WithDiags } from './types.js';
import { collectInputVariableValues } from './variables.js';

const hclSuffix = '.pkr.hcl';
const jsonSuffix = '.pkr.json';
const autoVarHclSuffix = '.auto.pkrvars.hcl';
const autoVarJsonSuffix = '.auto.pkrvars.json';

/** Whether Packer reads a TEMPLATE argument as HCL2 (else it is a legacy JSON template). */
export function isHcl2Template(templatePath: string, cwd: string): boolean {
  if (templatePath.endsWith(hclSuffix) || templatePath.endsWith(jsonSuffix)) return true;
  try {
    return fs.statSync(path.resolve(cwd, templatePath)).isDirectory();
  } catch {
    return false;
  }
}

/** GetHCL2Files: the files of a path with either suffix; a file with neither yields nothing. */
function listFiles(given: string, cwd: string, hclExt: string, jsonExt: string): { hcl: string[]; json: string[]; diags: Diagnostic[] } {
  const abs = path.resolve(cwd, given);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (e) {
    // Packer 1.16 (GetHCL2Files) gives this one no summary: "Error: " then Go's stat error.
    return { hcl: [], json: [], diags: [{ severity: 'error', summary: '', detail: `stat ${given}: ${goFsErrorText(e)}` }] };
  }
  if (!stat.isDirectory()) {
    if (given.endsWith(jsonExt)) return { hcl: [], json: [given], diags: [] };
    if (given.endsWith(hclExt)) return { hcl: [given], json: [], diags: [] };
    return { hcl: [], json: [], diags: [] };
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    return { hcl: [], json: [], diags: [{ severity: 'error', summary: 'Cannot read hcl directory', detail: (e as Error).message }] };
  }
  const hcl: string[] = [];
  const json: string[] = [];
  // os.ReadDir sorts by name (byte order).
  const names = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    const file = path.join(given, name);
    if (file.endsWith(hclExt)) hcl.push(file);
    else if (file.endsWith(jsonExt)) json.push(file);
  }
  return { hcl, json, diags: [] };
}

interface ParsedFile {
  readonly body?: Body;
  readonly diags: Diagnostic[];
}

/** hclparse's ParseHCLFile / ParseJSONFile; the file's text is kept for diagnostics. */
function parseFile(name: string, cwd: string, syntax: 'hcl' | 'json', files: Map<string, DiagnosticSource>): ParsedFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(cwd, name));
  } catch {
    return syntax === 'hcl'
      ? { diags: [{ severity: 'error', summary: 'Failed to read file', detail: `The configuration file ${goQuote(name)} could not be read.` }] }
      : { diags: [{ severity: 'error', summary: 'Failed to open file', detail: `The file ${goQuote(name)} could not be opened.` }] };
  }
  const { text } = decodeSource(bytes);
  if (syntax === 'hcl') {
    const parsed = parseConfig(text, name);
    files.set(name, nativeDiagnosticSource(text, parsed.body));
    return { body: parsed.body, diags: parsed.diags };
  }
  const parsed = parseJson(text, name);
  files.set(name, jsonDiagnosticSource(text, parsed.body.node));
  return { body: parsed.body, diags: parsed.diags };
}

/** An empty PackerConfig for a base directory. */
export function newPackerConfig(options: LoadOptions, basedir: string): PackerConfig {
  return {
    basedir,
    cwd: options.cwd,
    coreVersion: options.coreVersion,
    options,
    files: new Map(),
    bodies: [],
    requiredVersions: [],
    requiredPlugins: [],
    inputVariables: new Map(),
    localVariables: new Map(),
    localBlocks: [],
    datasources: new Map(),
    sources: new Map(),
    builds: [],
    sensitiveValues: new Set(),
  };
}

/** What loadTemplate gives: the configuration (when loading got far enough) and the parsed files, always. */
export interface TemplateLoad extends WithDiags<PackerConfig | undefined> {
  /** Every file parsed (template and var files), for diagnostics with source snippets, even when loading failed. */
  readonly files: Map<string, DiagnosticSource>;
}

/**
 * Reads a template and its variable files: parse errors, a required_version mismatch or a legacy JSON
 * template stop early (the config is then undefined, or returned with only its version constraints).
 */
export async function loadTemplate(options: LoadOptions): Promise<TemplateLoad> {
  const loaded = await loadTemplateFiles(options);
  return { ...loaded, files: loaded.value?.files ?? loaded.files ?? new Map() };
}

async function loadTemplateFiles(options: LoadOptions): Promise<WithDiags<PackerConfig | undefined> & { files?: Map<string, DiagnosticSource> }> {
  const given = options.path;
  // No template at all (`console`/`inspect` with -config-type=hcl2): an empty configuration, var files still read.
  if (given === '') return loadVariables(newPackerConfig(options, ''), false, []);
  if (!isHcl2Template(given, options.cwd)) {
    // `-` is a JSON template on standard input.
    if (given !== '-' && !fs.existsSync(path.resolve(options.cwd, given))) {
      return { value: undefined, diags: [{ severity: 'error', summary: '', detail: `stat ${given}: no such file or directory` }] };
    }
    return {
      value: undefined,
      diags: [
        {
          severity: 'error',
          summary: 'Legacy JSON templates are not supported yet',
          detail: `${goQuote(given)} is not an HCL2 template (a file ending in ${hclSuffix} or ${jsonSuffix}, or a directory), so Packer would read it as a legacy JSON template, which tspacker does not support yet. Run \`packer hcl2_upgrade ${given}\` to convert it to HCL2.`,
        },
      ],
    };
  }

  const diags: Diagnostic[] = [];
  const listed = listFiles(given, options.cwd, hclSuffix, jsonSuffix);
  diags.push(...listed.diags);
  if (hasErrors(listed.diags)) return { value: undefined, diags };
  if (listed.hcl.length + listed.json.length === 0) {
    diags.push({
      severity: 'error',
      summary: `Could not find any config file in ${given}`,
      detail: 'A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.',
    });
  }
  const isDir = fs.statSync(path.resolve(options.cwd, given)).isDirectory();
  const config = newPackerConfig(options, isDir ? given : path.dirname(given));
  for (const [name, syntax] of [...listed.hcl.map((f) => [f, 'hcl'] as const), ...listed.json.map((f) => [f, 'json'] as const)]) {
    const parsed = parseFile(name, options.cwd, syntax, config.files);
    diags.push(...parsed.diags);
    if (parsed.body) config.bodies.push(parsed.body);
  }
  if (hasErrors(diags)) return { value: undefined, diags, files: config.files };

  const top = parseTopLevel(config);
  diags.push(...top.diags);
  if (top.versionMismatch) return { value: config, diags };
  return loadVariables(config, isDir, diags);
}

/** The variable values of a parsed template: PKR_VAR_*, var files, -var (collectInputVariableValues). */
function loadVariables(config: PackerConfig, isDir: boolean, diags: Diagnostic[]): WithDiags<PackerConfig> {
  const options = config.options;
  const given = options.path;
  // Variable files: a directory's auto var files (HCL, then JSON), then -var-file ones in command-line order.
  const auto = isDir ? listFiles(given, options.cwd, autoVarHclSuffix, autoVarJsonSuffix) : { hcl: [], json: [], diags: [] };
  diags.push(...auto.diags);
  const varBodies: Body[] = [];
  for (const file of [...auto.hcl, ...auto.json, ...options.varFiles]) {
    const ext = path.extname(file);
    if (ext !== '.hcl' && ext !== '.json') {
      diags.push({ severity: 'error', summary: `Could not guess format of ${file}`, detail: 'A var file must be suffixed with `.hcl` or `.json`.' });
      continue;
    }
    const parsed = parseFile(file, options.cwd, ext === '.hcl' ? 'hcl' : 'json', config.files);
    diags.push(...parsed.diags);
    if (hasErrors(parsed.diags) || !parsed.body) continue;
    varBodies.push(parsed.body);
  }
  diags.push(...collectInputVariableValues(config, varBodies));
  return { value: config, diags };
}
