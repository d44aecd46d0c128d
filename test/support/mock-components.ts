// Schema-only stand-ins for the components Packer's hcl2template tests register (hcl2template/common_test.go and
// hcl2template/internal/mock.go): `amazon-ebs` and `virtualbox-iso` builders, `shell` and `file` provisioners,
// `amazon-import` and `manifest` post-processors take Packer's MockConfig, `null` is a small null builder; the data
// sources (`amazon-ami`, `null`) are data-components.ts's. Prepare accepts everything (the mocks record the
// configuration they are given), except the null builder's host check; builders generate `ID`, as MockBuilder does.
import { initializeTemplate, loadTemplate, type LoadOptions, type PackerConfig } from '@tspacker/core';
import { hasErrors, type Diagnostic } from '@tspacker/hcl';
import {
  attr,
  block,
  type BuilderComponent,
  type ComponentRegistry,
  type ConfigSpec,
  type CoreInfo,
  type DataSourceComponent,
  type PostProcessorComponent,
  type ProvisionerComponent,
} from '@tspacker/sdk';
import { dataSourceRegistry, testLoadOptions } from './data-components.js';

/** hcl2template/internal NestedMockConfig. */
export const nestedMockSpec = {
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

/** hcl2template/internal MockConfig: NestedMockConfig squashed, plus `not_squashed`, `nested`, `nested_slice`. */
export const mockSpec = {
  not_squashed: attr.string(),
  ...nestedMockSpec,
  nested: block.single(nestedMockSpec),
  nested_slice: block.list(nestedMockSpec),
} satisfies ConfigSpec;

/** The null builder's communicator settings that the corpus uses. */
export const nullBuilderSpec = {
  communicator: attr.string({ default: 'ssh' }),
  ssh_host: attr.string(),
  ssh_username: attr.string(),
  ssh_password: attr.string(),
} satisfies ConfigSpec;

/** What a mock component was last prepared with, per component instance. */
export interface Recorded {
  readonly configs: Record<string, unknown>[];
  readonly cores: CoreInfo[];
}

function mockBuilder(): BuilderComponent & Recorded {
  const configs: Record<string, unknown>[] = [];
  const cores: CoreInfo[] = [];
  return {
    configSpec: mockSpec,
    configs,
    cores,
    prepare(config, core) {
      configs.push(config as Record<string, unknown>);
      cores.push(core);
      return { generatedVars: ['ID'] };
    },
  };
}

function nullBuilder(): BuilderComponent & Recorded {
  const configs: Record<string, unknown>[] = [];
  const cores: CoreInfo[] = [];
  return {
    configSpec: nullBuilderSpec,
    configs,
    cores,
    prepare(config, core) {
      configs.push(config as Record<string, unknown>);
      cores.push(core);
      const c = config as unknown as { communicator: string; ssh_host: string };
      if (c.communicator !== 'none' && c.ssh_host === '') {
        return { errors: ['a Host must be specified, please reference your communicator documentation'] };
      }
      return {};
    },
  };
}

function mockProvisioner(): ProvisionerComponent & Recorded {
  const configs: Record<string, unknown>[] = [];
  const cores: CoreInfo[] = [];
  return {
    configSpec: mockSpec,
    configs,
    cores,
    prepare(config, core) {
      configs.push(config as Record<string, unknown>);
      cores.push(core);
      return {};
    },
  };
}

function mockPostProcessor(): PostProcessorComponent & Recorded {
  return mockProvisioner();
}

/** A fresh registry (getBasicParser's plugin config), so that each test sees only its own recordings. */
export interface MockRegistry extends ComponentRegistry {
  readonly builders: Map<string, BuilderComponent & Recorded>;
  readonly provisioners: Map<string, ProvisionerComponent & Recorded>;
  readonly postProcessors: Map<string, PostProcessorComponent & Recorded>;
  readonly dataSources: Map<string, DataSourceComponent>;
}

export function mockComponents(): MockRegistry {
  return {
    builders: new Map([
      ['amazon-ebs', mockBuilder()],
      ['virtualbox-iso', mockBuilder()],
      ['null', nullBuilder()],
    ]),
    provisioners: new Map([
      ['shell', mockProvisioner()],
      ['file', mockProvisioner()],
    ]),
    postProcessors: new Map([
      ['amazon-import', mockPostProcessor()],
      ['manifest', mockPostProcessor()],
    ]),
    dataSources: new Map(dataSourceRegistry().dataSources),
  };
}

// ---- the whole pipeline, as hcl2template's testParse runs it ------------------------------------------------------

export interface PreparedTemplate {
  readonly config?: PackerConfig;
  /** Parse + Initialize diagnostics (testParse's "parse" diagnostics). */
  readonly diags: Diagnostic[];
  readonly components: MockRegistry;
}

/**
 * Parse then Initialize a template of the shared corpus with the mock components (hcl2templateDir is the cwd,
 * as in Go's tests).
 */
export async function parseTemplate(templatePath: string, overrides: Partial<LoadOptions> = {}): Promise<PreparedTemplate> {
  const components = mockComponents();
  const loaded = await loadTemplate(testLoadOptions(templatePath, { coreVersion: 'v1.5.0', components, ...overrides }));
  const diags = [...loaded.diags];
  const config = loaded.value;
  if (config && !hasErrors(diags)) diags.push(...(await initializeTemplate(config)));
  return { ...(config ? { config } : {}), diags, components };
}
