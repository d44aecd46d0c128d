// `build` blocks on Packer's hcl2template/testdata/build and hcl2template/fixtures (expectations of
// types.build_test.go and types.build.provisioners_test.go): what the parser keeps of each build block.
import { bodyContent, parseConfig, renderDiagnostics } from '@tspacker/hcl';
import { decodeProvisionerBlock } from '@tspacker/core/template/build-block.js';
import type { BuildBlock } from '@tspacker/core';
import { parseTemplate } from '../../../test/support/mock-components.js';
import { errorSummaries as errors } from './helpers.js';

/** The essential structure of a build block, as the Go tables spell it out. */
function shape(b: BuildBlock) {
  return {
    name: b.name,
    description: b.description,
    sources: b.sources.map((s) => [`${s.type}.${s.name}`, s.localName]),
    provisioners: b.provisioners.map((p) => ({ type: p.type, name: p.name, only: p.onlyExcept.only, except: p.onlyExcept.except })),
    errorCleanup: b.errorCleanupProvisioner?.type,
    postProcessors: b.postProcessors.map((c) => c.map((p) => ({ type: p.type, name: p.name, only: p.onlyExcept.only, except: p.onlyExcept.except }))),
  };
}

const plain = (type: string, name = '') => ({ type, name, only: [], except: [] });

describe('testdata/build', () => {
  test('basic build no src: sources are unknown', async () => {
    const { config, diags } = await parseTemplate('testdata/build/basic.pkr.hcl');
    expect(errors(diags)).toEqual(['Unknown source amazon-ebs.ubuntu-1604', 'Unknown source virtualbox-iso.ubuntu-1204']);
    expect(diags[0]!.detail).toBe('Known: []');
    expect(config!.builds.map(shape)).toEqual([
      {
        name: '',
        description: '',
        sources: [
          ['amazon-ebs.ubuntu-1604', 'ubuntu-1604'],
          ['virtualbox-iso.ubuntu-1204', 'ubuntu-1204'],
        ],
        provisioners: [plain('shell'), plain('file')],
        errorCleanup: undefined,
        postProcessors: [[plain('amazon-import')]],
      },
    ]);
  });

  test('untyped provisioner', async () => {
    const { config, diags } = await parseTemplate('testdata/build/provisioner_untyped.pkr.hcl');
    expect(diags.map((d) => [d.summary, d.detail])).toEqual([
      ['Unsupported block type', 'Blocks of type "provision" are not expected here. Did you mean "provisioner"?'],
    ]);
    expect(config!.builds).toEqual([]);
  });

  test('untyped post-processor', async () => {
    const { config, diags } = await parseTemplate('testdata/build/post-processor_untyped.pkr.hcl');
    expect(diags.map((d) => [d.summary, d.detail])).toEqual([
      ['Unsupported block type', 'Blocks of type "post-process" are not expected here. Did you mean "post-processor"?'],
    ]);
    expect(config!.builds).toEqual([]);
  });

  test('nonexistent provisioner', async () => {
    const { config, diags } = await parseTemplate('testdata/build/provisioner_nonexistent.pkr.hcl');
    expect(errors(diags)).toEqual(['Unknown provisioner type "nonexistent"']);
    expect(diags[0]!.subject!.start.line).toBe(6);
    expect(config!.builds.map(shape)[0]!.provisioners).toEqual([plain('nonexistent')]);
  });

  test('nonexistent post-processor', async () => {
    const { config, diags } = await parseTemplate('testdata/build/post-processor_nonexistent.pkr.hcl');
    expect(errors(diags)).toEqual(['Unknown post-processor type "nonexistent"']);
    expect(config!.builds.map(shape)[0]!.postProcessors).toEqual([[plain('nonexistent')]]);
  });

  test('two error-cleanup-provisioner', async () => {
    const { config, diags } = await parseTemplate('testdata/build/two-error-cleanup-provisioner.pkr.hcl');
    expect(errors(diags)).toEqual(['Only one error-cleanup-provisioner is allowed']);
    expect(diags[0]!.subject!.start.line).toBe(13);
    expect(config!.builds).toEqual([]);
  });

  test('invalid source reference', async () => {
    const { config, diags } = await parseTemplate('testdata/build/invalid_source_reference.pkr.hcl');
    expect(errors(diags)).toEqual(['Invalid source reference']);
    expect(diags[0]!.detail).toBe(
      'A source type is made of three parts that are split by a dot `.`; each part must start with a letter and may contain only letters, digits, underscores, and dashes. A valid source reference looks like: `source.type.name`',
    );
    expect(config!.builds).toEqual([]);
  });

  test('named build', async () => {
    const { config, diags } = await parseTemplate('testdata/build/named.pkr.hcl');
    expect(errors(diags)).toEqual(['Unknown source amazon-ebs.ubuntu-1604', 'Unknown source virtualbox-iso.ubuntu-1204']);
    expect(config!.builds.map((b) => b.name)).toEqual(['somebuild']);
  });

  test('post-processor with only and except', async () => {
    const { config, diags } = await parseTemplate('testdata/build/post-processor_onlyexcept.pkr.hcl');
    expect(renderDiagnostics(diags)).toBe('');
    const b = shape(config!.builds[0]!);
    expect(b.sources).toEqual([
      ['virtualbox-iso.ubuntu-1204', 'ubuntu-1204'],
      ['amazon-ebs.ubuntu-1604', 'aws-ubuntu-16.04'],
    ]);
    expect(b.postProcessors).toEqual([
      [{ ...plain('amazon-import'), only: ['virtualbox-iso.ubuntu-1204'] }],
      [{ ...plain('manifest'), except: ['virtualbox-iso.ubuntu-1204'] }],
      [{ ...plain('amazon-import'), only: ['amazon-ebs.aws-ubuntu-16.04'] }],
      [{ ...plain('manifest'), except: ['amazon-ebs.aws-ubuntu-16.04'] }],
    ]);
  });

  test('provisioner with only and except', async () => {
    const { config, diags } = await parseTemplate('testdata/build/provisioner_onlyexcept.pkr.hcl');
    expect(renderDiagnostics(diags)).toBe('');
    expect(shape(config!.builds[0]!).provisioners).toEqual([
      { ...plain('shell'), only: ['virtualbox-iso.ubuntu-1204'] },
      { ...plain('file'), except: ['virtualbox-iso.ubuntu-1204'] },
      { ...plain('shell'), only: ['amazon-ebs.aws-ubuntu-16.04'] },
      { ...plain('file'), except: ['amazon-ebs.aws-ubuntu-16.04'] },
    ]);
  });

  test('variable interpolation for build name and description', async () => {
    const { config, diags } = await parseTemplate('testdata/build/variables.pkr.hcl');
    expect(renderDiagnostics(diags)).toBe('');
    const b = shape(config!.builds[0]!);
    expect([b.name, b.description]).toEqual(['build-name', 'This is the description for build-name.']);
  });

  test('invalid variable for build name', async () => {
    const { config, diags } = await parseTemplate('testdata/build/invalid_build_name_variable.pkr.hcl');
    expect(errors(diags).length).toBeGreaterThan(0);
    expect(config?.builds ?? []).toEqual([]);
  });

  test('build.name in provisioner and post-processor names', async () => {
    const prov = await parseTemplate('testdata/build/provisioner_build_name_interpolation.pkr.hcl');
    expect(renderDiagnostics(prov.diags)).toBe('');
    expect(shape(prov.config!.builds[0]!).provisioners).toEqual([plain('shell', 'build-name-test')]);
    const pp = await parseTemplate('testdata/build/post-processor_build_name_interpolation.pkr.hcl');
    expect(renderDiagnostics(pp.diags)).toBe('');
    expect(shape(pp.config!.builds[0]!).postProcessors).toEqual([[plain('manifest', 'test-build')]]);
  });

  test('pause_before, max_retries and timeout', async () => {
    const paused = await parseTemplate('testdata/build/provisioner_paused_before_retry.pkr.hcl');
    expect(renderDiagnostics(paused.diags)).toBe('');
    expect(paused.config!.builds[0]!.provisioners[0]).toMatchObject({ pauseBefore: 10_000, maxRetries: 5, timeout: 0 });
    const timeout = await parseTemplate('testdata/build/provisioner_timeout.pkr.hcl');
    expect(renderDiagnostics(timeout.diags)).toBe('');
    expect(timeout.config!.builds[0]!.provisioners[0]).toMatchObject({ pauseBefore: 0, maxRetries: 0, timeout: 10_000 });
  });
});

describe('testdata/complete build block', () => {
  test('sources, provisioners, error-cleanup-provisioner and post-processor chains', async () => {
    const { config, diags } = await parseTemplate('testdata/complete');
    expect(renderDiagnostics(diags)).toBe('');
    const b = config!.builds[0]!;
    expect(shape(b)).toEqual({
      name: '',
      description: '',
      sources: [
        ['virtualbox-iso.ubuntu-1204', 'ubuntu-1204'],
        ['amazon-ebs.ubuntu-1604', 'ubuntu-1604'],
      ],
      provisioners: [plain('shell', 'provisioner that does something'), plain('file')],
      errorCleanup: 'shell',
      postProcessors: [
        [plain('amazon-import', 'something')],
        [plain('amazon-import')],
        [plain('amazon-import', 'first-nested-post-processor'), plain('amazon-import', 'second-nested-post-processor')],
        [plain('amazon-import', 'third-nested-post-processor'), plain('amazon-import', 'fourth-nested-post-processor')],
      ],
    });
    expect(b.errorCleanupProvisioner!.name).toBe('error-cleanup-provisioner that does something');
    expect(b.postProcessors.map((c) => c.map((p) => p.keepInputArtifact))).toEqual([[true], [undefined], [undefined, undefined], [undefined, undefined]]);
  });
});

/**
 * The cases of Packer's hcl2template/fixtures (TestPackerConfig_ParseProvisionerBlock), which are not in the shared
 * corpus: a provisioner with a well-formed `override`, one whose `override` is not an object, and one whose
 * per-source override is not an object.
 */
const provisionerFixtures: Record<string, string> = {
  'well_formed_provisioner.pkr.hcl': 'provisioner "shell-local" {\n  inline = ["echo hi"]\n  override = {\n    test = {\n      hello = "new value"\n    }\n  }\n}\n',
  'malformed_override.pkr.hcl': 'provisioner "shell-local" {\n  inline = ["echo hi"]\n  override = "hello"\n}\n',
  'malformed_override_innards.pkr.hcl': 'provisioner "shell-local" {\n  inline = ["echo hi"]\n  override = {\n    test = "hello"\n  }\n}\n',
};

describe('hcl2template/fixtures (TestPackerConfig_ParseProvisionerBlock)', () => {
  function decodeFirstProvisioner(name: string) {
    const { body, diags } = parseConfig(provisionerFixtures[name]!, name);
    expect(diags).toEqual([]);
    const block = bodyContent(body, { blocks: [{ type: 'provisioner', labelNames: ['type'] }] }).content.blocks[0]!;
    return decodeProvisionerBlock(block, undefined);
  }

  test('well formed provisioner', () => {
    const { value, diags } = decodeFirstProvisioner('well_formed_provisioner.pkr.hcl');
    expect(diags).toEqual([]);
    expect(value!.type).toBe('shell-local');
    expect([...value!.override!.keys()]).toEqual(['test']);
    expect(value!.override!.get('test')!.get('hello')!.asString()).toBe('new value');
  });

  test('malformed override', () => {
    const { value, diags } = decodeFirstProvisioner('malformed_override.pkr.hcl');
    expect(value).toBeUndefined();
    expect(errors(diags)).toEqual(["provisioner's override block must be an HCL object"]);
  });

  test('malformed override innards', () => {
    const { value, diags } = decodeFirstProvisioner('malformed_override_innards.pkr.hcl');
    expect(value).toBeUndefined();
    expect(errors(diags)).toEqual(["provisioner's override.'test' block must be an HCL object"]);
  });
});

describe('meta-arguments', () => {
  function decode(text: string) {
    const { body } = parseConfig(text, 'inline.pkr.hcl');
    const block = bodyContent(body, { blocks: [{ type: 'provisioner', labelNames: ['type'] }] }).content.blocks[0]!;
    return decodeProvisionerBlock(block, undefined);
  }

  test('a pause_before that is not a Go duration', () => {
    const { value, diags } = decode('provisioner "shell" {\n  pause_before = "5"\n}\n');
    expect(value).toBeUndefined();
    expect(diags.map((d) => [d.summary, d.detail])).toEqual([['Failed to parse pause_before duration', 'time: missing unit in duration "5"']]);
  });

  test('a timeout that is not a Go duration', () => {
    const { diags } = decode('provisioner "shell" {\n  timeout = "soon"\n}\n');
    expect(diags.map((d) => [d.summary, d.detail])).toEqual([['Failed to parse timeout duration', 'time: invalid duration "soon"']]);
  });

  test('only and except together', () => {
    const { value, diags } = decode('provisioner "shell" {\n  only = ["a.b"]\n  except = ["c.d"]\n}\n');
    expect(value).toBeUndefined();
    expect(diags.map((d) => [d.summary, d.subject])).toEqual([["only one of 'only' or 'except' may be specified", undefined]]);
  });

  test('max_retries must be a whole number, continue_on_error a bool', () => {
    expect(decode('provisioner "shell" {\n  max_retries = 1.5\n}\n').diags.map((d) => d.detail)).toEqual([
      'Unsuitable value: value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    ]);
    expect(decode('provisioner "shell" {\n  max_retries = "3"\n  continue_on_error = true\n}\n').value).toMatchObject({ maxRetries: 3, continueOnError: true });
    expect(decode('provisioner "shell" {\n  continue_on_error = "maybe"\n}\n').diags.map((d) => d.detail)).toEqual([
      'Unsuitable value: a bool is required',
    ]);
  });

  test('the meta-arguments are not part of the component body', () => {
    const { value } = decode('provisioner "shell" {\n  name = "n"\n  inline = ["x"]\n}\n');
    const rest = bodyContent(value!.body, { attributes: [{ name: 'inline' }] });
    expect(rest.diags).toEqual([]);
    expect([...rest.content.attributes.keys()]).toEqual(['inline']);
  });
});
