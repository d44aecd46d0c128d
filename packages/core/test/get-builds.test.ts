// GetBuilds on Packer's corpus: the builds of hcl2template/testdata (types.build_test.go, types.source_test.go,
// types.packer_config_test.go getBuilds expectations: names, sources, provisioner / post-processor types and
// prepared configurations), -only / -except on command/test-fixtures, and preparation failures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderDiagnostics, type Diagnostic } from '@tspacker/hcl';
import { attr, type ConfigSpec } from '@tspacker/sdk';
import { getBuilds, noBuildsDiagnostic, type CoreBuild } from '@tspacker/core/template/get-builds.js';
import { commandFixturesDir } from '../../../test/support/data-components.js';
import { mockComponents, parseTemplate } from '../../../test/support/mock-components.js';

const summaries = (diags: Diagnostic[]): string[] => diags.map((d) => `${d.severity}: ${d.summary}`);

async function buildsOf(template: string, only: string[] = [], except: string[] = [], components = mockComponents(), cwd?: string) {
  const { config, diags } = await parseTemplate(template, { components, ...(cwd ? { cwd } : {}) });
  expect(renderDiagnostics(diags)).toBe('');
  return getBuilds(config!, { only, except });
}

/** The essential structure of a CoreBuild, as the Go tables spell it out. */
const shape = (b: CoreBuild) => ({
  name: b.name,
  builderType: b.builderType,
  provisioners: b.provisioners.map((p) => [p.type, p.name]),
  postProcessors: b.postProcessors.map((c) => c.map((p) => [p.type, p.name])),
});

describe('testdata/build builds', () => {
  test('post-processor with only and except', async () => {
    const { builds, diags } = await buildsOf('testdata/build/post-processor_onlyexcept.pkr.hcl');
    expect(diags).toEqual([]);
    expect(builds.map(shape)).toEqual([
      { name: 'virtualbox-iso.ubuntu-1204', builderType: 'virtualbox-iso', provisioners: [], postProcessors: [[['amazon-import', '']], [['manifest', '']]] },
      { name: 'amazon-ebs.aws-ubuntu-16.04', builderType: 'amazon-ebs', provisioners: [], postProcessors: [[['manifest', '']], [['amazon-import', '']]] },
    ]);
    // packer_build_name is the source's label, not the build-level rename.
    expect(builds.map((b) => [b.type, b.sourceName, b.core.buildName])).toEqual([
      ['virtualbox-iso.ubuntu-1204', 'ubuntu-1204', 'ubuntu-1204'],
      ['amazon-ebs.aws-ubuntu-16.04', 'ubuntu-1604', 'ubuntu-1604'],
    ]);
  });

  test('provisioner with only and except', async () => {
    const { builds, diags } = await buildsOf('testdata/build/provisioner_onlyexcept.pkr.hcl');
    expect(diags).toEqual([]);
    expect(builds.map(shape)).toEqual([
      { name: 'virtualbox-iso.ubuntu-1204', builderType: 'virtualbox-iso', provisioners: [['shell', ''], ['file', '']], postProcessors: [] },
      { name: 'amazon-ebs.aws-ubuntu-16.04', builderType: 'amazon-ebs', provisioners: [['file', ''], ['shell', '']], postProcessors: [] },
    ]);
    expect(builds[0]!.provisioners[0]!.config).toMatchObject({ tag: [], nested_slice: [], slice_string: [] });
  });

  test('{{packer_version}} in a provisioner string', async () => {
    const { builds } = await buildsOf('testdata/build/provisioner_packer_version_interpolation.pkr.hcl');
    expect(builds[0]!.provisioners[0]!.config.slice_string).toEqual(['v1.5.0']);
  });

  test('build name and description from variables', async () => {
    const { builds } = await buildsOf('testdata/build/variables.pkr.hcl');
    expect(builds.map((b) => [b.name, b.buildName, b.type])).toEqual([['build-name.virtualbox-iso.ubuntu-1204', 'build-name', 'virtualbox-iso.ubuntu-1204']]);
  });

  test('build.name in a post-processor block', async () => {
    const { builds } = await buildsOf('testdata/build/post-processor_build_name_interpolation.pkr.hcl');
    expect(builds.map(shape)).toEqual([
      { name: 'test-build.virtualbox-iso.ubuntu-1204', builderType: 'virtualbox-iso', provisioners: [], postProcessors: [[['manifest', 'test-build']]] },
    ]);
    expect(builds[0]!.postProcessors[0]![0]!.config.slice_string).toEqual(['v1.5.0', 'test-build']);
  });

  test('build.name in a provisioner block', async () => {
    const { builds } = await buildsOf('testdata/build/provisioner_build_name_interpolation.pkr.hcl');
    expect(builds[0]!.provisioners.map((p) => [p.type, p.name, p.config.slice_string])).toEqual([['shell', 'build-name-test', ['build-name-test']]]);
  });

  test('pause_before / max_retries / timeout reach the build', async () => {
    const paused = await buildsOf('testdata/build/provisioner_paused_before_retry.pkr.hcl');
    expect(paused.builds[0]!.provisioners[0]).toMatchObject({ pauseBefore: 10_000, maxRetries: 5, timeout: 0, continueOnError: false });
    const timeout = await buildsOf('testdata/build/provisioner_timeout.pkr.hcl');
    expect(timeout.builds[0]!.provisioners[0]).toMatchObject({ pauseBefore: 0, maxRetries: 0, timeout: 10_000 });
  });
});

describe('testdata/complete builds (TestParser_complete)', () => {
  const nested = {
    string: 'string',
    int: 42,
    int64: 43,
    bool: true,
    trilean: true,
    duration: 10_000,
    map_string_string: { a: 'b', c: 'd' },
    slice_string: ['a', 'b', 'c'],
    slice_slice_string: [
      ['a', 'b'],
      ['c', 'd'],
    ],
  };
  const dynamicTags = [
    { key: 'first_tag_key', value: 'first_tag_value' },
    { key: 'Component', value: 'user-service' },
    { key: 'Environment', value: 'production' },
  ];
  const sourceTags = dynamicTags.slice(1);

  test('two builds with every component prepared', async () => {
    const { builds, diags } = await buildsOf('testdata/complete');
    expect(diags).toEqual([]);
    const chains = [
      [['amazon-import', 'something']],
      [['amazon-import', '']],
      [
        ['amazon-import', 'first-nested-post-processor'],
        ['amazon-import', 'second-nested-post-processor'],
      ],
      [
        ['amazon-import', 'third-nested-post-processor'],
        ['amazon-import', 'fourth-nested-post-processor'],
      ],
    ];
    const provisioners = [
      ['shell', 'provisioner that does something'],
      ['file', ''],
    ];
    expect(builds.map(shape)).toEqual([
      { name: 'virtualbox-iso.ubuntu-1204', builderType: 'virtualbox-iso', provisioners, postProcessors: chains },
      { name: 'amazon-ebs.ubuntu-1604', builderType: 'amazon-ebs', provisioners, postProcessors: chains },
    ]);

    const [vbox, ebs] = builds as [CoreBuild, CoreBuild];
    // source.name / source.type and a data source in the builder body.
    expect(vbox.builderConfig).toMatchObject({
      ...nested,
      string: 'ubuntu-1204-virtualbox-iso',
      data_source: 'string',
      tag: [],
      nested: { ...nested, data_source: 'string' },
      nested_slice: [
        { ...nested, data_source: 'string' },
        { ...nested, data_source: 'string' },
      ],
    });
    // The build-level source block adds `string` and a `nested` block with dynamic tags to the source's body.
    expect(ebs.builderConfig).toMatchObject({ string: 'setting from build section', int: 42, tag: [], nested: { tag: sourceTags }, nested_slice: [{ tag: sourceTags }] });

    for (const b of builds) {
      for (const p of [...b.provisioners, b.cleanupProvisioner!]) {
        // build.ID is "<unknown>" at prepare time.
        expect(p.config).toMatchObject({ ...nested, not_squashed: 'value <UNKNOWN>', nested, nested_slice: [{ tag: dynamicTags }] });
      }
      expect(b.cleanupProvisioner!.name).toBe('error-cleanup-provisioner that does something');
      const [first, ...others] = b.postProcessors.flat();
      expect(first!.keepInputArtifact).toBe(true);
      expect(first!.config).toMatchObject({ ...nested, not_squashed: 'value <UNKNOWN>', tag: dynamicTags, nested, nested_slice: [] });
      for (const pp of others) {
        expect(pp.keepInputArtifact).toBeUndefined();
        expect(pp.config).toMatchObject({ ...nested, not_squashed: 'value <UNKNOWN>', tag: [], nested, nested_slice: [{ tag: [] }] });
      }
      expect(b.generatedVars).toEqual(['ID']);
      expect(b.core).toMatchObject({ builderType: b.builderType, coreVersion: 'v1.5.0', debug: false, force: false, onError: '' });
    }
  });
});

/** Test stand-ins for the bundled `file` builder and `shell-local` provisioner / post-processor. */
function fixtureComponents() {
  const components = mockComponents();
  const fileSpec = { content: attr.string(), source: attr.string(), target: attr.string({ required: true }) } satisfies ConfigSpec;
  const shellLocalSpec = { inline: attr.list(attr.string()), command: attr.string() } satisfies ConfigSpec;
  components.builders.set('file', { configSpec: fileSpec, configs: [], cores: [], prepare: () => ({}) });
  components.provisioners.set('shell-local', { configSpec: shellLocalSpec, configs: [], cores: [], prepare: () => ({}) });
  components.postProcessors.set('shell-local', { configSpec: shellLocalSpec, configs: [], cores: [], prepare: () => ({}) });
  return components;
}

describe('-only / -except (command/test-fixtures)', () => {
  const names = async (only: string[], except: string[]) => {
    const r = await buildsOf('hcl-only-except', only, except, fixtureComponents(), commandFixturesDir);
    return { names: r.builds.map((b) => b.name), diags: r.diags };
  };

  test.each([
    [['*chocolate*'], [], ['my_build.file.chocolate']],
    [[], ['*chocolate*'], ['file.cherry', 'my_build.file.vanilla']],
    [[], ['*ch*'], ['my_build.file.vanilla']],
    [['*chocolate*', '*vanilla*'], [], ['my_build.file.chocolate', 'my_build.file.vanilla']],
    [[], ['*chocolate*', '*vanilla*'], ['file.cherry']],
    [['my_build.file.chocolate'], [], ['my_build.file.chocolate']],
    [[], ['my_build.file.chocolate'], ['file.cherry', 'my_build.file.vanilla']],
    [['file.cherry'], [], ['file.cherry']],
    [['my_build.*'], [], ['my_build.file.chocolate', 'my_build.file.vanilla']],
    [[], ['my_build.*'], ['file.cherry']],
  ])('-only=%j -except=%j', async (only, except, want) => {
    const r = await names(only, except);
    expect(r.names).toEqual(want);
    expect(r.diags).toEqual([]);
  });

  test('-only=chocolate selects nothing: a warning, and the build command says "No builds to run"', async () => {
    const r = await names(['chocolate'], []);
    expect(r.names).toEqual([]);
    expect(r.diags.map((d) => [d.severity, d.summary, d.detail])).toEqual([
      [
        'warning',
        "an 'only' option was passed, but not all matches were found for the given build.",
        "Possible build names: [file.cherry my_build.file.chocolate my_build.file.vanilla].\nThese could also be matched with a glob pattern like: 'happycloud.*'",
      ],
    ]);
    expect(noBuildsDiagnostic().summary).toBe('No builds to run');
  });

  test('an -except that matches nothing warns', async () => {
    const r = await names([], ['nope']);
    expect(r.names).toHaveLength(3);
    expect(summaries(r.diags)).toEqual(["warning: an 'except' option was passed, but did not match any build."]);
  });

  test('a bad pattern is the only diagnostic', async () => {
    const r = await names(['foo[]bar'], []);
    expect(r.names).toEqual([]);
    expect(summaries(r.diags)).toEqual(['error: Invalid -only pattern foo[]bar: could not parse range']);
  });

  test('-except also names post-processors (build-only/template.pkr.hcl)', async () => {
    const r = await buildsOf('build-only/template.pkr.hcl', [], ['file.chocolate', 'file.vanilla', 'tomato'], fixtureComponents(), commandFixturesDir);
    expect(r.builds.map(shape)).toEqual([
      {
        name: 'file.cherry',
        builderType: 'file',
        provisioners: [],
        postProcessors: [[['shell-local', 'apple']], [['shell-local', 'peach']], [['shell-local', 'pear']], [['shell-local', 'banana']]],
      },
    ]);
    // tomato only runs for file.vanilla, so the third pattern matched nothing.
    expect(summaries(r.diags)).toEqual(["warning: an 'except' option was passed, but did not match any build."]);
    const pear = await buildsOf('build-only/template.pkr.hcl', ['file.vanilla'], ['pear'], fixtureComponents(), commandFixturesDir);
    // Excluding a post-processor drops the rest of its chain; here every chain has one.
    expect(pear.builds.map(shape)[0]!.postProcessors).toEqual([[['shell-local', 'apple']], [['shell-local', 'peach']], [['shell-local', 'banana']], [['shell-local', 'tomato']]]);
    expect(pear.diags).toEqual([]);
  });

  test('the JSON-syntax template (build-only/template.pkr.json)', async () => {
    const r = await buildsOf('build-only/template.pkr.json', [], ['file.chocolate', 'file.vanilla', 'tomato'], fixtureComponents(), commandFixturesDir);
    // `only = ["sources.file.chocolate"]` never matches: template only/except are exact `TYPE.NAME` strings.
    expect(r.builds.map(shape)).toEqual([
      {
        name: 'file.cherry',
        builderType: 'file',
        provisioners: [['shell-local', 'apple']],
        postProcessors: [[['shell-local', 'peach']], [['shell-local', 'pear']], [['shell-local', 'banana']]],
      },
    ]);
    expect(r.diags).toEqual([]);
  });

  test('validate/validate_except.pkr.hcl', async () => {
    const ok = await buildsOf('validate/validate_except.pkr.hcl', [], ['file.vanilla', 'pear'], fixtureComponents(), commandFixturesDir);
    expect(ok.builds.map(shape)).toEqual([{ name: 'file.chocolate', builderType: 'file', provisioners: [], postProcessors: [[['shell-local', 'apple']]] }]);
    expect(ok.diags).toEqual([]);
    // file.vanilla has no target: validate fails.
    const bad = await buildsOf('validate/validate_except.pkr.hcl', [], ['file.chocolate', 'apple'], fixtureComponents(), commandFixturesDir);
    expect(bad.builds).toEqual([]);
    // The failed build never reaches its post-processors, so `apple` matched nothing.
    expect(summaries(bad.diags)).toEqual(['error: Missing required argument', "warning: an 'except' option was passed, but did not match any build."]);
  });

  test('validate-invalid/missing_build_block.pkr.hcl', async () => {
    const { diags } = await parseTemplate('validate-invalid/missing_build_block.pkr.hcl', { components: fixtureComponents(), cwd: commandFixturesDir });
    expect(diags.map((d) => [d.summary, d.detail, d.subject?.start.line])).toEqual([['Unknown source file.cho', 'Known: [file.chocolate]', 6]]);
  });

  test('provisioner override by source local name (hcl/provisioner-override.pkr.hcl)', async () => {
    const r = await buildsOf('hcl/provisioner-override.pkr.hcl', [], [], fixtureComponents(), commandFixturesDir);
    expect(r.builds.map((b) => [b.name, b.provisioners[0]!.config.inline])).toEqual([
      ['null.example1', ['echo yes overridden']],
      ['null.example2', ['echo not overridden']],
    ]);
  });
});

describe('meta-arguments and dynamic blocks from command/test-fixtures/hcl', () => {
  const run = (template: string) => buildsOf(template, [], [], fixtureComponents(), commandFixturesDir);

  test('dynamic source and provisioner blocks (hcl/dynamic/build.pkr.hcl)', async () => {
    const { builds, diags } = await run('hcl/dynamic/build.pkr.hcl');
    expect(diags).toEqual([]);
    expect(builds.map((b) => [b.name, b.sourceName, b.builderConfig.target, b.builderConfig.content])).toEqual([
      ['file.dummy', 'base', 'dummy.txt', 'layers/base/main/files'],
      ['file.postgres', 'base', 'postgres/13.txt', 'layers/base/main/files\nlayers/base/init/files\nlayers/postgres/files'],
    ]);
    expect(builds.map((b) => b.provisioners.map((p) => p.config.inline))).toEqual([
      [["echo '' > dummy-baar.txt"], ["echo '' > dummy-fooo.txt"]],
      [["echo '' > postgres/13-baar.txt"], ["echo '' > postgres/13-fooo.txt"]],
    ]);
  });

  test('post-processor meta-arguments from variables and locals (hcl/var-in-pp-name.pkr.hcl)', async () => {
    const { builds, diags } = await run('hcl/var-in-pp-name.pkr.hcl');
    expect(diags).toEqual([]);
    expect(builds.map((b) => [b.name, b.postProcessors.map((c) => c.map((p) => [p.name, p.keepInputArtifact, p.config.inline]))])).toEqual([
      ['null.example1', [[['', true, ['echo 1 > example1.1.txt']]]]],
      ['null.example2', [[['bar', undefined, ['echo 2 > example2.2.txt']]]]],
    ]);
  });

  test('build.name in a post-processor body (hcl/build-var-in-pp.pkr.hcl, hcl/vars-in-build-block.pkr.hcl)', async () => {
    for (const template of ['hcl/build-var-in-pp.pkr.hcl', 'hcl/vars-in-build-block.pkr.hcl']) {
      const { builds } = await run(template);
      expect(builds.map((b) => [b.name, b.postProcessors[0]![0]!.config.inline])).toEqual([['example.null.example', ['echo 2 > example.2.txt']]]);
    }
  });
});

describe('preparation failures', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-get-builds-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(text: string, options: { only?: string[]; except?: string[] } = {}) {
    const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.pkr.hcl`);
    fs.writeFileSync(file, text);
    const { config, diags } = await parseTemplate(file, { cwd: dir });
    const r = getBuilds(config!, { only: options.only ?? [], except: options.except ?? [] });
    return { parse: diags, builds: r.builds, diags: r.diags, file };
  }

  test('no build block', async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n}\n');
    expect(r.diags.map((d) => [d.summary, d.detail])).toEqual([['Missing build block', 'A build block with one or more sources is required for executing a build.']]);
  });

  test("a builder's prepare errors are one diagnostic on the source block; other builds still come back", async () => {
    const r = await run('source "null" "a" {}\nsource "null" "b" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a", "null.b"]\n}\n');
    expect(r.builds.map((b) => b.name)).toEqual(['null.b']);
    expect(r.diags.map((d) => [d.severity, d.summary, d.subject?.start.line])).toEqual([
      ['error', '1 error(s) occurred:\n\n* a Host must be specified, please reference your communicator documentation', 1],
    ]);
  });

  test('an unknown attribute in a source body', async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n  nope = 1\n}\nbuild {\n  sources = ["null.a"]\n}\n');
    expect(r.builds).toEqual([]);
    expect(r.diags.map((d) => [d.summary, d.detail])).toEqual([['Unsupported argument', 'An argument named "nope" is not expected here.']]);
  });

  test('a build-level source may not re-set an attribute: only that build is dropped', async () => {
    const r = await run(
      'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  source "null.a" {\n    name = "b"\n    communicator = "ssh"\n  }\n}\n',
    );
    expect(r.builds.map((b) => b.name)).toEqual(['null.a']);
    expect(r.diags.map((d) => [d.summary, d.detail?.replace(r.file, 'FILE')])).toEqual([['Duplicate argument', 'Argument "communicator" was already set at FILE:2,3-15']]);
  });

  test("a provisioner's decode error is wrapped as Packer wraps it", async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  provisioner "shell" {\n    name = "p"\n    nope = 1\n  }\n}\n');
    expect(r.builds).toEqual([]);
    expect(r.diags.map((d) => [d.summary, d.detail?.replace(r.file, 'FILE'), d.subject?.start.line])).toEqual([
      ['Failed preparing provisioner-block "shell" "p"', 'FILE:8,5-9: Unsupported argument; An argument named "nope" is not expected here.', 6],
    ]);
  });

  test('a post-processor that fails to render a template', async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  post-processor "manifest" {\n    string = "{{ nope }}"\n  }\n}\n');
    expect(r.builds).toEqual([]);
    expect(r.diags).toHaveLength(1);
    expect(r.diags[0]!.summary).toBe('Failed preparing post-processor-block "manifest" ""');
    expect(r.diags[0]!.detail).toContain('function "nope" not defined');
  });

  test('{{build_name}} and {{build_type}} are the source label and type', async () => {
    const r = await run(
      'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  name = "b"\n  source "null.a" {\n    name = "renamed"\n  }\n  provisioner "shell" {\n    slice_string = ["{{build_name}}", "{{build_type}}", "${source.name}", "${build.name}"]\n  }\n}\n',
    );
    expect(r.diags).toEqual([]);
    expect(r.builds.map((b) => [b.name, b.provisioners[0]!.config.slice_string])).toEqual([['b.null.renamed', ['a', 'null', 'renamed', 'b']]]);
  });

  test('an unknown error-cleanup-provisioner type, and hcp_packer_registry in a build', async () => {
    const unknown = await run('source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  error-cleanup-provisioner "shel" {}\n}\n');
    expect(unknown.parse.map((d) => [d.summary, d.detail])).toEqual([['Unknown error-cleanup-provisioner type "shel"', 'Did you mean to use "shell"?']]);
    const hcp = await run('source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  hcp_packer_registry {\n    bucket_name = "b"\n  }\n}\n');
    expect(hcp.parse.map((d) => d.summary)).toEqual(['hcp_packer_registry is not supported']);
  });

  test('a dynamic block with an unknown block type inside a build', async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  dynamic "provisoner" {\n    for_each = [1]\n    labels = ["shell"]\n    content {}\n  }\n}\n');
    expect(r.parse.map((d) => [d.summary, d.detail])).toEqual([
      // dynblock's own wording: no suggestion.
      ['Unsupported block type', 'Blocks of type "provisoner" are not expected here.'],
    ]);
  });

  test('-except drops a post-processor and the rest of its chain, and counts as a match', async () => {
    const text =
      'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  post-processors {\n    post-processor "manifest" {\n      name = "first"\n    }\n    post-processor "manifest" {\n      name = "second"\n    }\n    post-processor "amazon-import" {}\n  }\n}\n';
    const chains = async (except: string[]) => {
      const r = await run(text, { except });
      expect(r.diags).toEqual([]);
      return r.builds[0]!.postProcessors.map((c) => c.map((p) => p.name || p.type));
    };
    expect(await chains([])).toEqual([['first', 'second', 'amazon-import']]);
    expect(await chains(['second'])).toEqual([['first']]);
    expect(await chains(['amazon-*'])).toEqual([['first', 'second']]);
    expect(await chains(['first'])).toEqual([]);
  });

  test('pause_before wins over timeout', async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.a"]\n  provisioner "shell" {\n    pause_before = "1s"\n    timeout = "2m"\n  }\n}\n');
    expect(r.builds[0]!.provisioners[0]).toMatchObject({ pauseBefore: 1000, timeout: 0 });
  });

  test('build.* is unknown in a source body', async () => {
    const r = await run('source "null" "a" {\n  communicator = "none"\n  ssh_host = build.name\n}\nbuild {\n  sources = ["null.a"]\n}\n');
    expect(r.builds).toEqual([]);
    expect(r.diags.map((d) => d.summary)).toEqual(['Unsupported attribute']);
  });
});
