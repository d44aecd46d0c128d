// Each component's spec against the HCL2 spec Packer generates from its Go config struct: attribute names and cty
// types extracted from the *.hcl2spec.go files of packer v1.16.0 and packer-plugin-sdk into packer-hcl2spec.json
// (scripts/go-hcl2spec.mjs refreshes it from the Go sources). The same attribute names, none required, and
// matching types (durations are strings to HCL, Go ints are numbers).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigSpec, ValueKind } from '@tspacker/sdk';
import { builtinComponents } from '@tspacker/plugin-builtin';

const goSpecs = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'packer-hcl2spec.json'), 'utf8'),
) as { specs: Record<string, Record<string, { type: string; required: boolean }>> };

function goSpec(name: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const [attr, { type, required }] of Object.entries(goSpecs.specs[name] ?? {})) {
    expect([attr, required]).toEqual([attr, false]);
    attrs.set(attr, type);
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
const specOf = (name: string): ConfigSpec => {
  const [kind, ...rest] = name.split(' ');
  const type = rest.join(' ').replace(/^(processor|source) /, '').replace(/ output$/, '');
  if (kind === 'builder') return registry.builders.get(type)!.configSpec;
  if (kind === 'provisioner') return registry.provisioners.get(type)!.configSpec;
  if (kind === 'post-processor') return registry.postProcessors.get(type)!.configSpec;
  const ds = registry.dataSources.get(type)!;
  return name.endsWith(' output') ? ds.outputSpec : ds.configSpec;
};

test('every built-in component is covered', () => {
  const names = Object.keys(goSpecs.specs);
  expect(names.length).toBe(19);
  for (const [kind, map] of [['builder', registry.builders], ['provisioner', registry.provisioners], ['post-processor', registry.postProcessors]] as const) {
    for (const type of map.keys()) expect(names).toContain(`${kind} ${type}`);
  }
});

test.each(Object.keys(goSpecs.specs))('%s has the attributes and types of Packer 1.16', (name) => {
  expect(sorted(ourSpec(specOf(name)))).toEqual(sorted(goSpec(name)));
});
