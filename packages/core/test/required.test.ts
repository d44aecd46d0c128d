// `packer { required_version, required_plugins }`: the version check that runs before anything else, and the
// required_plugins rules of types.required_plugins.go (hcl2template/testdata/init cases, command/test-fixtures
// version_req cases), with 1.6.6 as an oracle for the version error.
import fs from 'node:fs';
import path from 'node:path';
import { renderDiagnostics, type Diagnostic } from '@tspacker/hcl';
import { loadTemplate, type PackerConfig } from '@tspacker/core';
import { commandFixturesDir, compareConsoles, hcl2templateDir, testLoadOptions } from '../../../test/support/data-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { errorSummaries as errors } from './helpers.js';

async function loadText(text: string, coreVersion = '1.16.0'): Promise<{ config?: PackerConfig; diags: Diagnostic[] }> {
  const dir = tempDir({ 't.pkr.hcl': text });
  const r = await loadTemplate(testLoadOptions('t.pkr.hcl', { cwd: dir, coreVersion }));
  return { config: r.value, diags: r.diags };
}

describe('required_version', () => {
  test('a mismatch is the only error, even with unknown blocks (version_req/base_failure)', async () => {
    const r = await loadTemplate(testLoadOptions('version_req/base_failure', { cwd: commandFixturesDir }));
    expect(errors(r.diags)).toEqual(['Unsupported Packer Core version']);
    expect(r.diags[0]!.detail).toBe(
      'This configuration does not support Packer version 1.16.0. To proceed, either choose another supported Packer version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.',
    );
    expect(r.diags[0]!.subject!.start.line).toBe(2);
  });

  test('base_success passes; wrong_field_name is an unsupported argument', async () => {
    const ok = await loadTemplate(testLoadOptions('version_req/base_success', { cwd: commandFixturesDir }));
    expect(errors(ok.diags)).toEqual([]);
    expect(ok.value!.requiredVersions.map((c) => c.constraint)).toEqual(['>= 1.0.0']);
    const bad = await loadTemplate(testLoadOptions('version_req/wrong_field_name', { cwd: commandFixturesDir }));
    expect(errors(bad.diags)).toContain('Unsupported argument');
  });

  test('the core version is compared without its prerelease', async () => {
    const r = await loadText('packer {\n  required_version = ">= 1.16.0"\n}\n', '1.16.0-dev');
    expect(errors(r.diags)).toEqual([]);
  });

  test('constraint syntax and type errors', async () => {
    const syntax = await loadText('packer {\n  required_version = "=> 1"\n}\n');
    expect(errors(syntax.diags)).toEqual(['Invalid version constraint']);
    expect(syntax.diags[0]!.detail).toBe(
      'This string does not use correct version constraint syntax. Check out the docs: https://packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints',
    );
    const type = await loadText('packer {\n  required_version = ["1"]\n}\n');
    expect(type.diags[0]!.detail).toBe('A string value is required for required_version.');
    // A number converts to a string: "1" means = 1.0.0.
    const num = await loadText('packer {\n  required_version = 1\n}\n');
    expect(errors(num.diags)).toEqual(['Unsupported Packer Core version']);
  });

  test('constraints from every file of a directory are checked', async () => {
    const dir = tempDir({
      'a.pkr.hcl': 'packer {\n  required_version = ">= 1.0"\n}\n',
      'b.pkr.hcl': 'packer {\n  required_version = "< 1.10"\n}\n',
    });
    const r = await loadTemplate(testLoadOptions('.', { cwd: dir }));
    expect(errors(r.diags)).toEqual(['Unsupported Packer Core version']);
    expect(r.diags[0]!.subject!.filename).toBe('b.pkr.hcl');
  });

  test('same error text as Packer 1.6.6', async () => {
    const dir = tempDir({ 't.pkr.hcl': 'packer {\n  required_version = "~> 1.5.0, != 1.6.6"\n}\n\nfuture {\n  x = 1\n}\n' });
    const [ours, theirs] = await compareConsoles(dir, 't.pkr.hcl', '1');
    expect(ours).toBe(theirs);
    expect(ours).toContain('Error: Unsupported Packer Core version');
    fs.writeFileSync(path.join(dir, 'ok.pkr.hcl'), 'packer {\n  required_version = "~> 1.6.0"\n}\n');
    expect(await compareConsoles(dir, 'ok.pkr.hcl', '"ok"')).toEqual(['ok', 'ok']);
  });
});

describe('required_plugins (testdata/init)', () => {
  test('imports: every requirement decoded', async () => {
    const r = await loadTemplate(testLoadOptions('testdata/init/imports'));
    expect(errors(r.diags)).toEqual([]);
    const plugins = r.value!.requiredPlugins;
    expect(plugins.map((p) => p.name)).toEqual(['amazon', 'amazon-v1', 'amazon-v2', 'amazon-v3', 'amazon-v3-azr', 'amazon-v4']);
    expect(plugins[4]).toMatchObject({ source: 'github.com/azr/amazon', versionConstraint: '>= v3' });
  });

  test('duplicate_required_plugins: HCL duplicate attribute', async () => {
    const r = await loadTemplate(testLoadOptions('testdata/init/duplicate_required_plugins'));
    expect(errors(r.diags)).toEqual(['Attribute redefined']);
  });

  test.each([
    ['invalid_inexplicit_source.pkr.hcl', 'Failed to parse source'],
    ['invalid_inexplicit_source_2.pkr.hcl', 'Failed to parse source'],
    ['invalid_short_source.pkr.hcl', 'Invalid plugin requirement'],
  ])('%s: %s', async (file, summary) => {
    const r = await loadTemplate(testLoadOptions(`testdata/init/${file}`));
    expect(errors(r.diags)).toEqual([summary]);
  });

  test('invalid_short_source message', async () => {
    const r = await loadTemplate(testLoadOptions('testdata/init/invalid_short_source.pkr.hcl', { cwd: hcl2templateDir }));
    expect(r.diags[0]!.detail).toBe(
      `'amazon = ">= v0"' plugin requirement calls are not possible. You must define a whole block. For example:\namazon = {\n  source  = "github.com/hashicorp/amazon"\n  version = ">= v0"\n}`,
    );
  });

  const plugin = (body: string): string => `packer {\n  required_plugins {\n    ${body}\n  }\n}\n`;
  test.each([
    ['amazon = { source = "github.com/hashicorp/amazon" }', 'No version constraint was set'],
    ['amazon = { version = ">= 1" }', 'No source was set'],
    ['amazon = { version = 1, source = "github.com/hashicorp/amazon" }', 'Invalid version constraint'],
    ['amazon = { version = ">= 1.0.0-beta", source = "github.com/hashicorp/amazon" }', 'Invalid version constraint'],
    ['amazon = { version = "=> 1", source = "github.com/hashicorp/amazon" }', 'Invalid version constraint'],
    ['amazon = { version = ">= 1", source = 2 }', 'Invalid source'],
    ['amazon = { version = ">= 1", source = "github.com/hashicorp/amazon", extra = 1 }', 'Invalid required_plugins object'],
    ['amazon = ["x"]', 'Invalid required_plugins syntax'],
    ['Amazon = { version = ">= 1", source = "github.com/hashicorp/amazon" }', 'Invalid plugin local name'],
    ['amazon = { version = ">= 1", source = "https://github.com/hashicorp/amazon" }', 'Failed to parse source'],
    ['amazon = { version = ">= 1", source = "github.com/hashicorp/packer-plugin-amazon" }', 'Failed to parse source'],
  ])('%s → %s', async (body, summary) => {
    const r = await loadText(plugin(body));
    expect(errors(r.diags)).toEqual([summary]);
  });

  test('messages of source and name errors', async () => {
    const scheme = await loadText(plugin('amazon = { version = ">= 1", source = "https://github.com/hashicorp/amazon?x=1" }'));
    expect(scheme.diags[0]!.detail).toBe(
      'The provided source URL is invalid.\nThe following errors have been discovered:\n' +
        '* A source URL must not contain a scheme (e.g. https://).\n* A source URL must not contain a query (e.g. ?var=val)\n' +
        '\nA valid source looks like "github.com/hashicorp/happycloud"',
    );
    const prefixed = await loadText(plugin('amazon = { version = ">= 1", source = "github.com/hashicorp/packer-plugin-amazon" }'));
    expect(prefixed.diags[0]!.detail).toContain('\nDid you mean "amazon"?');
    const upper = await loadText(plugin('Amazon = { version = ">= 1", source = "github.com/hashicorp/amazon" }'));
    expect(upper.diags[0]!.detail).toBe('Plugin names must be normalized. Replace "Amazon" with "amazon" to fix this error.');
    const pre = await loadText(plugin('amazon = { version = ">= 1.0.0-beta", source = "github.com/hashicorp/amazon" }'));
    expect(pre.diags[0]!.detail).toBe('Unsupported prerelease for constraint ">= 1.0.0-beta"');
    expect(renderDiagnostics(pre.diags, pre.config!.files)).toContain('on t.pkr.hcl line 3, in packer:');
  });
});
