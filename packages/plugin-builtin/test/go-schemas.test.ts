// Each component's spec against the HCL2 spec Packer generates from its Go config struct (the *.hcl2spec.go
// files of packer v1.16.0 and packer-plugin-sdk, read from the mirrors): the same attribute names, none
// required, and matching types (durations are strings to HCL, Go ints are numbers).
import { execFileSync } from 'node:child_process';
import type { ConfigSpec, ValueKind } from '@tspacker/sdk';
import { builtinComponents } from '@tspacker/plugin-builtin';

const PACKER = '/work/.mirror/hashicorp+packer/repo';
const SDK = '/work/.mirror/hashicorp+packer-plugin-sdk/repo';

function goSpec(repo: string, path: string, flatType: string): Map<string, string> {
  const source = execFileSync('git', ['-C', repo, 'show', `HEAD:${path}`], { encoding: 'utf8' });
  const start = source.indexOf(`func (*${flatType}) HCL2Spec()`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = source.slice(start, source.indexOf('\n}\n', start));
  const attrs = new Map<string, string>();
  for (const m of body.matchAll(/&hcldec\.AttrSpec\{Name: "([a-z_]+)", Type: (.+?), Required: (true|false)\}/g)) {
    expect([m[1], m[3]]).toEqual([m[1], 'false']);
    attrs.set(m[1]!, m[2]!);
  }
  return attrs;
}

function ctyType(kind: ValueKind): string {
  switch (kind.kind) {
    case 'string':
    case 'duration':
      return 'cty.String';
    case 'int':
    case 'number':
      return 'cty.Number';
    case 'bool':
      return 'cty.Bool';
    case 'any':
      return 'cty.DynamicPseudoType';
    case 'list':
      return `cty.List(${ctyType(kind.element)})`;
    case 'map':
      return `cty.Map(${ctyType(kind.element)})`;
  }
}

function ourSpec(spec: ConfigSpec): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const [name, entry] of Object.entries(spec)) {
    expect(entry.kind).toBe('attr');
    if (entry.kind === 'attr') {
      expect([name, entry.required ?? false]).toEqual([name, false]);
      attrs.set(name, ctyType(entry.value));
    }
  }
  return attrs;
}

const sorted = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

const registry = builtinComponents();
const cases: [string, ConfigSpec, string, string, string][] = [
  ['builder null', registry.builders.get('null')!.configSpec, PACKER, 'builder/null/config.hcl2spec.go', 'FlatConfig'],
  ['builder file', registry.builders.get('file')!.configSpec, PACKER, 'builder/file/config.hcl2spec.go', 'FlatConfig'],
  ['provisioner shell-local', registry.provisioners.get('shell-local')!.configSpec, SDK, 'shell-local/config.hcl2spec.go', 'FlatConfig'],
  ...(['file', 'shell', 'breakpoint', 'windows-restart', 'windows-shell', 'powershell'] as const).map(
    (type): [string, ConfigSpec, string, string, string] => [
      `provisioner ${type}`,
      registry.provisioners.get(type)!.configSpec,
      PACKER,
      `provisioner/${type}/provisioner.hcl2spec.go`,
      'FlatConfig',
    ],
  ),
  ['provisioner sleep', registry.provisioners.get('sleep')!.configSpec, PACKER, 'provisioner/sleep/provisioner.hcl2spec.go', 'FlatProvisioner'],
  ...(['manifest', 'checksum', 'compress', 'artifice'] as const).map((type): [string, ConfigSpec, string, string, string] => [
    `post-processor ${type}`,
    registry.postProcessors.get(type)!.configSpec,
    PACKER,
    `post-processor/${type}/post-processor.hcl2spec.go`,
    'FlatConfig',
  ]),
  ['post-processor shell-local', registry.postProcessors.get('shell-local')!.configSpec, SDK, 'shell-local/config.hcl2spec.go', 'FlatConfig'],
  ...(['null', 'http'] as const).flatMap((type): [string, ConfigSpec, string, string, string][] => [
    [`data source ${type}`, registry.dataSources.get(type)!.configSpec, PACKER, `datasource/${type}/data.hcl2spec.go`, 'FlatConfig'],
    [`data source ${type} output`, registry.dataSources.get(type)!.outputSpec, PACKER, `datasource/${type}/data.hcl2spec.go`, 'FlatDatasourceOutput'],
  ]),
];

test.each(cases)('%s has the attributes and types of Packer 1.16', (_name, spec, repo, path, flatType) => {
  expect(sorted(ourSpec(spec))).toEqual(sorted(goSpec(repo, path, flatType)));
});
