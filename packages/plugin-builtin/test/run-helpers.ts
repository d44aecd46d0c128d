// Helpers for the run tests: prepared configurations for a build `file.a`, contexts with a recording Ui.
import type { Artifact, ConfigOf, ConfigSpec, CoreInfo, PostProcessorComponent, ProvisionerComponent } from '@tspacker/sdk';
import { prepareErrorText } from '../src/prepare-errors.js';
import { configFromHcl } from './helpers.js';
import { recordingUi, type RecordingUi } from './recording-ui.js';

export const fileCore: CoreInfo = {
  buildName: 'a',
  builderType: 'file',
  coreVersion: '1.16.0',
  debug: false,
  force: false,
  onError: 'cleanup',
  sensitiveVariables: [],
};

/** The configuration of `text` prepared by `component`; throws when prepare fails. */
export function preparedConfig<S extends ConfigSpec>(
  component: { configSpec: S; prepare(c: ConfigOf<S>, core: CoreInfo): Parameters<typeof prepareErrorText>[0] },
  text: string,
  core: CoreInfo = fileCore,
): ConfigOf<S> {
  const config = configFromHcl(component.configSpec, text);
  const error = prepareErrorText(component.prepare(config, core));
  if (error !== undefined) throw new Error(error);
  return config;
}

export async function provision<S extends ConfigSpec>(
  component: ProvisionerComponent<S>,
  text: string,
  generatedData: Record<string, unknown> = {},
): Promise<RecordingUi> {
  const ui = recordingUi();
  await component.provision(preparedConfig(component, text), {
    ui,
    signal: new AbortController().signal,
    communicator: undefined,
    generatedData,
  });
  return ui;
}

export async function postProcess<S extends ConfigSpec>(component: PostProcessorComponent<S>, text: string, artifact: Artifact, core: CoreInfo = fileCore) {
  const ui = recordingUi();
  const result = await component.postProcess(preparedConfig(component, text, core), { ui, signal: new AbortController().signal }, artifact);
  return { ui, result };
}
