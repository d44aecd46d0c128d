// Test data sources shaped like the ones Packer's hcl2template tests register (common_test.go): the real `null`
// data source (`input` → `output`) and the `amazon-ami` mock, whose configuration and output share one spec
// (hcl2template/internal/mock.go's MockConfig) and whose result is its own configuration.
import { spawnSync } from 'node:child_process';
import { evalContext, initializeTemplate, loadTemplate, type LoadOptions, type PackerConfig } from '@tspacker/core';
import { evaluate, hasErrors, parseExpression, renderConsoleValue, renderDiagnostics, type Diagnostic } from '@tspacker/hcl';
import {
  attr,
  block,
  type BuilderComponent,
  type ComponentRegistry,
  type PostProcessorComponent,
  type ProvisionerComponent,
  type ConfigSpec,
  type DataSourceComponent,
} from '@tspacker/sdk';
import { commandFixturesDir, hcl2templateDir } from './corpus.js';

const nullConfigSpec = { input: attr.string({ required: true }) } satisfies ConfigSpec;
const nullOutputSpec = { output: attr.string() } satisfies ConfigSpec;

/** Packer's `null` data source. */
export const nullDataSource: DataSourceComponent<typeof nullConfigSpec, typeof nullOutputSpec> = {
  configSpec: nullConfigSpec,
  outputSpec: nullOutputSpec,
  prepare: (config) => (config.input === '' ? { errors: ['The `input` must be specified'] } : {}),
  execute: async (config) => ({ output: config.input }),
};

const mockFields = {
  string: attr.string(),
  int: attr.int(),
  int64: attr.int(),
  bool: attr.bool(),
  trilean: attr.bool(),
  duration: attr.duration(),
  map_string_string: attr.map(attr.string()),
  slice_string: attr.list(attr.string()),
  slice_slice_string: attr.list(attr.list(attr.string())),
  named_map_string_string: attr.map(attr.string()),
  named_string: attr.string(),
  tag: block.list({ key: attr.string(), value: attr.string() }),
  data_source: attr.string(),
} satisfies ConfigSpec;

/** MockConfig: NestedMockConfig squashed, plus `not_squashed`, `nested` and `nested_slice`. */
export const mockConfigSpec = {
  not_squashed: attr.string(),
  ...mockFields,
  nested: block.single(mockFields),
  nested_slice: block.list(mockFields),
} satisfies ConfigSpec;

/** The `amazon-ami` mock: its output is its configuration. */
export const mockDataSource: DataSourceComponent<typeof mockConfigSpec, typeof mockConfigSpec> = {
  configSpec: mockConfigSpec,
  outputSpec: mockConfigSpec,
  prepare: () => ({}),
  execute: async (config) => config,
};

/** Schema-only builders, provisioners and post-processors (MockBuilder etc.): present, accepting MockConfig. */
// Mocks are only prepared; running them does nothing.
const noRun = async () => undefined;
export const mockBuilder: BuilderComponent = { configSpec: mockConfigSpec, prepare: () => ({ generatedVars: ['ID'] }), run: noRun };
const nullBuilder: BuilderComponent = { configSpec: { communicator: attr.string() }, prepare: () => ({}), run: noRun };
export const mockProvisioner: ProvisionerComponent = { configSpec: mockConfigSpec, prepare: () => ({}), provision: async () => {} };
const mockPostProcessor: PostProcessorComponent = {
  configSpec: mockConfigSpec,
  prepare: () => ({}),
  postProcess: async (_config, _ctx, artifact) => ({ artifact, keep: true, forceOverride: false }),
};

/**
 * The components of hcl2template's getBasicParser: amazon-ebs, virtualbox-iso and null builders, shell and file
 * provisioners, amazon-import and manifest post-processors (all mocks here), null and amazon-ami data sources;
 * `extra` adds or replaces entries.
 */
export function dataSourceRegistry(extra: Partial<ComponentRegistry> = {}): ComponentRegistry {
  return {
    builders: new Map([['amazon-ebs', mockBuilder], ['virtualbox-iso', mockBuilder], ['null', nullBuilder], ...(extra.builders ?? new Map())]),
    provisioners: new Map([['shell', mockProvisioner], ['file', mockProvisioner], ...(extra.provisioners ?? new Map())]),
    postProcessors: new Map([['amazon-import', mockPostProcessor], ['manifest', mockPostProcessor], ...(extra.postProcessors ?? new Map())]),
    dataSources: new Map<string, DataSourceComponent>([
      ['null', nullDataSource as unknown as DataSourceComponent],
      ['amazon-ami', mockDataSource as unknown as DataSourceComponent],
      ...(extra.dataSources ?? new Map()),
    ]),
  };
}

// ---- loading templates in tests -------------------------------------------------------------------------------


// Where the corpus is: corpus.ts, re-exported for the tests that load templates from it.
export { commandFixturesDir, hcl2templateDir };

/** LoadOptions for a test: no environment, Packer's test version, the test data sources. */
export function testLoadOptions(templatePath: string, overrides: Partial<LoadOptions> = {}): LoadOptions {
  return {
    path: templatePath,
    varFiles: [],
    vars: [],
    env: {},
    cwd: hcl2templateDir,
    coreVersion: '1.16.0',
    components: dataSourceRegistry(),
    ...overrides,
  };
}

/** Loads a template (testLoadOptions with `overrides`), then initializes it unless loading failed. */
export async function loadAndInitialize(
  templatePath: string,
  overrides: Partial<LoadOptions> = {},
): Promise<{ config?: PackerConfig; diags: Diagnostic[] }> {
  const loaded = await loadTemplate(testLoadOptions(templatePath, overrides));
  const diags = [...loaded.diags];
  const config = loaded.value;
  if (config && !hasErrors(diags)) diags.push(...(await initializeTemplate(config)));
  return { ...(config ? { config } : {}), diags };
}

// ---- Packer 1.6.6 as an oracle ------------------------------------------------------------------------------------


/** `echo EXPR | packer console [ARGS] TEMPLATE` in `cwd`: stdout and exit code (errors print on stdout). */
export function packerConsole(
  cwd: string,
  template: string,
  expr: string,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): { stdout: string; status: number } {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PKR_VAR_')) clean[k] = v;
  const r = spawnSync('packer', ['console', ...args, template], {
    cwd,
    input: expr + '\n',
    encoding: 'utf8',
    env: { ...clean, CHECKPOINT_DISABLE: '1', PACKER_LOG: '', ...env },
    timeout: 30000,
  });
  return { stdout: r.stdout, status: r.status ?? -1 };
}

export interface ConsoleCase {
  readonly vars?: readonly (readonly [string, string])[];
  readonly varFiles?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** What `packer console` prints for one expression, computed by tspacker: load errors, or the value. */
export async function tspackerConsole(cwd: string, template: string, expr: string, c: ConsoleCase = {}): Promise<string> {
  const loaded = await loadTemplate(
    testLoadOptions(template, { cwd, coreVersion: '1.6.6', vars: c.vars ?? [], varFiles: c.varFiles ?? [], env: c.env ?? {} }),
  );
  const config = loaded.value;
  if (!config || hasErrors(loaded.diags)) return renderDiagnostics(loaded.diags, config?.files ?? new Map());
  await initializeTemplate(config);
  const parsed = parseExpression(expr, '<console-input>');
  const r = evaluate(parsed.expr, evalContext(config, 'variables'));
  const diags = [...parsed.diags, ...r.diags];
  if (hasErrors(diags)) return renderDiagnostics(diags, config.files);
  return renderConsoleValue(r.value) + '\n';
}

/** Both consoles on the same case: [tspacker, packer 1.6.6], trailing blank lines dropped. */
export async function compareConsoles(cwd: string, template: string, expr: string, c: ConsoleCase = {}): Promise<[string, string]> {
  const args: string[] = [];
  for (const [k, v] of c.vars ?? []) args.push('-var', `${k}=${v}`);
  for (const f of c.varFiles ?? []) args.push('-var-file', f);
  const theirs = packerConsole(cwd, template, expr, args, c.env ?? {});
  const ours = await tspackerConsole(cwd, template, expr, c);
  return [ours.trimEnd(), theirs.stdout.trimEnd()];
}
