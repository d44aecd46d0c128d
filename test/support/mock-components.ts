// Schema-only stand-ins for the components Packer's hcl2template tests register (hcl2template/common_test.go and
// hcl2template/internal/mock.go): `amazon-ebs` and `virtualbox-iso` builders, `shell` and `file` provisioners,
// `amazon-import` and `manifest` post-processors take Packer's MockConfig (data-components.ts's mockConfigSpec),
// `null` is a small null builder; the data sources (`amazon-ami`, `null`) are data-components.ts's. Prepare
// accepts everything (the mocks record the configuration they are given), except the null builder's host check;
// builders generate `ID`, as MockBuilder does.
import type { LoadOptions, PackerConfig } from '@tspacker/core';
import type { Diagnostic } from '@tspacker/hcl';
import {
  attr,
  type Artifact,
  type BuilderComponent,
  type ComponentRegistry,
  type ConfigSpec,
  type CoreInfo,
  type DataSourceComponent,
  type PostProcessorComponent,
  type PrepareResult,
  type ProvisionerComponent,
} from '@tspacker/sdk';
import { dataSourceRegistry, loadAndInitialize, mockConfigSpec } from './data-components.js';

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

/** A component that records each configuration it is prepared with, then answers with `answer`'s result. */
function recording(configSpec: ConfigSpec, answer: (config: Record<string, unknown>) => PrepareResult & { generatedVars?: string[] }) {
  const configs: Record<string, unknown>[] = [];
  const cores: CoreInfo[] = [];
  return {
    configSpec,
    configs,
    cores,
    prepare(config: Record<string, unknown>, core: CoreInfo) {
      configs.push(config);
      cores.push(core);
      return answer(config);
    },
    // Mocks are only prepared; running them does nothing.
    run: async () => undefined,
    provision: async () => {},
    postProcess: async (_config: unknown, _ctx: unknown, artifact: Artifact) => ({ artifact, keep: true, forceOverride: false }),
  } satisfies BuilderComponent & ProvisionerComponent & PostProcessorComponent & Recorded;
}

const mockBuilder = (): BuilderComponent & Recorded => recording(mockConfigSpec, () => ({ generatedVars: ['ID'] }));

function nullBuilder(): BuilderComponent & Recorded {
  return recording(nullBuilderSpec, (config) => {
    const c = config as unknown as { communicator: string; ssh_host: string };
    if (c.communicator !== 'none' && c.ssh_host === '') {
      return { errors: ['a Host must be specified, please reference your communicator documentation'] };
    }
    return {};
  });
}

const mockProvisioner = (): ProvisionerComponent & Recorded => recording(mockConfigSpec, () => ({}));
const mockPostProcessor = (): PostProcessorComponent & Recorded => recording(mockConfigSpec, () => ({}));

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
  return { ...(await loadAndInitialize(templatePath, { coreVersion: 'v1.5.0', components, ...overrides })), components };
}
