// The `file` provisioner end to end: templates built by core with the null builder, `communicator = "ssh"`, against
// a real OpenSSH sshd, over scp and sftp. Packer 1.6.6 builds the same templates against the same server as the
// oracle: the trees it leaves (remote after uploads, local after downloads) and the lines it prints must be ours.
// Where current Packer differs from 1.6.6 (the download message names the final path; `content`), current Packer
// is the target and the test says so.
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSshd, type Sshd } from '../support/sshd.js';
import { BUILD, nullSshSource, tspackerBuild, type BuildRun, type TspackerRun } from './null-ssh-build.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

let sshd: Sshd;
/** Local scratch space: the trees to upload, templates, download destinations. */
let local: string;
/** The remote scratch directory, in the login user's home. */
let remoteRoot: string;

beforeAll(async () => {
  sshd = await startSshd();
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-file-e2e-'));
  remoteRoot = path.join(sshd.home, path.basename(local));
  await remote(`mkdir -p ${remoteRoot}`);
  writeTree(path.join(local, 'files'), {
    'single.txt': ['one file\n', 0o640],
    'other.txt': ['another file\n', 0o644],
    'src/a.txt': ['alpha\n', 0o644],
    'src/run.sh': ['#!/bin/sh\necho run\n', 0o755],
    'src/sub/b.txt': ['beta\n', 0o600],
    'src/sub/deeper/c.txt': ['gamma\n', 0o644],
    'src/empty/': ['', 0o755],
  });
  // A symlink in the tree: both transfers follow it (Packer stats what a link points to).
  fs.symlinkSync('a.txt', path.join(local, 'files', 'src', 'link-to-a'));
  // The same tree on the machine, for downloads.
  await run('cp', ['-a', path.join(local, 'files'), path.join(remoteRoot, 'files')]);
  if (isRoot) await run('chown', ['-R', `${sshd.user}:`, remoteRoot]);
}, 30_000);

afterAll(async () => {
  await sshd?.stop();
  if (local) fs.rmSync(local, { recursive: true, force: true });
  if (remoteRoot) fs.rmSync(remoteRoot, { recursive: true, force: true });
});

/** A command on the machine as the login user (OpenSSH's client). */
function remote(command: string) {
  return run(
    'ssh',
    ['-i', sshd.privateKeyFile, '-p', String(sshd.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', `${sshd.user}@${sshd.host}`, command],
    { timeout: 20_000 },
  );
}

/** Files (`name: [text, mode]`, a trailing slash for a directory) under `root`, with their modes. */
function writeTree(root: string, entries: Record<string, [string, number]>): void {
  for (const [name, [text, mode]] of Object.entries(entries)) {
    const p = path.join(root, name);
    if (name.endsWith('/')) {
      fs.mkdirSync(p, { recursive: true });
      fs.chmodSync(p, mode);
      continue;
    }
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    fs.chmodSync(p, mode);
  }
}

/** A tree as lines `path type mode [size sha1]` (the "remote" is this machine: read directly). */
function listTree(root: string): string[] {
  if (!fs.existsSync(root)) return ['<missing>'];
  const lines: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = fs.lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        lines.push(`${r} d ${mode}`);
        walk(p, r);
      } else {
        const sha = crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex').slice(0, 10);
        lines.push(`${r} f ${mode} ${st.size} ${sha}`);
      }
    }
  };
  walk(root, '');
  return lines;
}

// ---- templates ----------------------------------------------------------------------------------------------------

interface FileBlock {
  readonly source?: string;
  readonly sources?: readonly string[];
  readonly content?: string;
  readonly destination: string;
  readonly direction?: 'upload' | 'download';
  readonly generated?: boolean;
}

function template(method: 'scp' | 'sftp', blocks: readonly FileBlock[], timeout = '20s'): string {
  const provisioners = blocks.map((b) => {
    const lines = Object.entries(b).map(([k, v]) => `    ${k} = ${JSON.stringify(v)}`);
    // A transfer that stalls fails the build after this long instead of holding it (Packer's `timeout`).
    return `  provisioner "file" {\n${lines.join('\n')}\n    timeout = "${timeout}"\n  }`;
  });
  const source = nullSshSource(sshd, [`ssh_file_transfer_method = "${method}"`], '10s');
  return `${source}
build {
  sources = ["source.null.x"]
${provisioners.join('\n')}
}
`;
}

// ---- running a build: tspacker (core's runBuilds) and Packer 1.6.6 ----------------------------------------------

/** Builds `text` with tspacker (null-ssh-build.ts); `onLine` sees each line the build prints, as it is printed. */
function tspackerBuildText(text: string, onLine?: (line: string) => void): Promise<TspackerRun> {
  const dir = fs.mkdtempSync(path.join(local, 'ts-template-'));
  fs.writeFileSync(path.join(dir, 'build.pkr.hcl'), text);
  return tspackerBuild(dir, { signal: AbortSignal.timeout(45_000), ...(onLine ? { onLine } : {}) });
}

async function packerBuild(text: string): Promise<BuildRun> {
  const dir = fs.mkdtempSync(path.join(local, 'pk-template-'));
  fs.writeFileSync(path.join(dir, 'build.pkr.hcl'), text);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PKR_VAR_') && !k.startsWith('PACKER_')) env[k] = v;
  const outcome = await run('packer', ['build', '-color=false', 'build.pkr.hcl'], {
    cwd: dir,
    env: { ...env, CHECKPOINT_DISABLE: '1' },
    timeout: 45_000,
  }).then(
    (r) => ({ stdout: r.stdout, exitCode: 0 }),
    (e: { stdout?: string; code?: number }) => ({ stdout: e.stdout ?? '', exitCode: typeof e.code === 'number' ? e.code : -1 }),
  );
  return { lines: outcome.stdout.split('\n'), exitCode: outcome.exitCode };
}

/** The same file blocks built by tspacker and by Packer 1.6.6 at once, each writing under its own root. */
function bothBuild(
  method: 'scp' | 'sftp',
  blocks: (root: string) => readonly FileBlock[],
  roots: { readonly ts: string; readonly pk: string },
): Promise<[TspackerRun, BuildRun]> {
  return Promise.all([tspackerBuildText(template(method, blocks(roots.ts))), packerBuild(template(method, blocks(roots.pk)))]);
}

/** What the file provisioner printed, and how the build ended, with `roots` replaced by their names. */
function provisionerLines(lines: readonly string[], roots: Readonly<Record<string, string>>): string[] {
  const replaceRoots = (line: string): string => {
    let out = line;
    // Longest first: one root may contain another.
    for (const [name, root] of Object.entries(roots).sort((a, b) => b[1].length - a[1].length)) out = out.split(root).join(name);
    return out;
  };
  return lines
    .filter((l) => /^==> null\.x: (Uploading|Downloading|Upload failed|Download failed)|^Build 'null\.x' errored/.test(l))
    .map((l) => replaceRoots(l.replace(/^(Build '[^']*' errored)( after [^:]*)?:/, '$1:')));
}

// ---- the differential runs ----------------------------------------------------------------------------------------

/** Upload cases: each into its own remote directory (made beforehand: parents must exist), by name. */
function uploadCases(files: string, dest: string): Record<string, FileBlock> {
  return {
    'file-to-file': { source: `${files}/single.txt`, destination: `${dest}/file-to-file/renamed.txt` },
    'file-to-dir-slash': { source: `${files}/single.txt`, destination: `${dest}/file-to-dir-slash/` },
    'dir-to-dir': { source: `${files}/src`, destination: `${dest}/dir-to-dir` },
    'dir-slash-to-dir': { source: `${files}/src/`, destination: `${dest}/dir-slash-to-dir` },
    'dir-to-dir-slash': { source: `${files}/src`, destination: `${dest}/dir-to-dir-slash/` },
    'dir-slash-to-dir-slash': { source: `${files}/src/`, destination: `${dest}/dir-slash-to-dir-slash/` },
    'sources-list': { sources: [`${files}/single.txt`, `${files}/other.txt`, `${files}/src`], destination: `${dest}/sources-list/` },
    'overwrite-existing-file': { source: `${files}/other.txt`, destination: `${dest}/file-to-file/renamed.txt` },
    'sources-list-to-file': { sources: [`${files}/single.txt`, `${files}/other.txt`], destination: `${dest}/sources-list-to-file/last` },
  };
}

/** Download cases: each into its own local directory, which the provisioner makes. */
function downloadCases(files: string, dest: string): Record<string, FileBlock> {
  return {
    'file-to-file': { direction: 'download', source: `${files}/single.txt`, destination: `${dest}/file-to-file/got.txt` },
    'file-to-dir-slash': { direction: 'download', source: `${files}/single.txt`, destination: `${dest}/file-to-dir-slash/` },
    'dir-slash-to-dir': { direction: 'download', source: `${files}/src/`, destination: `${dest}/dir-slash-to-dir` },
    'dir-slash-to-dir-slash': { direction: 'download', source: `${files}/src/`, destination: `${dest}/dir-slash-to-dir-slash/` },
    // A glob must end in `*`: Packer appends the base name of any other source to a destination ending in `/`.
    'glob-to-dir-slash': { direction: 'download', source: `${files}/src/*`, destination: `${dest}/glob-to-dir-slash/` },
  };
}

/** 1.6.6 says "Downloading SRC => DIR/" before adding the file's name; current Packer names the file it writes. */
function asCurrentPacker(line: string): string {
  const m = /^(==> null\.x: Downloading (\S+) => )(\S+\/)$/.exec(line);
  if (!m || m[2]!.endsWith('/') || m[2]!.endsWith('*')) return line;
  return `${m[1]}${m[3]}${path.basename(m[2]!)}`;
}

describe.each(['scp', 'sftp'] as const)('ssh_file_transfer_method = %s: the same trees and lines as Packer', (method) => {
  test('uploads: files, directories with and without trailing slashes, sources lists', async () => {
    const roots = { ts: path.join(remoteRoot, `up-${method}-ts`), pk: path.join(remoteRoot, `up-${method}-pk`) };
    const names = Object.keys(uploadCases('', ''));
    await remote(names.map((n) => `mkdir -p ${roots.ts}/${n} ${roots.pk}/${n}`).join(' && '));
    const files = path.join(local, 'files');
    const [ts, pk] = await bothBuild(method, (root) => Object.values(uploadCases(files, root)), roots);
    expectSuccess('packer', pk);
    expectSuccess('tspacker', ts);
    expect(provisionerLines(ts.lines, { LOCAL: local, REMOTE: roots.ts })).toEqual(
      provisionerLines(pk.lines, { LOCAL: local, REMOTE: roots.pk }),
    );
    for (const name of names) {
      expect({ name, tree: listTree(path.join(roots.ts, name)) }).toEqual({ name, tree: listTree(path.join(roots.pk, name)) });
    }
    // What Packer does, spelled out for the slash rule: `src` lands as a directory, `src/` as its contents.
    expect(listTree(path.join(roots.ts, 'dir-to-dir'))).toContain('src/sub/b.txt f 600 5 ' + sha('beta\n'));
    expect(listTree(path.join(roots.ts, 'dir-slash-to-dir'))).toContain('sub/b.txt f 600 5 ' + sha('beta\n'));
    expect(listTree(path.join(roots.ts, 'file-to-dir-slash'))).toEqual([`single.txt f 640 9 ${sha('one file\n')}`]);
  });

  test('downloads: a file to a file and into a directory, directories, globs', async () => {
    const roots = { ts: path.join(local, `down-${method}-ts`), pk: path.join(local, `down-${method}-pk`) };
    const files = path.join(remoteRoot, 'files');
    const [ts, pk] = await bothBuild(method, (root) => Object.values(downloadCases(files, root)), roots);
    expectSuccess('packer', pk);
    expectSuccess('tspacker', ts);
    expect(provisionerLines(ts.lines, { REMOTE: files, LOCAL: roots.ts })).toEqual(
      provisionerLines(pk.lines, { REMOTE: files, LOCAL: roots.pk }).map(asCurrentPacker),
    );
    for (const name of Object.keys(downloadCases('', ''))) {
      expect({ name, tree: listTree(path.join(roots.ts, name)) }).toEqual({ name, tree: listTree(path.join(roots.pk, name)) });
    }
    expect(fs.readFileSync(path.join(roots.ts, 'file-to-dir-slash', 'single.txt'), 'utf8')).toBe('one file\n');
  });

  // Packer returns after the first directory source of a download, silently skipping the others (a bug, in 1.6.6
  // and today): tspacker downloads every source.
  test('downloads: every source of a list, even after a directory (Packer stops there)', async () => {
    const roots = { ts: path.join(local, `multi-${method}-ts`), pk: path.join(local, `multi-${method}-pk`) };
    const files = path.join(remoteRoot, 'files');
    const block = (root: string): FileBlock => ({ direction: 'download', sources: [`${files}/src/`, `${files}/single.txt`], destination: `${root}/` });
    const [ts, pk] = await bothBuild(method, (root) => [block(root)], roots);
    expectSuccess('packer', pk);
    expectSuccess('tspacker', ts);
    const packers = provisionerLines(pk.lines, { REMOTE: files, LOCAL: roots.pk });
    expect(packers).toEqual(['==> null.x: Downloading REMOTE/src/ => LOCAL/']);
    expect(provisionerLines(ts.lines, { REMOTE: files, LOCAL: roots.ts })).toEqual([
      ...packers,
      '==> null.x: Downloading REMOTE/single.txt => LOCAL/single.txt',
    ]);
    expect(listTree(roots.ts)).toEqual([...listTree(roots.pk), `single.txt f 644 9 ${sha('one file\n')}`].sort());
  });
});

/** A build that succeeded; otherwise what it printed is the failure. */
function expectSuccess(tool: string, build: BuildRun): void {
  expect({ tool, output: build.exitCode === 0 ? 'succeeded' : build.lines.join('\n') }).toEqual({ tool, output: 'succeeded' });
}

function sha(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex').slice(0, 10);
}

// ---- faults and special cases -------------------------------------------------------------------------------------

/** The lines of a failed build: the provisioner's and the build error, roots replaced. */
function failure(build: BuildRun, roots: Readonly<Record<string, string>>): string[] {
  expect({ exitCode: build.exitCode, lines: build.exitCode === 1 ? [] : build.lines }).toEqual({ exitCode: 1, lines: [] });
  return provisionerLines(build.lines, roots);
}

describe.each(['scp', 'sftp'] as const)('faults, ssh_file_transfer_method = %s', (method) => {
  test('an upload to a path the user cannot write fails with "Upload failed" and the reason', async () => {
    const file = path.join(local, 'files', 'single.txt');
    const ts = await tspackerBuildText(template(method, [{ source: file, destination: '/root/tspacker-denied.txt' }]));
    const lines = failure(ts, { LOCAL: local });
    expect(lines[0]).toBe('==> null.x: Uploading LOCAL/files/single.txt => /root/tspacker-denied.txt');
    expect(lines[1]).toMatch(/^==> null\.x: Upload failed: .*permission denied/i);
    expect(lines[2]).toMatch(/^Build 'null\.x' errored: .*permission denied/i);
    expect(lines).toHaveLength(3);
    expect(fs.existsSync('/root/tspacker-denied.txt')).toBe(false);
  });

  test('a directory upload into /etc fails the same way', async () => {
    const ts = await tspackerBuildText(template(method, [{ source: path.join(local, 'files', 'src'), destination: '/etc/' }]));
    const lines = failure(ts, { LOCAL: local });
    expect(lines[0]).toBe('==> null.x: Uploading LOCAL/files/src => /etc/');
    expect(lines[1]).toMatch(/^==> null\.x: Upload failed: .*permission denied/i);
    expect(fs.existsSync('/etc/src')).toBe(false);
  });

  test('a download of a missing file fails with "Download failed", leaving an empty file as Packer does', async () => {
    const roots = { ts: path.join(local, `missing-${method}-ts`), pk: path.join(local, `missing-${method}-pk`) };
    const source = path.join(remoteRoot, 'files', 'no-such-file.txt');
    const block = (root: string): FileBlock => ({ direction: 'download', source, destination: `${root}/got.txt` });
    const [ts, pk] = await bothBuild(method, (root) => [block(root)], roots);
    const ours = failure(ts, { LOCAL: roots.ts, REMOTE: remoteRoot });
    const packers = failure(pk, { LOCAL: roots.pk, REMOTE: remoteRoot });
    expect(ours[0]).toBe(packers[0]);
    expect(ours[0]).toBe('==> null.x: Downloading REMOTE/files/no-such-file.txt => LOCAL/got.txt');
    expect(ours[1]).toMatch(/^==> null\.x: Download failed: .*no such file/i);
    expect(ours[2]).toMatch(/^Build 'null\.x' errored: .*no such file/i);
    expect(listTree(roots.ts)).toEqual(listTree(roots.pk));
    expect(listTree(roots.ts)).toEqual([`got.txt f 644 0 ${sha('')}`]);
  });

  test('paths with spaces and quotes go up and come back intact (file and directory, both ways)', async () => {
    const localDir = path.join(local, `quoted-${method}`, `dir with "space" and 'quote'`);
    writeTree(localDir, { [`it's a "quoted" file.txt`]: ['quoted content\n', 0o644], 'in dir $HOME `x`.txt': ['inner\n', 0o644] });
    const remoteDir = path.join(remoteRoot, `q-${method}`, `remote dir "q" 'x'`);
    await remote(`mkdir -p '${remoteDir.replace(/'/g, `'\\''`)}'`);
    const back = path.join(local, `quoted-back-${method}`, `back "dir" 'x'`);
    const ts = await tspackerBuildText(
      template(method, [
        { source: path.join(localDir, `it's a "quoted" file.txt`), destination: `${remoteDir}/it's "q" name.txt` },
        { source: localDir, destination: `${remoteDir}/` },
        { direction: 'download', source: `${remoteDir}/it's "q" name.txt`, destination: `${back}/it's "back".txt` },
        { direction: 'download', source: `${remoteDir}/${path.basename(localDir)}/`, destination: `${back}/tree/` },
      ]),
    );
    expectSuccess('tspacker', ts);
    expect(listTree(remoteDir)).toEqual([
      `dir with "space" and 'quote' d 755`,
      `dir with "space" and 'quote'/in dir $HOME \`x\`.txt f 644 6 ${sha('inner\n')}`,
      `dir with "space" and 'quote'/it's a "quoted" file.txt f 644 15 ${sha('quoted content\n')}`,
      `it's "q" name.txt f 644 15 ${sha('quoted content\n')}`,
    ]);
    expect(fs.readFileSync(path.join(back, `it's "back".txt`), 'utf8')).toBe('quoted content\n');
    // As Packer's scp download of `dir/`: the directory itself lands inside the destination.
    expect(listTree(path.join(back, 'tree'))).toEqual(listTree(path.dirname(localDir)));
  });

  test('content is uploaded as a file, or as pkr-file-content into a directory destination (current Packer)', async () => {
    const dest = path.join(remoteRoot, `content-${method}`);
    await remote(`mkdir -p ${dest}/dir`);
    const ts = await tspackerBuildText(
      template(method, [
        { content: 'written by the template\n', destination: `${dest}/content.txt` },
        { content: 'into a directory\n', destination: `${dest}/dir/` },
      ]),
    );
    expectSuccess('tspacker', ts);
    // Packer writes content to a temporary file, mode 0600, whose mode the upload keeps.
    expect(listTree(dest)).toEqual([
      `content.txt f 600 24 ${sha('written by the template\n')}`,
      'dir d 755',
      `dir/pkr-file-content f 600 17 ${sha('into a directory\n')}`,
    ]);
    expect(provisionerLines(ts.lines, { REMOTE: dest })[0]).toMatch(/^==> null\.x: Uploading \/.*\/pkr-file-content => REMOTE\/content\.txt$/);
  });

  test('a large upload shows progress: bytes done of the total, then done', async () => {
    const big = path.join(local, `big-${method}.bin`);
    fs.writeFileSync(big, crypto.randomBytes(20 * 1024 * 1024));
    const dest = path.join(remoteRoot, `big-${method}.bin`);
    const ts = await tspackerBuildText(template(method, [{ source: big, destination: dest }]));
    expectSuccess('tspacker', ts);
    // The connection's own progress (waiting for SSH) comes first.
    const upload = ts.progress.slice(ts.progress.indexOf(`start Uploading big-${method}.bin`));
    expect(upload[0]).toBe(`start Uploading big-${method}.bin`);
    expect(upload.slice(1, -2).every((e) => /^update \d+(\.\d)? (B|KiB|MiB) \/ 20\.0 MiB \(\d+%\)$/.test(e))).toBe(true);
    expect(upload.slice(-2)).toEqual(['update 20.0 MiB / 20.0 MiB (100%)', 'done']);
    expect(listTree(path.dirname(dest)).find((l) => l.startsWith(`big-${method}.bin `))).toBe(
      listTree(path.dirname(big)).find((l) => l.startsWith(`big-${method}.bin `)),
    );
  });
});

describe('generated sources are checked when the provisioner runs, not before', () => {
  test('a missing source with generated = true: the build fails with the stat error, as in Packer', async () => {
    const missing = path.join(local, 'not-generated.txt');
    const block = (dest: string): FileBlock => ({ source: missing, destination: dest, generated: true });
    const [ts, pk] = await bothBuild('scp', (file) => [block(file)], { ts: path.join(remoteRoot, 'gen-ts.txt'), pk: path.join(remoteRoot, 'gen-pk.txt') });
    const ours = failure(ts, { LOCAL: local, REMOTE: remoteRoot });
    expect(ours).toEqual(failure(pk, { LOCAL: local, REMOTE: remoteRoot }).map((l) => l.replace('gen-pk', 'gen-ts')));
    expect(ours).toEqual([
      '==> null.x: Uploading LOCAL/not-generated.txt => REMOTE/gen-ts.txt',
      "Build 'null.x' errored: stat LOCAL/not-generated.txt: no such file or directory",
    ]);
  });

  test('a source made by an earlier provisioner is uploaded', async () => {
    const made = path.join(local, 'made-by-shell-local.txt');
    const dest = path.join(remoteRoot, 'generated-upload');
    await remote(`mkdir -p ${dest}`);
    const text = template('sftp', [{ source: made, destination: `${dest}/`, generated: true }]).replace(
      '  provisioner "file"',
      `  provisioner "shell-local" {\n    inline = ["echo made > ${made}"]\n  }\n  provisioner "file"`,
    );
    const ts = await tspackerBuildText(text);
    expectSuccess('tspacker', ts);
    expect(listTree(dest)).toEqual([`made-by-shell-local.txt f 644 5 ${sha('made\n')}`]);
  });
});

// Mistakes Packer users make: both tools fail, print the same first line and an "… failed" line, promptly (not at
// the provisioner's timeout), and leave the same tree — except that Packer's scp sink, sent a directory's contents
// for a destination that does not exist, writes each top-level file over that path and leaves the last one there:
// tspacker's scp asks the sink for a directory (`scp -d`) and leaves nothing. (A file download of a directory
// leaves an empty file in both.) The reasons are the transfers' own texts.
describe.each(['scp', 'sftp'] as const)('mistakes beside Packer, ssh_file_transfer_method = %s', (method) => {
  const uploads: Record<string, (files: string, dest: string) => FileBlock> = {
    'a directory into a destination that does not exist': (files, dest) => ({ source: `${files}/src/`, destination: `${dest}/new` }),
    'a file onto an existing directory without a trailing slash': (files, dest) => ({ source: `${files}/single.txt`, destination: `${dest}/sub` }),
  };
  const failedAlike = (ts: BuildRun, pk: BuildRun, roots: { ts: Record<string, string>; pk: Record<string, string> }, failed: string) => {
    const ours = failure(ts, roots.ts);
    const packers = failure(pk, roots.pk);
    expect(ours[0]).toBe(asCurrentPacker(packers[0]!));
    expect(ours.slice(1).map((l) => l.replace(/(failed|errored): .*/, '$1'))).toEqual([`==> null.x: ${failed} failed`, "Build 'null.x' errored"]);
    expect(ours.join('\n')).not.toContain('deadline exceeded');
  };

  test.each(Object.keys(uploads))('upload: %s', async (name) => {
    const slug = name.replace(/\W+/g, '-');
    const roots = { ts: path.join(remoteRoot, `mistake-${method}-ts-${slug}`), pk: path.join(remoteRoot, `mistake-${method}-pk-${slug}`) };
    await remote(`mkdir -p ${roots.ts}/sub ${roots.pk}/sub`);
    const files = path.join(local, 'files');
    const [ts, pk] = await bothBuild(method, (root) => [uploads[name]!(files, root)], roots);
    failedAlike(ts, pk, { ts: { LOCAL: local, REMOTE: roots.ts }, pk: { LOCAL: local, REMOTE: roots.pk } }, 'Upload');
    const packerLeftover = method === 'scp' && name.includes('does not exist') ? /^new f / : /^$/;
    expect(listTree(roots.ts)).toEqual(listTree(roots.pk).filter((l) => !packerLeftover.test(l)));
    expect(listTree(roots.ts)).toEqual(['sub d 755']);
  });

  test('download: a directory named without a trailing slash is fetched as a file, and fails', async () => {
    const roots = { ts: path.join(local, `mistake-${method}-ts`), pk: path.join(local, `mistake-${method}-pk`) };
    const files = path.join(remoteRoot, 'files');
    const block = (root: string): FileBlock => ({ direction: 'download', source: `${files}/src`, destination: `${root}/` });
    const [ts, pk] = await bothBuild(method, (root) => [block(root)], roots);
    failedAlike(ts, pk, { ts: { LOCAL: roots.ts, REMOTE: files }, pk: { LOCAL: roots.pk, REMOTE: files } }, 'Download');
    expect(listTree(roots.ts)).toEqual([`src f 644 0 ${sha('')}`]);
    expect(listTree(roots.pk)).toEqual(listTree(roots.ts));
  });

  test('download: a file onto an existing local directory without a trailing slash, or under a file', async () => {
    const roots = { ts: path.join(local, `mistake-local-${method}-ts`), pk: path.join(local, `mistake-local-${method}-pk`) };
    for (const root of Object.values(roots)) writeTree(root, { 'sub/': ['', 0o755], 'plain.txt': ['x', 0o644] });
    const files = path.join(remoteRoot, 'files');
    for (const destination of ['sub', 'plain.txt/inside/got.txt']) {
      const block = (root: string): FileBlock => ({ direction: 'download', source: `${files}/single.txt`, destination: `${root}/${destination}` });
      const [ts, pk] = await bothBuild(method, (root) => [block(root)], roots);
      // Local errors: Go's texts, no "Download failed" (the transfer never started).
      expect(failure(ts, { LOCAL: roots.ts, REMOTE: files })).toEqual(failure(pk, { LOCAL: roots.pk, REMOTE: files }));
    }
    expect(failure(await tspackerBuildText(template(method, [{ direction: 'download', source: `${files}/single.txt`, destination: `${roots.ts}/sub` }])), { LOCAL: roots.ts, REMOTE: files })).toEqual([
      '==> null.x: Downloading REMOTE/single.txt => LOCAL/sub',
      "Build 'null.x' errored: open LOCAL/sub: is a directory",
    ]);
    expect(listTree(roots.ts)).toEqual(listTree(roots.pk));
  });
});

// The machine stops answering (its sshd processes frozen) just as the upload starts: the transfer stalls, and the
// provisioner's `timeout` ends the build promptly with Go's deadline error instead of holding it.
test.each(['scp', 'sftp'] as const)('nothing hangs: a stalled %s upload fails at the provisioner timeout', async (method) => {
  const file = path.join(local, 'files', 'single.txt');
  let frozen: number[] = [];
  let frozenCount = 0;
  const thaw = (): void => {
    for (const pid of frozen) signalProcess(pid, 'SIGCONT');
    frozen = [];
  };
  const safety = setTimeout(thaw, 20_000);
  const started = Date.now();
  try {
    const ts = await tspackerBuildText(template(method, [{ source: file, destination: path.join(remoteRoot, `stalled-${method}.txt`) }], '3s'), (line) => {
      if (!line.startsWith(`==> ${BUILD}: Uploading `)) return;
      frozen = sshdSessionPids();
      frozenCount = frozen.length;
      for (const pid of frozen) signalProcess(pid, 'SIGSTOP');
    });
    expect(frozenCount).toBeGreaterThan(0);
    expect(ts.exitCode).toBe(1);
    expect(ts.lines).toContain('==> null.x: Cancelling provisioner after a timeout...');
    expect(provisionerLines(ts.lines, { LOCAL: local })).toEqual([
      `==> null.x: Uploading LOCAL/files/single.txt => ${remoteRoot}/stalled-${method}.txt`,
      '==> null.x: Upload failed: context deadline exceeded',
      "Build 'null.x' errored: context deadline exceeded",
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
  } finally {
    clearTimeout(safety);
    thaw();
  }
});

/** The fixture's sshd processes that serve connections: the listener's descendants. */
function sshdSessionPids(): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = ps.split('\n').filter(Boolean).map((l) => {
    const [pid, ppid, ...args] = l.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
  });
  const listener = rows.find((r) => r.args.includes(path.join(sshd.dir, 'sshd_config')) && r.args.includes('-D'));
  if (!listener) return [];
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const r of rows.filter((row) => row.ppid === parent)) {
      found.push(r.pid);
      walk(r.pid);
    }
  };
  walk(listener.pid);
  return found;
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}
