// `packer inspect` text for HCL2 templates: byte for byte against command/test-fixtures/
// hcl-inspect-with-sensitive-vars/expected-output.txt and the expectations of command/inspect_test.go, and
// differentially against Packer 1.6.6, whose HCL2 inspect layout is the same as 1.16's (checked on every case
// below).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { hasErrors, renderDiagnostics } from '@tspacker/hcl';
import { initializeTemplate, loadTemplate, type LoadOptions, type PackerConfig } from '@tspacker/core';
import { buildsText, maskSensitive, renderInspect } from '@tspacker/core/template/inspect.js';
import { commandFixturesDir, hcl2templateDir, testLoadOptions } from '../../../test/support/data-components.js';
import { mockComponents } from '../../../test/support/mock-components.js';

interface InspectCase {
  readonly vars?: [string, string][];
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** What InspectCommand does: parse (errors stop it), Initialize (errors ignored), print. */
async function inspect(template: string, c: InspectCase = {}): Promise<string> {
  const options: Partial<LoadOptions> = { cwd: c.cwd ?? commandFixturesDir, vars: c.vars ?? [], env: c.env ?? {}, components: mockComponents() };
  const loaded = await loadTemplate(testLoadOptions(template, options));
  if (hasErrors(loaded.diags)) throw new Error(renderDiagnostics(loaded.diags));
  const config = loaded.value as PackerConfig;
  await initializeTemplate(config);
  return renderInspect(config);
}

/** `packer inspect` (1.6.6) stdout. */
function packerInspect(template: string, c: InspectCase = {}): string {
  const args = ['inspect', ...(c.vars ?? []).map(([k, v]) => `-var=${k}=${v}`), template];
  const r = spawnSync('packer', args, {
    cwd: c.cwd ?? commandFixturesDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', ...c.env },
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  expect(r.status).toBe(0);
  return r.stdout;
}

const fruitBuilder = (fruit: string) => `Packer Inspect: HCL2 mode

> input-variables:

var.fruit: "${fruit}"

> local-variables:

local.fruit: "${fruit}"

> builds:

  > <unnamed build 0>:

    sources:

      null.builder

    provisioners:

      shell-local

    post-processors:

      <no post-processor>

`;

// command/inspect_test.go's cases.
const cases: [name: string, template: string, c: InspectCase, expected: () => string][] = [
  ['unset variable', 'var-arg/fruit_builder.pkr.hcl', {}, () => fruitBuilder('<unknown>')],
  ['-var', 'var-arg/fruit_builder.pkr.hcl', { vars: [['fruit', 'banana']] }, () => fruitBuilder('banana')],
  [
    '-var of several types',
    'hcl/inspect/fruit_string.pkr.hcl',
    {
      vars: [
        ['fruit', 'peach'],
        ['unknown_string', 'also_peach'],
        ['unknown_unknown', '["peach_too"]'],
        ['unknown_list_of_string', '["first_peach", "second_peach"]'],
      ],
    },
    () => `Packer Inspect: HCL2 mode

> input-variables:

var.default_from_env: ""
var.fruit: "peach"
var.other_default_from_env: ""
var.unknown_list_of_string: "[\\n  \\"first_peach\\",\\n  \\"second_peach\\",\\n]"
var.unknown_string: "also_peach"
var.unknown_unknown: "[\\"peach_too\\"]"

> local-variables:


> builds:

`,
  ],
  [
    'a directory, env defaults, a described build with chains',
    'hcl/inspect',
    { vars: [['fruit', 'peach'], ['other_default_from_env', 'apple']], env: { DEFAULT_FROM_ENV: 'cherry' } },
    () => `Packer Inspect: HCL2 mode

> input-variables:

var.default_from_env: "cherry"
var.fruit: "peach"
var.other_default_from_env: "apple"
var.unknown_list_of_string: "<unknown>"
var.unknown_string: "<unknown>"
var.unknown_unknown: "<unknown>"

> local-variables:


> builds:

  > aws_example_builder:

  > Description: The builder of clouds !!

Use it at will.


    sources:

      amazon-ebs.example-1

      amazon-ebs.example-2

    provisioners:

      shell

    post-processors:

      0:
        manifest

      1:
        shell-local

      2:
        manifest
        shell-local

`,
  ],
  [
    'sensitive variables',
    'hcl-inspect-with-sensitive-vars',
    {},
    () => fs.readFileSync(path.join(commandFixturesDir, 'hcl-inspect-with-sensitive-vars/expected-output.txt'), 'utf8'),
  ],
];

describe('inspect_test.go', () => {
  test.each(cases)('%s', async (_name, template, c, expected) => {
    expect(await inspect(template, c)).toBe(expected());
  });
});

describe('differential: packer 1.6.6 inspect', () => {
  const more: [template: string, c: InspectCase][] = [
    ['hcl-only-except', {}],
    ['build-only/template.pkr.hcl', {}],
    ['hcl/provisioner-override.pkr.hcl', {}],
    ['testdata/build/provisioner_paused_before_retry.pkr.hcl', { cwd: hcl2templateDir }],
    ['testdata/sources/basic.pkr.hcl', { cwd: hcl2templateDir }],
  ];
  // Not compared: renamed build-level sources (1.6.6 prints `TYPE.NAME`, 1.16 `TYPE.LOCALNAME`, see
  // 'layout details') and `local` blocks (absent in 1.6.6).
  test.each([...cases.map(([, t, c]) => [t, c] as [string, InspectCase]), ...more])('%s', async (template, c) => {
    expect(await inspect(template, c)).toBe(packerInspect(template, c));
  });
});

describe('layout details', () => {
  test('<no source>, <no provisioner>, named components, numbering of unnamed builds', () => {
    const config = {
      builds: [
        { name: 'named', description: '', sources: [], provisioners: [], postProcessors: [] },
        {
          name: '',
          description: 'one line',
          sources: [{ type: 'null', name: 'a', localName: 'renamed' }],
          provisioners: [{ type: 'shell', name: 'first' }],
          postProcessors: [[{ type: 'manifest', name: 'm' }]],
        },
      ],
    } as unknown as PackerConfig;
    expect(buildsText(config)).toBe(
      '> builds:\n\n  > named:\n\n    sources:\n\n      <no source>\n\n    provisioners:\n\n      <no provisioner>\n\n    post-processors:\n\n      <no post-processor>\n' +
        '\n  > <unnamed build 1>:\n\n  > Description: one line\n\n    sources:\n\n      null.renamed\n\n    provisioners:\n\n      shell.first\n\n    post-processors:\n\n      0:\n        manifest.m\n',
    );
  });

  test('secrets are masked wherever they appear, longest first', () => {
    expect(maskSensitive('a secret and secret-ish', ['secret', 'secret-ish', ''])).toBe('a <sensitive> and <sensitive>');
  });
});
