// Locals and data sources: Packer's hcl2template/testdata/datasources cases (types.datasource_test.go), the
// packer_test dag cases (one dependency graph vs. -use-sequential-evaluation), data sources not executed for
// validate, and locals graphs compared with Packer 1.6.6 console.
import path from 'node:path';
import { evaluate, parseExpression, renderConsoleValue, renderDiagnostics, type Value } from '@tspacker/hcl';
import { attr, type DataSourceComponent } from '@tspacker/sdk';
import { evalContext, variableValue, type LoadOptions, type PackerConfig } from '@tspacker/core';
import {
  commandFixturesDir,
  compareConsoles,
  dataSourceRegistry,
  loadAndInitialize as load,
  mockBuilder,
  mockProvisioner,
} from '../../../test/support/data-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { errorSummaries as errors } from './helpers.js';

// The command fixtures use the file builder and the shell-local provisioner; presence is all Initialize checks.
const fixtureComponents = dataSourceRegistry({ builders: new Map([['file', mockBuilder]]), provisioners: new Map([['shell-local', mockProvisioner]]) });

async function loadText(text: string, o: Partial<LoadOptions> = {}) {
  return load('t.pkr.hcl', { cwd: tempDir({ 't.pkr.hcl': text }), ...o });
}

function evalIn(config: PackerConfig, expr: string): Value {
  const r = evaluate(parseExpression(expr, 'test').expr, evalContext(config, 'locals'));
  expect(r.diags).toEqual([]);
  return r.value;
}

describe('testdata/datasources (TestParse_datasource)', () => {
  test('basic: the amazon-ami mock returns its configuration', async () => {
    const { config, diags } = await load('testdata/datasources/basic.pkr.hcl');
    expect(diags).toEqual([]);
    expect(renderConsoleValue(evalIn(config!, 'data.amazon-ami.test.string'))).toBe('string');
    expect(renderConsoleValue(evalIn(config!, 'data.amazon-ami.test.int'))).toBe('42');
    expect(renderConsoleValue(evalIn(config!, 'data.amazon-ami.test.slice_slice_string[1][0]'))).toBe('c');
    expect(renderConsoleValue(evalIn(config!, 'data.amazon-ami.test.nested.map_string_string.c'))).toBe('d');
    expect(renderConsoleValue(evalIn(config!, 'data.amazon-ami.test.duration'))).toBe('10s');
    expect(config!.sources.size + config!.builds.length).toBe(2);
  });

  test('recursive: a chain of null data sources, dependencies first', async () => {
    const { config, diags } = await load('testdata/datasources/recursive.pkr.hcl');
    expect(diags).toEqual([]);
    expect(renderConsoleValue(evalIn(config!, 'data.null.yummy.output'))).toBe('chocolate-vanilla-swirl-with-marshmallows-and-sprinkles');
  });

  test.each([
    ['untyped.pkr.hcl', ['Missing type for data']],
    ['unnamed.pkr.hcl', ['Missing name for data']],
    ['nonexistent.pkr.hcl', ['Unknown data type nonexistent']],
    ['duplicate.pkr.hcl', ['Duplicate data block']],
    ['dependency_cycle.pkr.hcl', ['failed to prepare execution graph']],
  ])('%s: %j', async (file, want) => {
    const { diags } = await load(`testdata/datasources/${file}`);
    expect(errors(diags)).toEqual(want);
  });

  test('messages', async () => {
    const unknown = await load('testdata/datasources/nonexistent.pkr.hcl');
    expect(unknown.diags[0]!.detail).toBe('known data sources: [amazon-ami null]');
    expect(unknown.diags[0]!.subject!.start).toMatchObject({ line: 1, column: 6 });
    const dup = await load('testdata/datasources/duplicate.pkr.hcl');
    expect(dup.diags[0]!.detail).toBe(
      'This data block has the same data type and name as a previous block declared at testdata/datasources/duplicate.pkr.hcl:1,1-25. Each data must have a unique name per builder type.',
    );
    const cycle = await load('testdata/datasources/dependency_cycle.pkr.hcl');
    expect(cycle.diags[0]!.detail).toBe(
      'An error occurred while building the graph for datasources/locals: 1 error occurred:\n\t* Cycle: null.bear, null.gummy\n\n',
    );
  });

  test('a data source that fails to configure or to execute', async () => {
    const missing = await loadText('data "null" "x" {\n  input = ""\n}\n');
    expect(errors(missing.diags)).toEqual(['1 error(s) occurred:\n\n* The `input` must be specified']);
    const unsupported = await loadText('data "null" "x" {\n  inputt = "a"\n}\n');
    expect(errors(unsupported.diags).sort()).toEqual(['Missing required argument', 'Unsupported argument']);
    const failing: DataSourceComponent = {
      configSpec: {},
      outputSpec: { v: attr.string() },
      prepare: () => ({}),
      execute: async () => {
        throw new Error('could not reach the thing');
      },
    };
    const r = await loadText('data "failing" "x" {}\n', { components: dataSourceRegistry({ dataSources: new Map([['failing', failing]]) }) });
    expect(r.diags.map((d) => [d.summary, d.subject?.start.line])).toEqual([['could not reach the thing', 1]]);
  });
});

describe('one graph of locals and data sources', () => {
  const mixed = `
data "null" "head" {
  input = "foo"
}
locals {
  loc = "\${data.null.head.output}"
}
data "null" "tail" {
  input = "\${local.loc}"
}
locals {
  last = "final - \${data.null.tail.output}"
}
`;

  test('dag_tests/mixed_data_local: data → local → data → local succeeds', async () => {
    const { config, diags } = await loadText(mixed);
    expect(diags).toEqual([]);
    expect(variableValue(config!.localVariables.get('last')!).asString()).toBe('final - foo');
  });

  test('dag_tests/mixed_data_local fails with sequential evaluation', async () => {
    const { diags } = await loadText(mixed, { useSequentialEvaluation: true });
    expect(errors(diags)).toContain('Unsupported attribute');
  });

  test('core_tests/locals_no_order: can(local.x) sees x evaluated first', async () => {
    const { config, diags } = await loadText(
      'locals {\n  test_local = can(local.test_data) ? local.test_data : []\n\n  test_data = [\n    { key = "value" }\n  ]\n}\n',
    );
    expect(diags).toEqual([]);
    expect(renderConsoleValue(variableValue(config!.localVariables.get('test_local')!))).toBe('[\n  {\n    "key" = "value"\n  },\n]');
  });

  test.each([true, false])('dag_tests/malformed_data_dep and malformed_local_dep fail (sequential: %s)', async (seq) => {
    const data = await loadText('data "null" "trusted" {\n  input = "x"\n}\nlocals {\n  test = data.trusted.url\n}\n', { useSequentialEvaluation: seq });
    expect(errors(data.diags).length).toBeGreaterThan(0);
    const local = await loadText('data "null" "trusted" {\n  input = local.no_dep\n}\n', { useSequentialEvaluation: seq });
    expect(errors(local.diags).length).toBeGreaterThan(0);
  });

  test('graph errors name the missing dependency', async () => {
    const r = await loadText('data "null" "trusted" {\n  input = local.no_dep\n}\nlocals {\n  test = data.null.nope.output\n}\n');
    expect(r.diags).toEqual([
      {
        severity: 'error',
        summary: 'failed to prepare execution graph',
        detail:
          'An error occurred while building the graph for datasources/locals: 2 errors occurred:\n' +
          '\t* could not get dependency "local.no_dep" for "data.null.trusted", "local.no_dep" missing in template\n' +
          '\t* could not get dependency "data.null.nope" for "local.test", "data.null.nope" missing in template\n\n',
      },
    ]);
    const selfRef = await loadText('locals {\n  a = local.a\n}\n');
    expect(selfRef.diags[0]!.detail).toBe('An error occurred while building the graph for datasources/locals: 1 error occurred:\n\t* Self reference: local.a\n\n');
  });

  test('the first failing node stops the walk', async () => {
    const r = await loadText('locals {\n  a = upper(1, 2)\n  b = nope(1)\n}\n');
    expect(errors(r.diags)).toEqual(['Too many function arguments']);
  });

  test('sequential mode: recursion depth and missing locals', async () => {
    const cycle = await loadText('locals {\n  first = local.second\n  second = local.first\n}\n', { useSequentialEvaluation: true });
    expect(errors(cycle.diags)).toContain('Max local recursion depth exceeded.');
    const missing = await loadText('locals {\n  a = local.b\n}\n', { useSequentialEvaluation: true });
    expect(missing.diags).toEqual([
      {
        severity: 'error',
        summary: 'failed to get local variable',
        detail: 'While evaluating "local.a", its dependency "local.b" was not found, is it defined?',
      },
    ]);
    const ok = await loadText('locals {\n  a = "${local.b}-a"\n  b = "b"\n}\ndata "null" "x" {\n  input = "x"\n}\ndata "null" "y" {\n  input = data.null.x.output\n}\n', {
      useSequentialEvaluation: true,
    });
    expect(ok.diags).toEqual([]);
    expect(variableValue(ok.config!.localVariables.get('a')!).asString()).toBe('b-a');
    expect(renderConsoleValue(evalIn(ok.config!, 'data.null.y.output'))).toBe('x');
  });

  test('hcl/recursive_local_with_input fixture; with its input unset it fails', async () => {
    const cwd = path.join(commandFixturesDir, 'hcl');
    const ok = await load('recursive_local_with_input', { cwd, components: fixtureComponents });
    expect(errors(ok.diags)).toEqual([]);
    expect(renderConsoleValue(evalIn(ok.config!, 'local.dynamic_slice.amgroup'))).toBe('hey');
    const unset = await load('recursive_local_with_unset_input', { cwd });
    expect(errors(unset.diags)[0]).toBe('Unset variable "vms_to_build"');
  });
});

describe('validate without -evaluate-datasources', () => {
  test('data sources are configured but not executed: outputs are unknown of the output type', async () => {
    let executed = 0;
    const counting: DataSourceComponent = {
      configSpec: { input: attr.string() },
      outputSpec: { output: attr.string(), n: attr.int() },
      prepare: () => ({}),
      execute: async () => {
        executed++;
        throw new Error('executed');
      },
    };
    const components = dataSourceRegistry({ dataSources: new Map([['counting', counting]]) });
    const { config, diags } = await loadText('data "counting" "c" {\n  input = "a"\n}\nlocals {\n  l = data.counting.c.output\n}\n', {
      components,
      skipDatasourcesExecution: true,
    });
    expect(diags).toEqual([]);
    expect(executed).toBe(0);
    const out = evalIn(config!, 'data.counting.c');
    expect([out.isKnown, out.type.kind]).toEqual([false, 'object']);
    expect(variableValue(config!.localVariables.get('l')!).isKnown).toBe(false);
  });

  test('hcl/data-source-validation and hcl/local-ds-validate load', async () => {
    const cwd = path.join(commandFixturesDir, 'hcl');
    for (const file of ['data-source-validation.pkr.hcl', 'local-ds-validate.pkr.hcl']) {
      const r = await load(file, { cwd, skipDatasourcesExecution: true, components: fixtureComponents });
      expect(errors(r.diags)).toEqual([]);
    }
    const run = await load('data-source-validation.pkr.hcl', { cwd, components: fixtureComponents });
    expect(variableValue(run.config!.localVariables.get('secret')!).asString()).toBe('s3cr3t');
  });
});

describe('differential: locals with Packer 1.6.6 console', () => {
  const dir = tempDir({
    'a.pkr.hcl': 'variable "region" {\n  default = "eu"\n}\nlocals {\n  name = "${local.prefix}-${var.region}"\n  names = [for i in range(3) : "${local.name}-${i}"]\n}\n',
    'b.pkr.hcl': 'locals {\n  prefix = upper(local.base)\n  base = "img"\n  tags = merge(local.common, { Name = local.name })\n  common = { Team = "core" }\n  root = path.root\n}\n',
  });
  test.each(['local.name', 'local.names', 'local.tags', 'local.prefix', 'local.root', 'length(local.names)'])('%s', async (expr) => {
    const [ours, theirs] = await compareConsoles(dir, '.', expr);
    expect(ours).toBe(theirs);
  });
  test('with -var', async () => {
    const [ours, theirs] = await compareConsoles(dir, '.', 'local.tags', { vars: [['region', 'us']] });
    expect(ours).toBe(theirs);
    expect(ours).toContain('IMG-us');
  });
  test('an evaluation error in a local is rendered with its source', async () => {
    const r = await loadText('locals {\n  bad = upper(1, 2)\n}\n');
    expect(renderDiagnostics(r.diags, r.config!.files)).toContain('Error: Too many function arguments\n\n  on t.pkr.hcl line 2, in locals:');
  });
});
