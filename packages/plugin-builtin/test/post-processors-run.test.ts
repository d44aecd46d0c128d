// Post-processors run for real on file artifacts in temp dirs; archives are read back with tar and unzip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { manifestPostProcessor } from '../src/post-processors/manifest.js';
import { checksumPostProcessor } from '../src/post-processors/checksum.js';
import { compressPostProcessor } from '../src/post-processors/compress.js';
import { artificePostProcessor } from '../src/post-processors/artifice.js';
import { shellLocalPostProcessor } from '../src/post-processors/shell-local.js';
import { fileArtifact } from '../src/file-artifact.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { fileCore, postProcess } from './run-helpers.js';

function inputArtifact(dir: string, names = ['one.txt']) {
  const files = names.map((n) => path.join(dir, n));
  for (const f of files) fs.writeFileSync(f, `content of ${path.basename(f)}\n`);
  return fileArtifact({ builderId: 'packer.file', id: 'File', files, description: 'x', state: { generated_data: { ID: 'File' } } });
}

test('manifest: builds finishing together all get their entry (one queue per file, then the lock file)', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'm.json');
  process.env['PACKER_RUN_UUID'] = 'run-parallel';
  const artifact = inputArtifact(dir);
  // Another process holding the lock for a moment: every build waits for it instead of writing around it.
  fs.writeFileSync(`${out}.lock`, '');
  setTimeout(() => fs.rmSync(`${out}.lock`), 300);
  await Promise.all(Array.from({ length: 30 }, () => postProcess(manifestPostProcessor, `output = "${out}"`, artifact)));
  expect(JSON.parse(fs.readFileSync(out, 'utf8')).builds).toHaveLength(30);
  expect(fs.existsSync(`${out}.lock`)).toBe(false);
});

test('manifest: Go JSON layout, appending, strip_path/strip_time, custom_data, -force', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'm.json');
  process.env['PACKER_RUN_UUID'] = 'run-1';
  const artifact = inputArtifact(dir);
  const { result } = await postProcess(manifestPostProcessor, `output = "${out}"\nstrip_time = true\nstrip_path = true\ncustom_data = { b = "<{{ build \`ID\` }}>", a = "x" }`, artifact);
  expect(result).toEqual({ artifact, keep: true, forceOverride: true });
  const entry = (extra: string) =>
    `{\n      "name": "a",\n      "builder_type": "file",${extra}\n      "files": [\n        {\n          "name": "one.txt",\n          "size": 19\n        }\n      ],\n      "artifact_id": "File",\n      "packer_run_uuid": "run-1",\n      "custom_data": {\n        "a": "x",\n        "b": "\\u003cFile\\u003e"\n      }\n    }`;
  expect(fs.readFileSync(out, 'utf8')).toBe(`{\n  "builds": [\n    ${entry('')}\n  ],\n  "last_run_uuid": "run-1"\n}`);
  expect(fs.existsSync(`${out}.lock`)).toBe(false);

  // Another build of the same run appends, even with -force.
  await postProcess(manifestPostProcessor, `output = "${out}"`, artifact, { ...fileCore, force: true });
  const twice = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(twice.builds).toHaveLength(2);
  expect(twice.builds[1].build_time).toBeGreaterThan(1_600_000_000);
  expect(twice.builds[1].files[0].name).toBe(path.join(dir, 'one.txt'));
  expect(twice.builds[1].custom_data).toBeNull();

  // A new run with -force starts over; without it, appends.
  process.env['PACKER_RUN_UUID'] = 'run-2';
  await postProcess(manifestPostProcessor, `output = "${out}"`, artifact);
  expect(JSON.parse(fs.readFileSync(out, 'utf8')).builds).toHaveLength(3);
  process.env['PACKER_RUN_UUID'] = 'run-3';
  await postProcess(manifestPostProcessor, `output = "${out}"`, artifact, { ...fileCore, force: true });
  expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ builds: [{ packer_run_uuid: 'run-3' }], last_run_uuid: 'run-3' });

  fs.writeFileSync(out, '{nope');
  await expect(postProcess(manifestPostProcessor, `output = "${out}"`, artifact)).rejects.toThrow(`Unable to parse content from ${out}`);
});

test('checksum: one file per type, appended lines, new artifact lists them', async () => {
  const dir = tempDir();
  const artifact = inputArtifact(dir, ['one.txt', 'two.txt']);
  const { result } = await postProcess(
    checksumPostProcessor,
    `checksum_types = ["md5", "sha256"]\noutput = "${dir}/sums/{{.BuildName}}_{{.BuilderType}}.{{.ChecksumType}}"`,
    artifact,
  );
  const md5 = path.join(dir, 'sums/a_file.md5');
  const sha = path.join(dir, 'sums/a_file.sha256');
  const expected = (tool: string, file: string) => execFileSync(tool, [file], { encoding: 'utf8' }).split(' ')[0];
  expect(fs.readFileSync(md5, 'utf8')).toBe(
    `${expected('md5sum', artifact.files[0]!)}\tone.txt\n${expected('md5sum', artifact.files[1]!)}\ttwo.txt\n`,
  );
  expect(fs.readFileSync(sha, 'utf8').split('\n')[0]).toBe(`${expected('sha256sum', artifact.files[0]!)}\tone.txt`);
  expect(result.artifact.files).toEqual([...artifact.files, md5, sha]);
  expect(String(result.artifact)).toBe(`Created artifact from files: ${[...artifact.files, md5, sha].join(', ')}`);
  expect(result).toMatchObject({ keep: true, forceOverride: true });
});

test('compress: tar.gz read back with tar, entries by base name with zeroed times', async () => {
  const dir = tempDir();
  const artifact = inputArtifact(dir, ['one.txt', 'two.txt']);
  const target = path.join(dir, 'out/a_file.tar.gz');
  const { ui, result } = await postProcess(compressPostProcessor, `output = "${dir}/out/{{.BuildName}}_{{.BuilderType}}.tar.gz"`, artifact);
  expect(ui.lines).toEqual([
    expect.stringMatching(new RegExp(`^say: Using pgzip compression with \\d+ cores for ${target}$`)),
    `say: Tarring ${target} with pgzip`,
    `say: Archive ${target} completed`,
  ]);
  expect(execFileSync('tar', ['tzf', target], { encoding: 'utf8' })).toBe('one.txt\ntwo.txt\n');
  expect(execFileSync('tar', ['xzOf', target, 'two.txt'], { encoding: 'utf8' })).toBe('content of two.txt\n');
  expect(execFileSync('tar', ['tzvf', target, '--full-time'], { encoding: 'utf8' })).toContain('1970-01-01 00:00:00 one.txt');
  expect(result).toMatchObject({ artifact: { builderId: 'packer.post-processor.compress', files: [target] }, keep: false });
  expect(String(result.artifact)).toBe(`compressed artifacts in: ${target}`);
});

test('compress: zip (read back with unzip), a single gzip file, and the errors', async () => {
  const dir = tempDir();
  const cwd = process.cwd();
  process.chdir(dir);
  try {
  const artifact = inputArtifact(dir, ['one.txt', 'two.txt']);
  const rel = fileArtifact({ builderId: 'x', files: ['one.txt', 'two.txt'], description: '' });
  const { ui } = await postProcess(compressPostProcessor, 'output = "o.zip"\ncompression_level = 9', rel);
  expect(ui.lines).toEqual(['say: Zipping o.zip', 'say: Archive o.zip completed']);
  expect(execFileSync('unzip', ['-Z1', 'o.zip'], { encoding: 'utf8' })).toBe('one.txt\ntwo.txt\n');
  expect(execFileSync('unzip', ['-p', 'o.zip', 'one.txt'], { encoding: 'utf8' })).toBe('content of one.txt\n');

  const single = fileArtifact({ builderId: 'x', files: ['one.txt'], description: '' });
  const gz = await postProcess(compressPostProcessor, 'output = "one.txt.gz"', single);
  expect(gz.ui.lines[1]).toBe('say: Archiving one.txt with pgzip');
  expect(execFileSync('gzip', ['-dc', 'one.txt.gz'], { encoding: 'utf8' })).toBe('content of one.txt\n');

  await expect(postProcess(compressPostProcessor, 'output = "x.gz"', artifact)).rejects.toThrow(
    'Can only have 1 input file when not using tar/zip. Found 2 files:',
  );
  await expect(postProcess(compressPostProcessor, 'output = "x.tar.xz"', artifact)).rejects.toThrow('error creating xz writer');
  } finally {
    process.chdir(cwd);
  }
});

test('artifice: globbed files become the artifact', async () => {
  const dir = tempDir({ 'dl/a.img': 'a', 'dl/b.img': 'b', 'dl/c.txt': 'c' });
  const artifact = inputArtifact(dir);
  const { ui, result } = await postProcess(artificePostProcessor, `files = ["${dir}/dl/*.img", "${dir}/dl/c.txt", "${dir}/none"]`, artifact);
  const files = ['dl/a.img', 'dl/b.img', 'dl/c.txt'].map((f) => path.join(dir, f));
  expect(result.artifact.files).toEqual(files);
  expect(ui.lines).toEqual([`say: Discarding files from artifact: ${artifact.files[0]}`, `say: Using these artifact files: ${files.join(', ')}`]);
  expect(result).toMatchObject({ keep: true, forceOverride: false, artifact: { builderId: 'packer.post-processor.artifice' } });
});

test('shell-local post-processor runs with the artifact\'s generated data and keeps the artifact', async () => {
  const dir = tempDir();
  const artifact = inputArtifact(dir);
  const { ui, result } = await postProcess(shellLocalPostProcessor, 'inline = ["echo pp $PACKER_BUILD_NAME {{ build `ID` }}"]', artifact);
  expect(ui.lines).toContain('message: pp a File');
  expect(result).toEqual({ artifact, keep: true, forceOverride: true });
  // A single-string execute_command runs through `sh -c` as before the post-processor and provisioner merged.
  const legacy = await postProcess(shellLocalPostProcessor, 'inline = ["true"]\nexecute_command = ["echo legacy {{.Script}}"]', artifact);
  expect(legacy.ui.lines.some((l) => /^message: legacy .*packer-shell\d+$/.test(l))).toBe(true);
});
