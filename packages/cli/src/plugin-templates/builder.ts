// The `builder` kind of `tspacker plugins new`: the component, its types, tests and example, as text with
// __PLACEHOLDERS__ that fill.ts replaces (see index.ts for the package around them).
import type { KindTemplate } from './kind.js';

export const builderTemplate: KindTemplate = {
  kind: 'builder',
  file: 'builder.js',
  manifestKey: 'builders',
  componentSuffix: 'Builder',
  use: 'source "__NAME__" "example"',
  docsExpression: "configDocs(__COMPONENT__.configSpec)",
  description: "A tspacker builder that builds an image file, provisions it and exports it as the artifact.",
  component: `// The \`__NAME__\` builder: builds an "image" (a file) in a staging directory, lets the build's provisioners work
// on it, and exports it to \`output_directory\` as the artifact. It shows the shape every builder has: steps that
// each undo what they did in a cleanup, run by the SDK's runSteps so that cleanups run whatever happens.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { attr, runSteps } from '@tspacker/sdk';

/** Identifies this builder's artifacts (post-processors check it). */
export const BUILDER_ID = 'tspacker.__NAME__';

export const __CAMEL__ConfigSpec = {
  output_directory: attr.string({
    required: true,
    doc: 'The directory the image is exported to; made if missing. The image file must not exist yet.',
  }),
  image_name: attr.string({ default: 'image.txt', doc: 'The name of the image file in \`output_directory\`.' }),
  content: attr.string({ default: 'Built by tspacker.', doc: 'What the image holds before provisioning.' }),
};

/** @typedef {import('@tspacker/sdk').ConfigOf<typeof __CAMEL__ConfigSpec>} __PASCAL__Config */

/**
 * What the steps share: the configuration, the build context, and what each step made (for its cleanup).
 * @typedef {object} __PASCAL__State
 * @property {__PASCAL__Config} config
 * @property {import('@tspacker/sdk').BuildContext} ctx
 * @property {string} imagePath where the image is exported
 * @property {boolean} [ownsImagePath] true once the image path was found free: what is there later is this build's
 * @property {boolean} [createdOutputDirectory]
 * @property {string} [stagingDirectory]
 * @property {boolean} [exported] true once the image is in place: the build succeeded
 */

/** @type {import('@tspacker/sdk').Step<__PASCAL__State>[]} */
export const __CAMEL__Steps = [
  {
    name: 'StepPrepareOutput',
    async run(state) {
      const { config, ctx } = state;
      if (await exists(state.imagePath)) throw new Error(\`Image file already exists: \${state.imagePath}\`);
      state.ownsImagePath = true;
      state.createdOutputDirectory = !(await exists(config.output_directory));
      await fs.mkdir(config.output_directory, { recursive: true });
      ctx.ui.say(\`Exporting to \${state.imagePath}\`);
      return 'continue';
    },
    // A failed or cancelled build leaves no half-made output behind.
    async cleanup(state) {
      if (state.exported || !state.ownsImagePath) return;
      await fs.rm(state.imagePath, { force: true });
      if (state.createdOutputDirectory) await fs.rm(state.config.output_directory, { recursive: true, force: true });
    },
  },
  {
    name: 'StepBuildImage',
    async run(state, { signal }) {
      const { config, ctx } = state;
      state.stagingDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'tspacker-__NAME__-'));
      const staged = path.join(state.stagingDirectory, config.image_name);
      await fs.writeFile(staged, \`\${config.content}\\n\`, { signal });
      ctx.ui.say('Provisioning the image...');
      // The build's provisioners run now; \`build.ImageFile\` tells them where the image is.
      await ctx.provision(undefined, { ImageFile: staged });
      signal.throwIfAborted();
      await fs.copyFile(staged, state.imagePath);
      state.exported = true;
      return 'continue';
    },
    async cleanup(state) {
      if (state.stagingDirectory) await fs.rm(state.stagingDirectory, { recursive: true, force: true });
    },
  },
];

/** @type {import('@tspacker/sdk').BuilderComponent<typeof __CAMEL__ConfigSpec>} */
export const __CAMEL__Builder = {
  configSpec: __CAMEL__ConfigSpec,

  // Runs before any build starts: report every problem at once. \`generatedVars\` become \`build.*\`.
  prepare(config) {
    const errors = [];
    if (config.output_directory === '') errors.push('output_directory must be specified');
    if (config.image_name === '' || config.image_name.includes('/') || config.image_name.includes(path.sep)) {
      errors.push(\`image_name must be a file name, got \${JSON.stringify(config.image_name)}\`);
    }
    return { errors, generatedVars: ['ImageFile'] };
  },

  async run(config, ctx) {
    /** @type {__PASCAL__State} */
    const state = { config, ctx, imagePath: path.join(config.output_directory, config.image_name) };
    await runSteps(__CAMEL__Steps, state, { ui: ctx.ui, signal: ctx.signal });
    if (!state.exported) return undefined;
    return imageArtifact(state.imagePath);
  },
};

/**
 * The build's result: the exported image file.
 * @param {string} imagePath
 * @returns {import('@tspacker/sdk').Artifact}
 */
export function imageArtifact(imagePath) {
  return {
    builderId: BUILDER_ID,
    id: imagePath,
    files: [imagePath],
    toString: () => \`Image exported to \${imagePath}\`,
    state: (name) => (name === 'generated_data' ? { ImageFile: imagePath } : undefined),
    destroy: () => fs.rm(imagePath, { force: true }),
  };
}

/** @param {string} p */
async function exists(p) {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}
`,
  types: `// Types for TypeScript users of the plugin (the code is plain ESM JavaScript with JSDoc types).
import type { Artifact, AttrSpec, BuildContext, BuilderComponent, ConfigOf, PluginManifest, Step } from '@tspacker/sdk';

export declare const BUILDER_ID: string;
export declare const __CAMEL__ConfigSpec: {
  output_directory: AttrSpec<string>;
  image_name: AttrSpec<string>;
  content: AttrSpec<string>;
};
export type __PASCAL__Config = ConfigOf<typeof __CAMEL__ConfigSpec>;
export interface __PASCAL__State {
  config: __PASCAL__Config;
  ctx: BuildContext;
  imagePath: string;
  ownsImagePath?: boolean;
  createdOutputDirectory?: boolean;
  stagingDirectory?: string;
  exported?: boolean;
}
export declare const __CAMEL__Steps: Step<__PASCAL__State>[];
export declare const __CAMEL__Builder: BuilderComponent<typeof __CAMEL__ConfigSpec>;
export declare function imageArtifact(imagePath: string): Artifact;
export declare const tspackerPlugin: PluginManifest;
`,
  test: `// The plugin's own tests (\`npm test\`, Node's test runner), with the helpers of @tspacker/sdk/testing: the
// configuration is decoded through the configSpec and prepared as tspacker does it; the builder runs with a
// recording build context; its steps run through the SDK's runSteps, checking that every cleanup ran.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_NAME, SDK_VERSION_MAJOR } from '@tspacker/sdk';
import { assertEveryCleanupRan, prepareComponent, preparedConfig, runBuilder, runBuilderSteps, testBuildContext } from '@tspacker/sdk/testing';
import { BUILDER_ID, __CAMEL__Builder, __CAMEL__Steps, tspackerPlugin } from '../index.js';
import { documentation, readmeDocumentation } from '../scripts/docs.js';

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), '__NAME__-test-'));
}

/** The steps' state for a build exporting to \`dir\`, with a build context whose provisioners run \`provision\`. */
function stateFor(dir, provision) {
  const config = preparedConfig(__CAMEL__Builder, { output_directory: dir });
  return { config, ctx: testBuildContext({ provision }), imagePath: path.join(dir, config.image_name) };
}

test('the manifest registers the builder under the plugin name, for this SDK major', () => {
  assert.equal(tspackerPlugin.sdkVersion, SDK_VERSION_MAJOR);
  assert.equal(tspackerPlugin.builders[DEFAULT_NAME], __CAMEL__Builder);
});

test('prepare reports every problem, and the variables the builder sets', () => {
  const { error } = prepareComponent(__CAMEL__Builder, { image_name: 'a/b' });
  assert.equal(error, '2 error(s) occurred:\\n\\n* output_directory must be specified\\n* image_name must be a file name, got "a/b"');
  assert.deepEqual(prepareComponent(__CAMEL__Builder, { output_directory: 'out' }).result.generatedVars, ['ImageFile']);
});

test('a build provisions the image and exports it as the artifact', async () => {
  const dir = path.join(tempDir(), 'output');
  const { artifact, ctx } = await runBuilder(
    __CAMEL__Builder,
    { output_directory: dir, content: 'base {{ build_name }}' },
    { provision: async (_communicator, data) => fs.appendFileSync(data.ImageFile, 'provisioned\\n') },
  );
  const image = path.join(dir, 'image.txt');
  assert.equal(artifact.builderId, BUILDER_ID);
  assert.deepEqual(artifact.files, [image]);
  assert.equal(fs.readFileSync(image, 'utf8'), 'base test\\nprovisioned\\n');
  assert.equal(ctx.provisionCalls.length, 1);
  assert.equal(ctx.provisionCalls[0].communicator, undefined);
  assert.deepEqual(ctx.ui.said, [\`Exporting to \${image}\`, 'Provisioning the image...']);
});

test('every step cleans up after a successful build: only the artifact is left', async () => {
  const dir = tempDir();
  const state = stateFor(dir, async () => {});
  const result = await runBuilderSteps(__CAMEL__Steps, state);
  assert.equal(result.outcome, 'completed');
  assert.deepEqual(result.ran, ['StepPrepareOutput', 'StepBuildImage']);
  assertEveryCleanupRan(result);
  assert.equal(fs.existsSync(state.stagingDirectory), false);
  assert.deepEqual(fs.readdirSync(dir), ['image.txt']);
});

test('a failing provisioner: every cleanup runs, and no half-made output is left', async () => {
  const dir = path.join(tempDir(), 'output');
  const state = stateFor(dir, async () => {
    throw new Error('provisioner failed');
  });
  const result = await runBuilderSteps(__CAMEL__Steps, state);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error.message, 'provisioner failed');
  assertEveryCleanupRan(result);
  assert.equal(fs.existsSync(state.stagingDirectory), false);
  assert.equal(fs.existsSync(dir), false);
});

test('an existing image is refused, and left alone', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'image.txt'), 'precious');
  const result = await runBuilderSteps(__CAMEL__Steps, stateFor(dir, async () => {}));
  assert.equal(result.error.message, \`Image file already exists: \${path.join(dir, 'image.txt')}\`);
  assertEveryCleanupRan(result);
  assert.equal(fs.readFileSync(path.join(dir, 'image.txt'), 'utf8'), 'precious');
});

test('the README documents the configuration (npm run docs)', () => {
  assert.equal(readmeDocumentation(), documentation());
});
`,
  example: `# Builds an image with the __NAME__ builder and changes it with a local shell provisioner.
# tspacker build example/

source "__NAME__" "example" {
  output_directory = "output-\${source.name}"
  content          = "Built by tspacker for \${source.name}."
}

build {
  sources = ["source.__NAME__.example"]

  provisioner "shell-local" {
    inline = ["echo provisioned >> \${build.ImageFile}"]
  }
}
`,
  usage: `source "__NAME__" "example" {
  output_directory = "output-\${source.name}"
}

build {
  sources = ["source.__NAME__.example"]
}
`,
};
