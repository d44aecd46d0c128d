// LegacyCore (core/src/legacy/core.ts, Packer's packer.Core for JSON templates) with tspacker's real built-in
// components: Initialize (template validation, min_packer_version, required variables, variables and build names
// rendered), GetBuilds (selection, names, provisioner and post-processor wiring, errors of Core.Build and
// CoreBuild.Prepare) and EvaluateExpression (console). Error texts are Packer's (current, 1.16).
import { parseLegacyTemplate } from '@tspacker/core/legacy/parse.js';
import { LegacyCore, LEGACY_CONSOLE_HELP } from '@tspacker/core/legacy/core.js';
import { builtinComponents } from '@tspacker/plugin-builtin';
import type { Diagnostic } from '@tspacker/hcl';

function core(template: object, variables: Record<string, string> = {}): LegacyCore {
  const parsed = parseLegacyTemplate(JSON.stringify(template), '/tpl/t.json');
  if ('error' in parsed) throw new Error(parsed.error);
  return new LegacyCore({
    template: parsed.template,
    variables,
    coreVersion: '1.16.0',
    components: builtinComponents(),
    env: { TSP_X: 'from-env' },
    cwd: '/tpl',
  });
}

/** Initialize's one error text ('' when it succeeds). */
function initError(c: LegacyCore): string {
  const diags = c.initialize();
  expect(diags.length).toBeLessThanOrEqual(1);
  return diags[0]?.detail ?? '';
}

const line = (d: Diagnostic) => `${d.severity}: ${d.summary}: ${d.detail}`;
const NULL = { type: 'null', communicator: 'none' };

describe('Initialize', () => {
  test.each<[string, object, string]>([
    ['no builders', { variables: { a: 'b' } }, '1 error occurred:\n\t* at least one builder must be defined\n\n'],
    [
      'only/except and overrides naming unknown builders',
      {
        builders: [NULL],
        provisioners: [
          { type: 'shell-local', inline: ['x'], only: ['nope'] },
          { type: 'shell-local', inline: ['x'], only: ['null'], except: ['null'] },
          { type: 'shell-local', inline: ['x'], override: { zz: {} } },
        ],
        'post-processors': [{ type: 'manifest', except: ['q'] }],
      },
      "4 errors occurred:\n\t* provisioner 1: 'only' specified builder 'nope' not found\n" +
        "\t* provisioner 2: only one of 'only' or 'except' may be specified\n\t* provisioner 3: override 'zz' doesn't exist\n" +
        "\t* post-processor 1.1: 'except' specified builder 'q' not found\n\n",
    ],
    ['a newer min_packer_version', { builders: [NULL], min_packer_version: '101.0.0' }, 'This template requires Packer version 101.0.0 or higher; using 1.16.0'],
    ['an invalid min_packer_version', { builders: [NULL], min_packer_version: 'abc' }, 'min_version is invalid: malformed version: abc'],
    ['an older min_packer_version', { builders: [NULL], min_packer_version: '1.5' }, ''],
    [
      'required variables not set',
      { builders: [NULL], variables: { b: null, a: null, c: 'x' } },
      '2 errors occurred:\n\t* required variable not set: a\n\t* required variable not set: b\n\n',
    ],
    [
      'an undefined variable used by another',
      { builders: [NULL], variables: { a: '{{user `nope`}}' } },
      'Failed to interpolate "a": "{{user `nope`}}"; error: template: root:1:2: executing "root" at <user `nope`>: error calling user: ' +
        "Error: variable not set: nope: Please make sure that the variable you're referencing has been defined; Packer treats all " +
        'variables used to interpolate other user variables as required.',
    ],
    [
      'a build name that does not render',
      { builders: [{ ...NULL, name: '{{ nope }}' }] },
      'Error interpolating builder \'{{ nope }}\': template: root:1: function "nope" not defined',
    ],
  ])('%s', (_name, template, expected) => {
    expect(initError(core(template))).toBe(expected);
  });

  test('variables rendered (env allowed there), sensitive values registered, build names rendered', () => {
    const c = core(
      {
        variables: { name: 'b-{{user `suffix`}}', suffix: '{{env `TSP_X`}}', secret: 's3cr3t', empty: '' },
        'sensitive-variables': ['secret', 'empty', 'undeclared'],
        builders: [{ ...NULL, name: '{{user `name`}}' }, NULL],
      },
      { required: 'given' },
    );
    expect(initError(c)).toBe('');
    expect({ ...c.variables }).toEqual({ name: 'b-from-env', suffix: 'from-env', secret: 's3cr3t', empty: '', required: 'given' });
    expect([...c.sensitiveValues]).toEqual(['s3cr3t']);
    expect(c.buildNames([], [])).toEqual(['b-from-env', 'null']);
  });
});

describe('GetBuilds', () => {
  const template = {
    builders: [NULL, { ...NULL, name: 'packer' }, { type: 'file', name: 'f', content: 'x', target: 'f.txt' }],
    provisioners: [
      { type: 'shell-local', inline: ['echo {{build_name}} {{build_type}}'], only: ['packer'] },
      { type: 'shell-local', inline: ['echo not overridden'], override: { null: { inline: ['echo overridden'] } }, pause_before: '2s', timeout: '5s' },
      { type: 'shell-local', inline: ['echo t'], timeout: '5s', max_retries: '{{user `retries`}}' },
    ],
    'post-processors': [[{ type: 'shell-local', name: 'first', inline: ['a'] }, { type: 'manifest', name: 'second' }], [{ type: 'manifest', except: ['f'] }]],
    variables: { retries: '3' },
  };

  test('builds sorted by name, exact -only/-except, TYPE.NAME when the name is not the type', () => {
    const c = core(template);
    expect(initError(c)).toBe('');
    const { builds, diags } = c.getBuilds({ only: [], except: [] });
    expect(diags.map(line)).toEqual([]);
    expect(builds.map((b) => [b.name, b.buildName, b.type, b.builderType, b.sourceName])).toEqual([
      ['file.f', 'file', 'f', 'file', 'f'],
      ['null', '', 'null', 'null', 'null'],
      ['null.packer', 'null', 'packer', 'null', 'packer'],
    ]);
    expect(c.getBuilds({ only: ['packer', 'null.packer'], except: [] }).builds.map((b) => b.name)).toEqual(['null.packer']);
    expect(c.getBuilds({ only: [], except: ['f', 'null'] }).builds.map((b) => b.name)).toEqual(['null.packer']);
  });

  test('provisioners: only/except, override by builder name, pause_before over timeout, max_retries rendered', () => {
    const c = core(template);
    c.initialize();
    const byName = new Map(c.getBuilds({ only: [], except: [] }).builds.map((b) => [b.sourceName, b]));
    const steps = (name: string) =>
      byName.get(name)!.provisioners.map((p) => [p.type, (p.config as { inline: string[] }).inline, p.pauseBefore, p.timeout, p.maxRetries]);
    expect(steps('packer')).toEqual([
      ['shell-local', ['echo packer null'], 0, 0, 0],
      ['shell-local', ['echo not overridden'], 2000, 0, 0],
      ['shell-local', ['echo t'], 0, 5000, 3],
    ]);
    expect(steps('null')).toEqual([
      ['shell-local', ['echo overridden'], 2000, 0, 0],
      ['shell-local', ['echo t'], 0, 5000, 3],
    ]);
  });

  test('post-processors: only/except per builder, -except of a post-processor name cuts its chain there', () => {
    const c = core(template);
    c.initialize();
    const chains = (except: string[]) =>
      c.getBuilds({ only: [], except }).builds.map((b) => [b.sourceName, b.postProcessors.map((chain) => chain.map((p) => p.name))]);
    expect(chains([])).toEqual([
      ['f', [['first', 'second']]],
      ['null', [['first', 'second'], ['manifest']]],
      ['packer', [['first', 'second'], ['manifest']]],
    ]);
    expect(chains(['second', 'null'])).toEqual([
      ['f', [['first']]],
      ['packer', [['first'], ['manifest']]],
    ]);
    expect(chains(['first'])).toEqual([
      ['f', []],
      ['null', [['manifest']]],
      ['packer', [['manifest']]],
    ]);
  });

  test('an unknown builder, provisioner or post-processor: the build fails to initialize, the others are still built', () => {
    const c = core({
      builders: [NULL, { type: 'nul', name: 'typo' }, { type: 'foobarbaz-thing', name: 'plugin' }, { ...NULL, name: 'pp' }],
      provisioners: [{ type: 'shel-local', inline: ['x'], only: ['null'] }],
      'post-processors': [{ type: 'manifes', only: ['pp'] }],
    });
    c.initialize();
    const { builds, diags } = c.getBuilds({ only: [], except: [] });
    expect(builds).toEqual([]);
    expect(diags.map(line)).toEqual([
      'error: Failed to initialize build "null": Did you mean to use "shell-local"?',
      'error: Failed to initialize build "plugin": The builder foobarbaz-thing is unknown by Packer, and is likely part of a plugin ' +
        'that is not installed.\nYou may find the needed plugin along with installation instructions documented on the Packer ' +
        'integrations page.\n\nhttps://developer.hashicorp.com/packer/integrations?filter=foobarbaz',
      'error: Failed to initialize build "pp": Did you mean to use "manifest"?',
      'error: Failed to initialize build "typo": Did you mean to use "null"?',
    ]);
  });

  test('bad max_retries; each provisioner is checked in turn (the first one’s error wins)', () => {
    const builds = (maxRetries: string, then: object = { type: 'shell-local', inline: ['x'] }) => {
      const c = core({ builders: [NULL], provisioners: [{ type: 'shell-local', inline: ['x'], max_retries: maxRetries }, then] });
      c.initialize();
      return c.getBuilds({ only: [], except: [] }).diags.map(line);
    };
    expect(builds('abc')).toEqual(['error: Failed to initialize build "null": `max_retries` must be a valid integer: strconv.Atoi: parsing "abc": invalid syntax']);
    expect(builds('99999999999999999999')).toEqual([
      'error: Failed to initialize build "null": `max_retries` must be a valid integer: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ]);
    expect(builds('{{ nope }}')).toEqual([
      'error: Failed to initialize build "null": failed to interpolate `max_retries`: template: root:1: function "nope" not defined',
    ]);
    expect(builds('x', { type: 'unknown-prov' })).toEqual([
      'error: Failed to initialize build "null": `max_retries` must be a valid integer: strconv.Atoi: parsing "x": invalid syntax',
    ]);
  });

  test('warnings belong to their build; a build that fails to prepare shows none', () => {
    const c = core({
      builders: [
        { type: 'file', name: 'a', target: 'a.txt' },
        { type: 'file', name: 'b', target: 'b.txt' },
        { type: 'file', name: 'c', target: 'c.txt', content: 'c' },
      ],
      provisioners: [{ type: 'shell-local', only: ['a'] }],
    });
    c.initialize();
    const { builds, diags } = c.getBuilds({ only: [], except: [] });
    expect(builds.map((b) => b.name)).toEqual(['file.b', 'file.c']);
    expect(diags.map((d) => `${d.severity}: ${d.summary}`)).toEqual([
      'error: Failed to prepare build: "a"',
      'warning: Warning when preparing build: "b"',
    ]);
    expect(diags[1]!.detail).toBe('Both source file and contents are blank; target will have no content');
  });

  test('prepare errors of the builder and of a provisioner', () => {
    const c = core({
      builders: [{ ...NULL, extra_key: 1 }, { type: 'file', name: 'f', content: 'x', target: 't' }],
      provisioners: [{ type: 'shell-local', only: ['f'] }],
    });
    c.initialize();
    const { builds, diags } = c.getBuilds({ only: [], except: [] });
    expect(builds).toEqual([]);
    expect(diags.map((d) => `${d.severity}: ${d.summary}`)).toEqual(['error: Failed to prepare build: "f"', 'error: Failed to prepare build: "null"']);
    expect(diags[1]!.detail).toContain('extra_key');
  });
});

describe('EvaluateExpression', () => {
  const c = core({ variables: { a: 'A', b: '{{user `a`}}-b' }, builders: [NULL] });
  c.initialize();

  test('the console lines', () => {
    expect(c.evaluateExpression('')).toEqual({ result: '', exit: false });
    expect(c.evaluateExpression('exit')).toEqual({ result: '', exit: true });
    expect(c.evaluateExpression('help')).toEqual({ result: LEGACY_CONSOLE_HELP, exit: false });
    expect(c.evaluateExpression('variables')).toEqual({ result: '\na: A,\nb: A-b,\n', exit: false });
    expect(c.evaluateExpression('{{user `b`}} and {{ upper `x` }} in {{template_dir}}')).toEqual({ result: 'A-b and X in /tpl', exit: false });
    expect(c.evaluateExpression('{{user `undefined`}}|plain')).toEqual({ result: '|plain', exit: false });
  });

  test('errors: env is not allowed outside variables, unknown functions', () => {
    expect(c.evaluateExpression('{{env `TSP_X`}}')).toEqual({
      result: '',
      exit: false,
      error: 'template: root:1:2: executing "root" at <env `TSP_X`>: error calling env: env vars are not allowed here',
    });
    expect(c.evaluateExpression('{{ nope }}').error).toBe('template: root:1: function "nope" not defined');
  });
});
