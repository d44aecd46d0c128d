// The files every scaffolded plugin package has, whatever its kind, as text with __PLACEHOLDERS__ that fill.ts
// replaces: the manifest (index.js), the documentation script (scripts/docs.js), README.md and .gitignore.

export const indexTemplate = `// The plugin's manifest: what tspacker reads from \`__PACKAGE__\`.
// The __KIND__ is registered under the default name, so templates use the plugin's name alone: \`__USE__\`.
import { DEFAULT_NAME } from '@tspacker/sdk';
import { __COMPONENT__ } from './__FILE__';

export * from './__FILE__';

/** @type {import('@tspacker/sdk').PluginManifest} */
export const tspackerPlugin = {
  // The @tspacker/sdk major this plugin is written for: a literal, checked by tspacker when it loads the plugin.
  sdkVersion: '__SDK_MAJOR__',
  __MANIFEST_KEY__: { [DEFAULT_NAME]: __COMPONENT__ },
};
`;

export const docsScriptTemplate = `// \`npm run docs\`: writes the configuration section of README.md from the component's configSpec with the SDK's
// configDocs, so that the documentation is the schema's. The plugin's tests check that README.md is current.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDocs } from '@tspacker/sdk';
import { __COMPONENT__ } from '../index.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const BEGIN = '<!-- BEGIN configuration: written by \`npm run docs\` from the configSpec -->';
const END = '<!-- END configuration -->';

/** The documentation of the component's configuration, as configDocs renders it. */
export function documentation() {
  return __DOCS_EXPRESSION__;
}

/** What README.md holds between the markers. */
export function readmeDocumentation() {
  const text = fs.readFileSync(readmePath, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(\`README.md has no section between \${BEGIN} and \${END}\`);
  return text.slice(start + BEGIN.length, end).trim() + '\\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = fs.readFileSync(readmePath, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(\`README.md has no section between \${BEGIN} and \${END}\`);
  fs.writeFileSync(readmePath, \`\${text.slice(0, start + BEGIN.length)}\\n\\n\${documentation()}\\n\${text.slice(end)}\`);
  console.log('README.md: configuration section written');
}
`;

export const readmeTemplate = `# __PACKAGE__

__DESCRIPTION__

## Using it

Require the plugin in the template and let \`tspacker init\` install it (it writes a lock file beside the template;
commit it, and CI installs exactly those versions):

\`\`\`hcl
packer {
  required_plugins {
    __NAME__ = {
      source  = "npm:__PACKAGE__"
      version = ">= 0.1.0"
    }
  }
}
\`\`\`

\`\`\`sh
tspacker init .
\`\`\`

Or install it next to the template yourself: \`npm install __PACKAGE__ @tspacker/sdk\`.

Then:

\`\`\`hcl
__USAGE__
\`\`\`

[example/build.pkr.hcl](example/build.pkr.hcl) is a complete template.

## Configuration

<!-- BEGIN configuration: written by \`npm run docs\` from the configSpec -->

__DOCS__
<!-- END configuration -->

## Developing

- \`npm install\`, then \`npm test\`: the tests in \`test/\` run with Node's test runner, using the helpers of
  \`@tspacker/sdk/testing\` (see tspacker's plugin guide, docs/plugins.md).
- \`npm run docs\` rewrites the Configuration section above from the \`configSpec\` (the tests fail when it is stale).
- \`npm pack --dry-run\` shows what will be published; \`npm publish\` publishes it. Keep \`sdkVersion\` in \`index.js\`
  at the major of \`@tspacker/sdk\` the plugin is written for.
`;

export const gitignoreTemplate = `node_modules/
*.tgz
`;
