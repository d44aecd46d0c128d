// The `post-processor` kind of `tspacker plugins new`: the component, its types, tests and example, as text with
// __PLACEHOLDERS__ that fill.ts replaces (see index.ts for the package around them).
import type { KindTemplate } from './kind.js';

export const postProcessorTemplate: KindTemplate = {
  kind: 'post-processor',
  file: 'post-processor.js',
  manifestKey: 'postProcessors',
  componentSuffix: 'PostProcessor',
  use: 'post-processor "__NAME__"',
  docsExpression: "configDocs(__COMPONENT__.configSpec)",
  description: "A tspacker post-processor that writes a checksum file for the files of an artifact.",
  component: `// The \`__NAME__\` post-processor: writes a checksum file (in \`sha256sum\` format) for the files of the artifact it
// is given, and passes on a new artifact: the checksum file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { attr } from '@tspacker/sdk';

/** Identifies this post-processor's artifacts. */
export const BUILDER_ID = 'tspacker.__NAME__';

export const ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'];

export const __CAMEL__ConfigSpec = {
  output: attr.string({ required: true, doc: 'The checksum file to write; its directory is made if missing.' }),
  algorithm: attr.string({ default: 'sha256', doc: 'The hash: \`md5\`, \`sha1\`, \`sha256\` or \`sha512\`.' }),
};

/** @typedef {import('@tspacker/sdk').ConfigOf<typeof __CAMEL__ConfigSpec>} __PASCAL__Config */

/** @type {import('@tspacker/sdk').PostProcessorComponent<typeof __CAMEL__ConfigSpec>} */
export const __CAMEL__PostProcessor = {
  configSpec: __CAMEL__ConfigSpec,

  // Runs before any build starts: report every problem at once (tspacker shows them as Packer's MultiError).
  prepare(config) {
    const errors = [];
    if (config.output === '') errors.push('output must be specified');
    if (!ALGORITHMS.includes(config.algorithm)) {
      errors.push(\`algorithm must be one of \${ALGORITHMS.join(', ')}, got \${JSON.stringify(config.algorithm)}\`);
    }
    return { errors };
  },

  async postProcess(config, ctx, artifact) {
    if (artifact.files.length === 0) throw new Error(\`The artifact of \${artifact.builderId} has no files to checksum\`);
    ctx.ui.say(\`Writing the \${config.algorithm} checksums of \${artifact.files.length} file(s) to \${config.output}\`);
    const lines = [];
    for (const file of artifact.files) {
      ctx.signal.throwIfAborted();
      lines.push(\`\${await checksum(file, config.algorithm, ctx.signal)}  \${path.basename(file)}\\n\`);
    }
    await fs.mkdir(path.dirname(path.resolve(config.output)), { recursive: true });
    await fs.writeFile(config.output, lines.join(''), { signal: ctx.signal });
    return { artifact: checksumArtifact(config.output, artifact), keep: true, forceOverride: false };
  },
};

/**
 * The hex digest of a file.
 * @param {string} file
 * @param {string} algorithm
 * @param {AbortSignal} signal
 */
export async function checksum(file, algorithm, signal) {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The post-processor's result: the checksum file, with the input's generated data passed on.
 * @param {string} output
 * @param {import('@tspacker/sdk').Artifact} input
 * @returns {import('@tspacker/sdk').Artifact}
 */
function checksumArtifact(output, input) {
  return {
    builderId: BUILDER_ID,
    id: output,
    files: [output],
    toString: () => \`Checksums of \${input.files.map((file) => path.basename(file)).join(', ')} in \${output}\`,
    state: (name) => input.state(name),
    destroy: () => fs.rm(output, { force: true }),
  };
}
`,
  types: `// Types for TypeScript users of the plugin (the code is plain ESM JavaScript with JSDoc types).
import type { AttrSpec, ConfigOf, PluginManifest, PostProcessorComponent } from '@tspacker/sdk';

export declare const BUILDER_ID: string;
export declare const ALGORITHMS: string[];
export declare const __CAMEL__ConfigSpec: {
  output: AttrSpec<string>;
  algorithm: AttrSpec<string>;
};
export type __PASCAL__Config = ConfigOf<typeof __CAMEL__ConfigSpec>;
export declare const __CAMEL__PostProcessor: PostProcessorComponent<typeof __CAMEL__ConfigSpec>;
export declare function checksum(file: string, algorithm: string, signal: AbortSignal): Promise<string>;
export declare const tspackerPlugin: PluginManifest;
`,
  test: `// The plugin's own tests (\`npm test\`, Node's test runner), with the helpers of @tspacker/sdk/testing: the
// configuration is decoded through the configSpec and prepared as tspacker does it, and the post-processor runs
// on a test artifact with a recording UI.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_NAME, SDK_VERSION_MAJOR } from '@tspacker/sdk';
import { prepareComponent, runPostProcessor, testArtifact } from '@tspacker/sdk/testing';
import { BUILDER_ID, __CAMEL__PostProcessor, tspackerPlugin } from '../index.js';
import { documentation, readmeDocumentation } from '../scripts/docs.js';

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), '__NAME__-test-'));
}

test('the manifest registers the post-processor under the plugin name, for this SDK major', () => {
  assert.equal(tspackerPlugin.sdkVersion, SDK_VERSION_MAJOR);
  assert.equal(tspackerPlugin.postProcessors[DEFAULT_NAME], __CAMEL__PostProcessor);
});

test('prepare reports every problem', () => {
  const { error } = prepareComponent(__CAMEL__PostProcessor, { algorithm: 'crc32' });
  assert.equal(error, '2 error(s) occurred:\\n\\n* output must be specified\\n* algorithm must be one of md5, sha1, sha256, sha512, got "crc32"');
});

test('it writes the checksums of the artifact\\'s files and passes on a new artifact', async () => {
  const dir = tempDir();
  const files = ['disk.img', 'disk.vmdk'].map((name) => path.join(dir, name));
  files.forEach((file, i) => fs.writeFileSync(file, \`disk \${i}\`));
  const input = testArtifact({ builderId: 'tspacker.test', id: 'disk', files, state: { generated_data: { ID: 'disk' } } });
  const output = path.join(dir, 'sums', '{{ build_name }}.sha512');
  const result = await runPostProcessor(__CAMEL__PostProcessor, { output, algorithm: 'sha512' }, input);
  const written = path.join(dir, 'sums', 'test.sha512');
  const sha512 = (text) => createHash('sha512').update(text).digest('hex');
  assert.equal(fs.readFileSync(written, 'utf8'), \`\${sha512('disk 0')}  disk.img\\n\${sha512('disk 1')}  disk.vmdk\\n\`);
  assert.equal(result.artifact.builderId, BUILDER_ID);
  assert.deepEqual(result.artifact.files, [written]);
  assert.deepEqual(result.artifact.state('generated_data'), { ID: 'disk' });
  assert.deepEqual([result.keep, result.forceOverride], [true, false]);
  assert.deepEqual(result.ui.lines, [\`say: Writing the sha512 checksums of 2 file(s) to \${written}\`]);
  assert.equal(input.destroyed, false);
});

test('an artifact without files is an error', async () => {
  await assert.rejects(runPostProcessor(__CAMEL__PostProcessor, { output: path.join(tempDir(), 'sums') }, testArtifact({ builderId: 'x' })), {
    message: 'The artifact of x has no files to checksum',
  });
});

test('the README documents the configuration (npm run docs)', () => {
  assert.equal(readmeDocumentation(), documentation());
});
`,
  example: `# Builds a file with the built-in file builder and checksums it with the __NAME__ post-processor.
# tspacker build example/

source "file" "example" {
  content = "Hello from tspacker"
  target  = "output/example.txt"
}

build {
  sources = ["source.file.example"]

  post-processor "__NAME__" {
    output = "output/\${source.name}.sha256"
  }
}
`,
  usage: `build {
  sources = ["source.file.example"]

  post-processor "__NAME__" {
    output    = "output/\${source.name}.sha256"
    algorithm = "sha256"
  }
}
`,
};
