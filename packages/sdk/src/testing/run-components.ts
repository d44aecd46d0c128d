// Running one component as a build would, for tests: the plain configuration is prepared (prepare.ts), then the
// component runs with a recording Ui, a live AbortSignal and, for provisioners, a communicator (a recording one
// unless the test brings a real connection). Prepare errors are thrown as PrepareError with Packer's text.
import type { BuilderComponent, DataSourceComponent, PostProcessorComponent, ProvisionerComponent } from '../components.js';
import type { ConfigOf, ConfigSpec } from '../config/spec.js';
import type { Artifact, BuildContext, Communicator, GeneratedData, PostProcessResult } from '../runtime.js';
import { recordingCommunicator, type RecordingCommunicator } from './communicator.js';
import { preparedConfig, type PrepareOptions } from './prepare.js';
import { recordingUi, type RecordingUi } from './ui.js';

export interface RunOptions extends PrepareOptions {
  /** Defaults to a new recordingUi(). */
  readonly ui?: RecordingUi;
  /** Defaults to a signal that never aborts. */
  readonly signal?: AbortSignal;
}

export interface RunProvisionerOptions extends RunOptions {
  /**
   * The machine's communicator: a recordingCommunicator() by default; `null` runs the provisioner as in a build
   * with `communicator = "none"`; a real one (connectTestCommunicator) provisions a real machine.
   */
  readonly communicator?: Communicator | null;
}

export interface ProvisionerRun<S extends ConfigSpec, C extends Communicator | undefined> {
  readonly config: ConfigOf<S>;
  readonly ui: RecordingUi;
  readonly communicator: C;
}

/**
 * Prepares `rawConfig` (with the build's generated data rendered into it) and provisions. Rejects with a
 * ConfigDecodeError or PrepareError (Packer's texts) when the configuration is refused, or with the
 * provisioner's own error.
 */
export async function runProvisioner<S extends ConfigSpec>(
  component: ProvisionerComponent<S>,
  rawConfig: Readonly<Record<string, unknown>>,
  options?: RunProvisionerOptions & { communicator?: undefined },
): Promise<ProvisionerRun<S, RecordingCommunicator>>;
export async function runProvisioner<S extends ConfigSpec>(
  component: ProvisionerComponent<S>,
  rawConfig: Readonly<Record<string, unknown>>,
  options?: RunProvisionerOptions,
): Promise<ProvisionerRun<S, Communicator | undefined>>;
export async function runProvisioner<S extends ConfigSpec>(
  component: ProvisionerComponent<S>,
  rawConfig: Readonly<Record<string, unknown>>,
  options: RunProvisionerOptions = {},
): Promise<ProvisionerRun<S, Communicator | undefined>> {
  const generatedData = options.generatedData ?? {};
  const config = preparedConfig(component, rawConfig, { ...options, generatedData });
  const ui = options.ui ?? recordingUi();
  const communicator = options.communicator === null ? undefined : (options.communicator ?? recordingCommunicator());
  await component.provision(config, { ui, signal: options.signal ?? neverAborted(), communicator, generatedData });
  return { config, ui, communicator };
}

export interface PostProcessorRun<S extends ConfigSpec> extends PostProcessResult {
  readonly config: ConfigOf<S>;
  readonly ui: RecordingUi;
}

/** Prepares `rawConfig` and post-processes `artifact` (testArtifact() makes one). */
export async function runPostProcessor<S extends ConfigSpec>(
  component: PostProcessorComponent<S>,
  rawConfig: Readonly<Record<string, unknown>>,
  artifact: Artifact,
  options: RunOptions = {},
): Promise<PostProcessorRun<S>> {
  const config = preparedConfig(component, rawConfig, options);
  const ui = options.ui ?? recordingUi();
  const result = await component.postProcess(config, { ui, signal: options.signal ?? neverAborted() }, artifact);
  return { ...result, config, ui };
}

/** Prepares `rawConfig` and executes the data source: its output object. */
export async function runDataSource<S extends ConfigSpec, O extends ConfigSpec>(
  component: DataSourceComponent<S, O>,
  rawConfig: Readonly<Record<string, unknown>>,
  options: PrepareOptions = {},
): Promise<ConfigOf<O>> {
  const config = preparedConfig(component, rawConfig, options);
  return component.execute(config);
}

/** One call of BuildContext.provision: what the builder handed its provisioners. */
export interface ProvisionCall {
  readonly communicator: Communicator | undefined;
  readonly generatedData: GeneratedData;
}

export interface TestBuildContextOptions {
  readonly ui?: RecordingUi;
  readonly signal?: AbortSignal;
  /** The build's provisioners; by default none run (the call is only recorded). */
  readonly provision?: BuildContext['provision'];
  /** How `connect` reaches the machine; by default it rejects (the builder should not connect in this test). */
  readonly connect?: BuildContext['connect'];
  readonly generateKeyPair?: BuildContext['generateKeyPair'];
}

export interface TestBuildContext extends BuildContext {
  readonly ui: RecordingUi;
  /** Every provision call, in order. */
  readonly provisionCalls: ProvisionCall[];
}

/** A BuildContext for a builder's `run` in a test: recording Ui, recorded provision calls. */
export function testBuildContext(options: TestBuildContextOptions = {}): TestBuildContext {
  const ui = options.ui ?? recordingUi();
  const provisionCalls: ProvisionCall[] = [];
  return {
    ui,
    signal: options.signal ?? neverAborted(),
    provisionCalls,
    async provision(communicator, generatedData) {
      provisionCalls.push({ communicator, generatedData });
      await options.provision?.(communicator, generatedData);
    },
    connect:
      options.connect ??
      (async () => {
        throw new Error('testBuildContext: no connect given to this test build');
      }),
    generateKeyPair:
      options.generateKeyPair ??
      (async () => {
        throw new Error('testBuildContext: no generateKeyPair given to this test build');
      }),
  };
}

export interface BuilderRun<S extends ConfigSpec> {
  readonly config: ConfigOf<S>;
  readonly artifact: Artifact | undefined;
  readonly ctx: TestBuildContext;
}

/** Prepares `rawConfig` and runs the builder with testBuildContext(options). */
export async function runBuilder<S extends ConfigSpec>(
  component: BuilderComponent<S>,
  rawConfig: Readonly<Record<string, unknown>>,
  options: PrepareOptions & TestBuildContextOptions = {},
): Promise<BuilderRun<S>> {
  const config = preparedConfig(component, rawConfig, options);
  const ctx = testBuildContext(options);
  const artifact = await component.run(config, ctx);
  return { config, artifact, ctx };
}

function neverAborted(): AbortSignal {
  return new AbortController().signal;
}
