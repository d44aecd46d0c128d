// `source` blocks on Packer's hcl2template/testdata/sources (expectations of types.source_test.go).
import { renderDiagnostics } from '@tspacker/hcl';
import { getBuilds } from '@tspacker/core/template/get-builds.js';
import { decodeBuildSourceBlock, sourceRefFromString } from '@tspacker/core/template/source-block.js';
import { parseConfig, bodyContent } from '@tspacker/hcl';
import { mockComponents, parseTemplate } from '../../../test/support/mock-components.js';
import { errorSummaries as errors } from './helpers.js';

describe('testdata/sources', () => {
  test('two basic sources', async () => {
    const { config, diags } = await parseTemplate('testdata/sources/basic.pkr.hcl');
    expect(renderDiagnostics(diags)).toBe('');
    expect([...config!.sources.keys()]).toEqual(['virtualbox-iso.ubuntu-1204', 'null.test']);
    expect(config!.builds.map((b) => b.sources.map((s) => [s.type, s.name, s.localName]))).toEqual([[['null', 'test', 'test']]]);
    const { builds, diags: buildDiags } = getBuilds(config!, { only: [], except: [] });
    expect(buildDiags).toEqual([]);
    expect(builds.map((b) => [b.name, b.type, b.builderType, b.provisioners.length, b.postProcessors.length])).toEqual([
      ['null.test', 'null.test', 'null', 0, 0],
    ]);
    expect(builds[0]!.builderConfig).toMatchObject({ communicator: 'none' });
  });

  test('untyped source', async () => {
    const { config, diags } = await parseTemplate('testdata/sources/untyped.pkr.hcl');
    expect(errors(diags)).toEqual(['Missing type for source']);
    expect(diags[0]!.detail).toBe('All source blocks must have 2 labels (type, name).');
    expect(config?.sources.size ?? 0).toBe(0);
  });

  test('unnamed source', async () => {
    const { diags } = await parseTemplate('testdata/sources/unnamed.pkr.hcl');
    expect(errors(diags)).toEqual(['Missing name for source']);
  });

  test('unused source with unknown type fails (the build block has no source)', async () => {
    const { config, diags } = await parseTemplate('testdata/sources/nonexistent.pkr.hcl');
    expect(errors(diags)).toEqual(['missing source reference']);
    expect(diags[0]!.detail).toBe('a build block must reference at least one source to be built');
    expect([...config!.sources.keys()]).toEqual(['nonexistent.ubuntu-1204']);
    expect(config!.builds).toEqual([]);
  });

  test('used source with unknown type fails', async () => {
    const { config, diags } = await parseTemplate('testdata/sources/nonexistent_used.pkr.hcl');
    expect(errors(diags)).toEqual(['Unknown source type nonexistent']);
    expect(diags[0]!.detail).toBe(
      'The source nonexistent is unknown by Packer, and is likely part of a plugin that is not installed.\n' +
        'You may find the needed plugin along with installation instructions documented on the Packer integrations page.\n\n' +
        'https://developer.hashicorp.com/packer/integrations?filter=nonexistent',
    );
    expect(config!.builds.map((b) => b.sources.map((s) => `${s.type}.${s.name}`))).toEqual([['nonexistent.ubuntu-1204']]);
  });

  test('duplicate source', async () => {
    const { config, diags } = await parseTemplate('testdata/sources/duplicate.pkr.hcl');
    expect(errors(diags)).toEqual(['Duplicate source block']);
    expect(diags[0]!.detail).toBe(
      'This source block has the same builder type and name as a previous block declared at testdata/sources/duplicate.pkr.hcl:2,1-38. ' +
        'Each source must have a unique name per builder type.',
    );
    expect(diags[0]!.subject!.start.line).toBe(3);
    expect([...config!.sources.keys()]).toEqual(['virtualbox-iso.ubuntu-1204']);
  });

  test('a misspelled source type gets a suggestion', async () => {
    const { diags } = await parseTemplate('testdata/sources/basic.pkr.hcl', {
      components: (() => {
        const c = mockComponents();
        c.builders.delete('null');
        c.builders.set('nul', c.builders.get('amazon-ebs')!);
        return c;
      })(),
    });
    expect(errors(diags)).toEqual(['Unknown source type null']);
    expect(diags[0]!.detail).toBe('Did you mean to use "nul"?');
  });
});

describe('source references', () => {
  test.each([
    ['source.null.test', { type: 'null', name: 'test' }],
    ['null.test', { type: 'null', name: 'test' }],
    ['sources.null.test', { type: 'null', name: 'test' }],
    ['a.b.c.d', { type: 'b', name: 'c' }],
    ['ami', undefined],
  ])('%s', (text, want) => {
    expect(sourceRefFromString(text)).toEqual(want);
  });

  test('a build-level source block renames with a literal name and keeps the rest of its body', () => {
    const { body } = parseConfig('source "source.null.x" {\n  name = "renamed"\n  extra = 1\n}\n', 'inline.pkr.hcl');
    const block = bodyContent(body, { blocks: [{ type: 'source', labelNames: ['reference'] }] }).content.blocks[0]!;
    const { value, diags } = decodeBuildSourceBlock(block);
    expect(diags).toEqual([]);
    expect(value).toMatchObject({ type: 'null', name: 'x', localName: 'renamed' });
    expect(bodyContent(value!.body!, { attributes: [{ name: 'extra' }] }).content.attributes.has('extra')).toBe(true);
  });

  test('a build-level source name must be a literal', () => {
    const { body } = parseConfig('source "null.x" {\n  name = var.x\n}\n', 'inline.pkr.hcl');
    const block = bodyContent(body, { blocks: [{ type: 'source', labelNames: ['reference'] }] }).content.blocks[0]!;
    const { value, diags } = decodeBuildSourceBlock(block);
    expect(value).toBeUndefined();
    // As gohcl: the evaluation error, then the unknown result that cannot become a string.
    expect(diags.map((d) => [d.summary, d.detail])).toEqual([
      ['Variables not allowed', 'Variables may not be used here.'],
      ['Unsuitable value type', 'Unsuitable value: value must be known'],
    ]);
  });
});
