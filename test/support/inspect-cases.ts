// command/inspect_test.go's cases (Packer 1.16) on command/test-fixtures: a template, its -var arguments and
// environment, and the exact `packer inspect` stdout. Core's tests run them through renderInspect, the CLI's
// through `tspacker inspect`.
import fs from 'node:fs';
import path from 'node:path';
import { commandFixturesDir } from './corpus.js';

export interface InspectArgs {
  readonly vars?: [string, string][];
  readonly env?: Record<string, string>;
}

/** The `> builds:` part of var-arg/fruit_builder.pkr.hcl's output. */
export const fruitBuilds = `> builds:

  > <unnamed build 0>:

    sources:

      null.builder

    provisioners:

      shell-local

    post-processors:

      <no post-processor>

`;

/** The whole output for var-arg/fruit_builder.pkr.hcl, `var.fruit` (and the local made of it) being `fruit`. */
export const fruitBuilderInspect = (fruit: string) => `Packer Inspect: HCL2 mode

> input-variables:

var.fruit: "${fruit}"

> local-variables:

local.fruit: "${fruit}"

${fruitBuilds}`;

/** [name, template (relative to command/test-fixtures), arguments, expected stdout]. */
export const inspectTestGoCases: [name: string, template: string, args: InspectArgs, expected: () => string][] = [
  ['an unset variable, and a local using it, are "<unknown>"', 'var-arg/fruit_builder.pkr.hcl', {}, () => fruitBuilderInspect('<unknown>')],
  ['-var=fruit=banana', 'var-arg/fruit_builder.pkr.hcl', { vars: [['fruit', 'banana']] }, () => fruitBuilderInspect('banana')],
  [
    '-var for string, list and untyped variables; no builds',
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
    'a directory with builds of unknown components: env() defaults, descriptions, post-processor chains',
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
    'sensitive variables are masked (hcl-inspect-with-sensitive-vars/expected-output.txt)',
    'hcl-inspect-with-sensitive-vars',
    {},
    () => fs.readFileSync(path.join(commandFixturesDir, 'hcl-inspect-with-sensitive-vars/expected-output.txt'), 'utf8'),
  ],
];
