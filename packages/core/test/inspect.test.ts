// `packer inspect` text for HCL2 templates: byte for byte against command/test-fixtures/
// hcl-inspect-with-sensitive-vars/expected-output.txt and the expectations of command/inspect_test.go, and
// differentially against Packer 1.6.6, whose HCL2 inspect layout is the same as 1.16's (checked on every case
// below).
import { spawnSync } from 'node:child_process';
import { hasErrors, renderDiagnostics } from '@tspacker/hcl';
import { initializeTemplate, loadTemplate, type LoadOptions, type PackerConfig } from '@tspacker/core';
import { buildsText, maskSensitive, renderInspect } from '@tspacker/core/template/inspect.js';
import { commandFixturesDir, hcl2templateDir, testLoadOptions } from '../../../test/support/data-components.js';
import { inspectTestGoCases, type InspectArgs } from '../../../test/support/inspect-cases.js';
import { mockComponents } from '../../../test/support/mock-components.js';

interface InspectCase extends InspectArgs {
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

// The CLI's tests run the same table through `tspacker inspect`.
describe('inspect_test.go', () => {
  test.each(inspectTestGoCases)('%s', async (_name, template, c, expected) => {
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
  test.each([...inspectTestGoCases.map(([, t, c]) => [t, c] as [string, InspectCase]), ...more])('%s', async (template, c) => {
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
