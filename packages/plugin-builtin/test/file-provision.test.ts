// The file provisioner's own logic, without a machine: Go's path rules it follows, its progress display, and
// the error without a communicator. Its transfers are tested end to end in test/ssh/file-provisioner.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { Progress, Ui } from '@tspacker/sdk';
import { fileProvisioner } from '../src/provisioners/file.js';
import { goBase, goClean, goDir, goJoin, goPathErrorText } from '@tspacker/sdk';
import { goMkdirAll } from '../src/file-provision-paths.js';
import { byteSizeText, PROGRESS_MIN_BYTES, transferProgressText, uploadProgress } from '../src/file-provision-progress.js';
import { withContentFile } from '../src/file-provision-content.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { provision } from './run-helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test("Go's filepath.Clean, Base, Dir and Join (values from Go's documentation and tests)", () => {
  expect(['', '/', 'a//b/./c/..', '/../x', '../a', 'a/../..', 'abc/', '/abc/def/../../..'].map(goClean)).toEqual([
    '.', '/', 'a/b', '/x', '../a', '..', 'abc', '/',
  ]);
  expect(['', '/', '///', '/a/b/', 'a', '/foo/bar/baz.js', 'dev.txt/'].map(goBase)).toEqual(['.', '/', '/', 'b', 'a', 'baz.js', 'dev.txt']);
  expect(['/foo/bar/baz.js', 'c.txt', '/c', 'a/b/', '', '/'].map(goDir)).toEqual(['/foo/bar', '.', '/', 'a/b', '.', '/']);
  expect([goJoin('d/', 'x'), goJoin('/a/', '../b'), goJoin('', 'x'), goJoin('', ''), goJoin('a', '', 'b/')]).toEqual([
    'd/x', '/b', 'x', '', 'a/b',
  ]);
});

test("local errors read as Go's (open PATH: REASON)", async () => {
  const dir = tempDir();
  dirs.push(dir);
  const error = await fs.promises.open(dir, 'w').catch((e: unknown) => e);
  expect(goPathErrorText('open', dir, error)).toBe(`open ${dir}: is a directory`);
  const missing = await fs.promises.stat(path.join(dir, 'x')).catch((e: unknown) => e);
  expect(goPathErrorText('stat', 'x', missing)).toBe('stat x: no such file or directory');
});

test("os.MkdirAll: missing parents made, existing directories fine, Go's error for a file in the way", async () => {
  const dir = tempDir({ 'file.txt': 'x' });
  dirs.push(dir);
  await goMkdirAll(path.join(dir, 'a/b/c/'), 0o755);
  expect(fs.statSync(path.join(dir, 'a/b/c')).isDirectory()).toBe(true);
  await goMkdirAll(path.join(dir, 'a/b'), 0o755);
  await expect(goMkdirAll(path.join(dir, 'file.txt/x/y'), 0o755)).rejects.toThrow(`mkdir ${dir}/file.txt: not a directory`);
  await expect(goMkdirAll(path.join(dir, 'file.txt'), 0o755)).rejects.toThrow(`mkdir ${dir}/file.txt: not a directory`);
});

test('progress texts', () => {
  expect([0, 512, 1024, 1536 * 1024, 20 * 1024 * 1024, 3 * 1024 ** 4].map(byteSizeText)).toEqual([
    '0 B', '512 B', '1.0 KiB', '1.5 MiB', '20.0 MiB', '3.0 TiB',
  ]);
  expect(transferProgressText(5 * 1024 * 1024, 20 * 1024 * 1024)).toBe('5.0 MiB / 20.0 MiB (25%)');
  expect(transferProgressText(0, 0)).toBe('0 B / 0 B (100%)');
});

function progressUi(): { ui: Ui; events: string[] } {
  const events: string[] = [];
  const ui = {
    progress: (label: string): Progress => {
      events.push(`start ${label}`);
      return { update: (t) => void events.push(`update ${t}`), done: () => void events.push('done') };
    },
  } as Ui;
  return { ui, events };
}

test('a large upload reports what the communicator sent, at most every 200 ms and always at the end', () => {
  const size = PROGRESS_MIN_BYTES * 2;
  const { ui, events } = progressUi();
  const progress = uploadProgress(ui, 'Uploading big', size);
  progress.report!(0, size);
  progress.report!(1024, size); // within 200 ms of the last update: skipped
  progress.report!(size + 10, undefined); // a file that grew: capped, and the total defaults to the size
  progress.done();
  progress.done();
  progress.report!(size, size); // after done: nothing
  expect(events).toEqual([
    'start Uploading big',
    `update ${transferProgressText(0, size)}`,
    `update ${transferProgressText(size, size)}`,
    'done',
  ]);
});

test('a small upload shows no progress', () => {
  const { ui, events } = progressUi();
  const progress = uploadProgress(ui, 'Uploading small', PROGRESS_MIN_BYTES - 1);
  expect(progress.report).toBeUndefined();
  progress.done();
  expect(events).toEqual([]);
});

test('content lives in a 0600 pkr-file-content file only while it is used', async () => {
  let seen = '';
  await withContentFile('text', async (file) => {
    seen = file!;
    expect(path.basename(file!)).toBe('pkr-file-content');
    expect(fs.readFileSync(file!, 'utf8')).toBe('text');
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600);
  });
  expect(fs.existsSync(seen)).toBe(false);
  await expect(withContentFile('', async (file) => file)).resolves.toBeUndefined();
  await expect(withContentFile('x', async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
});

test('without a communicator the provisioner says what is missing', async () => {
  const dir = tempDir({ 'a.txt': 'a' });
  dirs.push(dir);
  await expect(provision(fileProvisioner, `source = "${dir}/a.txt"\ndestination = "/tmp/a.txt"`)).rejects.toThrow(
    'The file provisioner needs a communicator to reach the machine, and this build has none',
  );
});
