// The `data-source` kind of `tspacker plugins new`: the component, its types, tests and example, as text with
// __PLACEHOLDERS__ that fill.ts replaces (see index.ts for the package around them).
import type { KindTemplate } from './kind.js';

export const dataSourceTemplate: KindTemplate = {
  kind: 'data-source',
  file: 'data-source.js',
  manifestKey: 'dataSources',
  componentSuffix: 'DataSource',
  use: 'data "__NAME__" "example"',
  docsExpression: "`${configDocs(__COMPONENT__.configSpec)}\\n${configDocs(__COMPONENT__.outputSpec).replace('### Optional', '### Output')}`",
  description: "A tspacker data source that reads a local file: its content, size and digest.",
  component: `// The \`__NAME__\` data source: reads a local file and gives its content, size and SHA-256 digest to the template
// as \`data.__NAME__.LABEL.content\`, \`.size\` and \`.sha256\`.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { attr } from '@tspacker/sdk';

export const __CAMEL__ConfigSpec = {
  path: attr.string({ required: true, doc: 'The file to read, relative to the directory tspacker runs in.' }),
  trim: attr.bool({ default: true, doc: 'Remove white space around the content.' }),
};

/** The data source's result, read as \`data.__NAME__.LABEL.ATTRIBUTE\`. */
export const __CAMEL__OutputSpec = {
  content: attr.string({ doc: 'The content of the file.' }),
  size: attr.int({ doc: 'The size of the file, in bytes.' }),
  sha256: attr.string({ doc: 'The SHA-256 digest of the file, in hexadecimal.' }),
};

/** @typedef {import('@tspacker/sdk').ConfigOf<typeof __CAMEL__ConfigSpec>} __PASCAL__Config */

/** @type {import('@tspacker/sdk').DataSourceComponent<typeof __CAMEL__ConfigSpec, typeof __CAMEL__OutputSpec>} */
export const __CAMEL__DataSource = {
  configSpec: __CAMEL__ConfigSpec,
  outputSpec: __CAMEL__OutputSpec,

  // Runs before the data source is read: report every problem at once (Packer's MultiError).
  prepare(config) {
    const errors = [];
    if (config.path === '') errors.push('path must be specified');
    return { errors };
  },

  async execute(config) {
    let bytes;
    try {
      bytes = await fs.readFile(config.path);
    } catch (error) {
      const e = /** @type {NodeJS.ErrnoException} */ (error);
      throw new Error(\`reading \${config.path}: \${e.code === 'ENOENT' ? 'no such file' : e.message}\`);
    }
    const content = bytes.toString('utf8');
    return {
      content: config.trim ? content.trim() : content,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  },
};
`,
  types: `// Types for TypeScript users of the plugin (the code is plain ESM JavaScript with JSDoc types).
import type { AttrSpec, ConfigOf, DataSourceComponent, PluginManifest } from '@tspacker/sdk';

export declare const __CAMEL__ConfigSpec: {
  path: AttrSpec<string>;
  trim: AttrSpec<boolean>;
};
export declare const __CAMEL__OutputSpec: {
  content: AttrSpec<string>;
  size: AttrSpec<number>;
  sha256: AttrSpec<string>;
};
export type __PASCAL__Config = ConfigOf<typeof __CAMEL__ConfigSpec>;
export type __PASCAL__Output = ConfigOf<typeof __CAMEL__OutputSpec>;
export declare const __CAMEL__DataSource: DataSourceComponent<typeof __CAMEL__ConfigSpec, typeof __CAMEL__OutputSpec>;
export declare const tspackerPlugin: PluginManifest;
`,
  test: `// The plugin's own tests (\`npm test\`, Node's test runner), with the helpers of @tspacker/sdk/testing: the
// configuration is decoded through the configSpec and prepared as tspacker does it, then the data source runs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_NAME, SDK_VERSION_MAJOR } from '@tspacker/sdk';
import { prepareComponent, runDataSource } from '@tspacker/sdk/testing';
import { __CAMEL__DataSource, tspackerPlugin } from '../index.js';
import { documentation, readmeDocumentation } from '../scripts/docs.js';

function tempFile(content) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), '__NAME__-test-')), 'version.txt');
  fs.writeFileSync(file, content);
  return file;
}

test('the manifest registers the data source under the plugin name, for this SDK major', () => {
  assert.equal(tspackerPlugin.sdkVersion, SDK_VERSION_MAJOR);
  assert.equal(tspackerPlugin.dataSources[DEFAULT_NAME], __CAMEL__DataSource);
});

test('prepare reports every problem', () => {
  assert.equal(prepareComponent(__CAMEL__DataSource, {}).error, '1 error(s) occurred:\\n\\n* path must be specified');
});

test('it reads the file: content, size and digest', async () => {
  const file = tempFile(' 1.2.3\\n');
  assert.deepEqual(await runDataSource(__CAMEL__DataSource, { path: file }), {
    content: '1.2.3',
    size: 7,
    sha256: createHash('sha256').update(' 1.2.3\\n').digest('hex'),
  });
  assert.equal((await runDataSource(__CAMEL__DataSource, { path: file, trim: false })).content, ' 1.2.3\\n');
});

test('a missing file is a clear error', async () => {
  await assert.rejects(runDataSource(__CAMEL__DataSource, { path: '/nonexistent/version.txt' }), {
    message: 'reading /nonexistent/version.txt: no such file',
  });
});

test('the README documents the configuration and the output (npm run docs)', () => {
  assert.equal(readmeDocumentation(), documentation());
});
`,
  example: `# Reads example/version.txt with the __NAME__ data source and uses it in a build.
# tspacker build example/

data "__NAME__" "version" {
  path = "\${path.root}/version.txt"
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo 'version \${data.__NAME__.version.content}, sha256 \${data.__NAME__.version.sha256}'"]
  }
}
`,
  usage: `data "__NAME__" "version" {
  path = "version.txt"
}

locals {
  version = data.__NAME__.version.content
}
`,
  extraFiles: [['example/version.txt', `1.0.0
`]],
};
