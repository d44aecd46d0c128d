// Builders null and file run for real: files written in temp dirs, provision called with generated data.
import fs from 'node:fs';
import path from 'node:path';
import type { BuildContext, GeneratedData } from '@tspacker/sdk';
import { fileBuilder } from '../src/builders/file.js';
import { nullBuilder } from '../src/builders/null.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { recordingUi } from './recording-ui.js';
import { fileCore, preparedConfig } from './run-helpers.js';

function buildContext() {
  const ui = recordingUi();
  const provisioned: (GeneratedData | 'comm')[] = [];
  const ctx: BuildContext = {
    ui,
    signal: new AbortController().signal,
    provision: async (comm, data) => void provisioned.push(comm ? 'comm' : data),
    connect: () => Promise.reject(new Error('no communicator in these tests')),
    generateKeyPair: () => Promise.reject(new Error('no communicator in these tests')),
  };
  return { ui, provisioned, ctx };
}

test('file builder writes content with mode 0600, creating parent directories', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'a/b/out.txt');
  const c = preparedConfig(fileBuilder, `target = "${target}"\ncontent = "hello\\n"\n`);
  const { ui, provisioned, ctx } = buildContext();
  const artifact = await fileBuilder.run(c, ctx);
  expect(fs.readFileSync(target, 'utf8')).toBe('hello\n');
  expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  expect(ui.lines).toEqual([]);
  expect(provisioned).toEqual([{}]);
  expect(artifact).toMatchObject({ builderId: 'packer.file', id: 'File', files: [target] });
  expect(String(artifact)).toBe(`Stored file: ${target}`);
  await artifact!.destroy();
  expect(fs.existsSync(target)).toBe(false);
});

test('file builder copies source and says so', async () => {
  const dir = tempDir({ 'src.bin': 'abcdef' });
  const source = path.join(dir, 'src.bin');
  const target = path.join(dir, 'copy.bin');
  const { ui, ctx } = buildContext();
  await fileBuilder.run(preparedConfig(fileBuilder, `target = "${target}"\nsource = "${source}"\n`), ctx);
  expect(fs.readFileSync(target, 'utf8')).toBe('abcdef');
  expect(ui.lines).toEqual([`say: Copying ${source} to ${target}`, 'say: Copied 6 bytes']);
});

test('file builder fails on a missing source', async () => {
  const dir = tempDir();
  const c = preparedConfig(fileBuilder, `target = "${dir}/t"\nsource = "${dir}/missing"\n`);
  await expect(fileBuilder.run(c, buildContext().ctx)).rejects.toThrow('no such file or directory');
});

test('null builder with communicator none provisions with Packer\'s hook data', async () => {
  process.env['PACKER_RUN_UUID'] = 'run-1';
  const c = preparedConfig(nullBuilder, 'communicator = "none"\n', { ...fileCore, builderType: 'null' });
  const { provisioned, ctx } = buildContext();
  const artifact = await nullBuilder.run(c, ctx);
  expect(provisioned).toEqual([
    expect.objectContaining({
      ID: 'Null',
      PackerRunUUID: 'run-1',
      PackerHTTPAddr: 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER',
      ConnType: 'none',
      Host: '',
      Port: 0,
    }),
  ]);
  expect(artifact).toMatchObject({ builderId: 'fnoeding.null', id: 'Null', files: [] });
  expect(String(artifact)).toBe('Did not export anything. This is the null builder');
  expect(artifact!.state('generated_data')).toEqual({ ID: 'Null' });
});
