// File transfer with both methods (scp, sftp) against a real OpenSSH server, logged in as an unprivileged user:
// files, directories (Packer's trailing-slash rule), awkward names, faults, and a large file checked by sha256.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { startSshd, type Sshd } from '../../../test/support/sshd.js';
import { createFileTransfer, type FileTransfer } from '../src/transfer.js';
import { connectTo, localTree, noise, quote, remoteTree, tempDir, type TestConnection } from './transfer-support.js';

let sshd: Sshd;
let conn: TestConnection;
const locals: string[] = [];

beforeAll(async () => {
  sshd = await startSshd();
  conn = await connectTo(sshd);
});
afterAll(async () => {
  await conn?.run('chmod -R u+w "$HOME"/xfer.* && rm -rf "$HOME"/xfer.*').catch(() => undefined);
  conn?.close();
  await sshd?.stop();
  for (const dir of locals) fs.rmSync(dir, { recursive: true, force: true });
});

function localDir(): string {
  const dir = tempDir('tspacker-xfer-test-');
  locals.push(dir);
  return dir;
}

/** A fresh directory in the remote user's home. */
async function remoteDir(): Promise<string> {
  return (await conn.run('mktemp -d "$HOME/xfer.XXXXXX"')).trim();
}

function collect(): { sink: Writable; text: () => string; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString() };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A local tree with nested and empty directories, modes, a symlinked file and a symlinked directory. */
function makeTree(root: string): void {
  fs.mkdirSync(path.join(root, 'sub/deeper'), { recursive: true });
  fs.mkdirSync(path.join(root, 'empty'));
  fs.mkdirSync(path.join(root, 'private'), { mode: 0o700 });
  fs.chmodSync(path.join(root, 'private'), 0o700);
  fs.writeFileSync(path.join(root, 'a.txt'), 'alpha\n');
  fs.writeFileSync(path.join(root, 'run.sh'), '#!/bin/sh\necho hi\n');
  fs.chmodSync(path.join(root, 'run.sh'), 0o755);
  fs.writeFileSync(path.join(root, 'sub/b.txt'), 'beta\n');
  fs.writeFileSync(path.join(root, 'sub/deeper/c.bin'), noise(70_000, 3));
  fs.writeFileSync(path.join(root, 'sub/zero'), '');
  fs.writeFileSync(path.join(root, 'private/key'), 'secret\n');
  fs.chmodSync(path.join(root, 'private/key'), 0o600);
  fs.symlinkSync('a.txt', path.join(root, 'link-to-a'));
  fs.symlinkSync('sub', path.join(root, 'link-to-sub'));
}

describe.each(['scp', 'sftp'] as const)('%s', (method) => {
  let transfer: FileTransfer;
  beforeAll(() => {
    transfer = createFileTransfer(method, conn.opener);
  });

  test('uploads a stream with its size and mode, and downloads it back', async () => {
    const dir = await remoteDir();
    await transfer.upload(`${dir}/hello.sh`, Readable.from([Buffer.from('#!/bin/sh\necho hello\n')]), { mode: 0o750, size: 21 });
    expect(await conn.run(`stat -c '%a %s %U' ${quote(dir)}/hello.sh && ${quote(dir)}/hello.sh`)).toBe(`750 21 ${sshd.user}\nhello\n`);
    const out = collect();
    await transfer.download(`${dir}/hello.sh`, out.sink);
    expect(out.text()).toBe('#!/bin/sh\necho hello\n');
  });

  test('an upload of unknown size (spooled for scp) gets mode 0644 and leaves no temporary file', async () => {
    const dir = await remoteDir();
    const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('tspacker-upload-')).length;
    const source = new PassThrough();
    const done = transfer.upload(`${dir}/streamed`, source);
    source.write('part one, ');
    setTimeout(() => source.end('part two'), 20);
    await done;
    expect(await conn.run(`stat -c '%a' ${quote(dir)}/streamed && cat ${quote(dir)}/streamed`)).toBe('644\npart one, part two');
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('tspacker-upload-')).length).toBe(before);
  });

  test('a zero-byte file both ways', async () => {
    const dir = await remoteDir();
    await transfer.upload(`${dir}/empty`, Readable.from([]), { size: 0 });
    expect(await conn.run(`stat -c '%s' ${quote(dir)}/empty`)).toBe('0\n');
    const out = collect();
    await transfer.download(`${dir}/empty`, out.sink);
    expect(out.bytes().length).toBe(0);
  });

  test('a 50 MB file keeps its sha256 both ways and reports progress', async () => {
    const dir = await remoteDir();
    const local = path.join(localDir(), 'big.bin');
    const data = noise(50 * 1024 * 1024, 7);
    fs.writeFileSync(local, data);
    const seen: [number, number | undefined][] = [];
    await transfer.upload(`${dir}/big.bin`, fs.createReadStream(local), {
      size: data.length,
      progress: (done, total) => seen.push([done, total]),
    });
    expect((await conn.run(`sha256sum ${quote(dir)}/big.bin`)).split(' ')[0]).toBe(sha256(data));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual([data.length, data.length]);
    const back = path.join(localDir(), 'back.bin');
    const file = fs.createWriteStream(back);
    await transfer.download(`${dir}/big.bin`, file);
    await new Promise((r) => file.end(r));
    expect(sha256(fs.readFileSync(back))).toBe(sha256(data));
  });

  test(`paths with spaces, quotes and $ work both ways`, async () => {
    const base = await remoteDir();
    const dir = `${base}/a dir 'with' "quotes" $HOME \`x\``;
    await conn.run(`mkdir ${quote(dir)}`);
    const name = `${dir}/file $USER 'q' "d".txt`;
    await transfer.upload(name, Readable.from([Buffer.from('odd')]), { size: 3 });
    expect(await conn.run(`cat ${quote(name)}`)).toBe('odd');
    const out = collect();
    await transfer.download(name, out.sink);
    expect(out.text()).toBe('odd');

    const src = path.join(localDir(), `src $x 'y'`);
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, `in "here".txt`), 'inside');
    await transfer.uploadDir(dir, src);
    expect(await conn.run(`cat ${quote(`${dir}/src $x 'y'/in "here".txt`)}`)).toBe('inside');
    const down = localDir();
    await transfer.downloadDir(`${dir}/src $x 'y'`, down);
    expect(fs.readFileSync(path.join(down, `src $x 'y'`, `in "here".txt`), 'utf8')).toBe('inside');
  });

  test('`~/` is the home directory, and a name starting with `-` is not an option', async () => {
    const dir = await remoteDir();
    const name = path.posix.basename(dir);
    await transfer.upload(`~/${name}/-rf`, Readable.from([Buffer.from('dash')]), { size: 4 });
    expect(fs.readFileSync(`${dir}/-rf`, 'utf8')).toBe('dash');
    const out = collect();
    await transfer.download(`~/${name}/-rf`, out.sink);
    expect(out.text()).toBe('dash');
  });

  test('an upload to a path the user may not write fails with "Permission denied" naming the path', async () => {
    await expect(transfer.upload('/root/x', Readable.from([Buffer.from('x')]), { size: 1 })).rejects.toThrow(
      /^(scp|sftp): \/root\/x: Permission denied$/,
    );
    await expect(transfer.upload('/etc/x', Readable.from([Buffer.from('x')]), { size: 1 })).rejects.toThrow(
      /^(scp|sftp): \/etc\/x: Permission denied$/,
    );
    expect(fs.existsSync('/etc/x')).toBe(false);
  });

  test('an upload into a missing directory fails and creates nothing', async () => {
    const dir = await remoteDir();
    await expect(transfer.upload(`${dir}/missing/file`, Readable.from([Buffer.from('x')]), { size: 1 })).rejects.toThrow(
      new RegExp(`^(scp|sftp): ${dir}/missing(/file)?: No such file( or directory)?$`),
    );
    expect(await conn.run(`ls -A ${quote(dir)}`)).toBe('');
  });

  test('a download of a missing file fails with a clear error and the path', async () => {
    const dir = await remoteDir();
    await expect(transfer.download(`${dir}/nope`, collect().sink)).rejects.toThrow(
      new RegExp(`^(scp|sftp): ${dir}/nope: No such file( or directory)?$`),
    );
  });

  test('uploadDir: `src` copies the directory, `src/` its contents; modes, empty dirs, symlinks followed', async () => {
    const src = path.join(localDir(), 'tree');
    fs.mkdirSync(src);
    makeTree(src);
    const dir = await remoteDir();
    await conn.run(`mkdir ${quote(dir)}/itself ${quote(dir)}/contents`);
    await transfer.uploadDir(`${dir}/itself`, src);
    await transfer.uploadDir(`${dir}/contents`, `${src}/`);
    const expected = [
      './a.txt f 644 6',
      './empty d 755',
      './link-to-a f 644 6',
      './link-to-sub d 777',
      './link-to-sub/b.txt f 644 5',
      './link-to-sub/deeper d 755',
      './link-to-sub/deeper/c.bin f 644 70000',
      './link-to-sub/zero f 644 0',
      './private d 700',
      './private/key f 600 7',
      './run.sh f 755 18',
      './sub d 755',
      './sub/b.txt f 644 5',
      './sub/deeper d 755',
      './sub/deeper/c.bin f 644 70000',
      './sub/zero f 644 0',
    ];
    // scp's sink applies the session's umask (022) to a directory's mode, sftp's chmod does not (as in Packer).
    const symlinkedDir = method === 'scp' ? './link-to-sub d 755' : './link-to-sub d 777';
    const want = expected.map((l) => (l.startsWith('./link-to-sub d') ? symlinkedDir : l));
    expect(await remoteTree(conn, `${dir}/contents`)).toEqual(want);
    expect(await remoteTree(conn, `${dir}/itself`)).toEqual(['./tree d 755', ...want.map((l) => l.replace('./', './tree/'))].sort());
    expect(await conn.run(`sha256sum < ${quote(dir)}/contents/sub/deeper/c.bin`)).toContain(sha256(noise(70_000, 3)));
  });

  test('uploadDir leaves out excluded paths, and `src/` into a missing destination fails', async () => {
    const src = path.join(localDir(), 'tree');
    fs.mkdirSync(src);
    makeTree(src);
    const dir = await remoteDir();
    await transfer.uploadDir(dir, `${src}/`, ['sub', 'private/key', 'link-to-sub']);
    expect((await remoteTree(conn, dir)).map((l) => l.split(' ')[0])).toEqual([
      './a.txt', './empty', './link-to-a', './private', './run.sh',
    ]);
    await expect(transfer.uploadDir(`${dir}/missing`, `${src}/`)).rejects.toThrow(
      new RegExp(`^(scp|sftp): ${dir}/missing: No such file or directory$`),
    );
  });

  test('uploadDir without a trailing slash into a missing destination creates it as the copy (Packer scp)', async () => {
    const src = path.join(localDir(), 'tree');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'f'), 'f');
    const dir = await remoteDir();
    await transfer.uploadDir(`${dir}/new`, src);
    expect(await remoteTree(conn, dir)).toEqual(['./new d 755', './new/f f 644 1']);
  });

  test('a tree of many files (scp: several sessions) arrives whole, into an existing or a missing destination', async () => {
    const src = path.join(localDir(), 'many');
    for (let i = 0; i < 300; i++) {
      const dir = path.join(src, `d${i % 7}`, i % 3 ? `sub${i % 2}` : '');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `f${i}`), noise(i * 31, i + 1));
      if (i === 150) fs.writeFileSync(path.join(dir, 'big'), noise(3 * 1024 * 1024, 11));
    }
    fs.mkdirSync(path.join(src, 'd3/empty'));
    const dir = await remoteDir();
    const want = localTree(src);
    const commands: string[] = [];
    const counting = createFileTransfer(method, {
      exec: (command) => (commands.push(command), conn.opener.exec(command)),
      sftp: () => (commands.push('sftp'), conn.opener.sftp()),
    });
    await counting.uploadDir(dir, src);
    expect(await remoteTree(conn, `${dir}/many`)).toEqual(want);
    // scp: the remote check, the directories, then 4 sessions for the files; sftp: one session.
    expect(commands.length).toBe(method === 'scp' ? 6 : 1);
    await transfer.uploadDir(`${dir}/copy`, src);
    expect(await remoteTree(conn, `${dir}/copy`)).toEqual(want);
    await conn.run(`mkdir ${quote(dir)}/contents`);
    await transfer.uploadDir(`${dir}/contents`, `${src}/`);
    expect(await remoteTree(conn, `${dir}/contents`)).toEqual(want);
    expect(await conn.run(`cd ${quote(dir)}/contents && cat $(find . -type f | LC_ALL=C sort) | sha256sum`)).toBe(
      execFileSync('sh', ['-c', `cd ${quote(src)} && cat $(find . -type f | LC_ALL=C sort) | sha256sum`], { encoding: 'utf8' }),
    );
  });

  test('a tree of many files with a read-only directory keeps the mode and its files', async () => {
    const src = path.join(localDir(), 'ro');
    fs.mkdirSync(path.join(src, 'locked'), { recursive: true });
    for (let i = 0; i < 80; i++) fs.writeFileSync(path.join(src, 'locked', `f${i}`), `${i}`);
    fs.chmodSync(path.join(src, 'locked'), 0o555);
    const dir = await remoteDir();
    try {
      await transfer.uploadDir(dir, `${src}/`);
      const tree = await remoteTree(conn, dir);
      expect(tree[0]).toBe('./locked d 555');
      expect(tree.length).toBe(81);
    } finally {
      fs.chmodSync(path.join(src, 'locked'), 0o755);
      await conn.run(`chmod -R u+w ${quote(dir)}`);
    }
  });

  test('downloadDir fails clearly when a local directory is in the way of a file', async () => {
    const dir = await remoteDir();
    await conn.run(`mkdir ${quote(dir)}/d && echo x > ${quote(dir)}/d/f`);
    const down = localDir();
    fs.mkdirSync(path.join(down, 'd', 'f'), { recursive: true });
    await expect(transfer.downloadDir(`${dir}/d`, down)).rejects.toThrow(/EISDIR: illegal operation on a directory, open '.*\/d\/f'/);
  });

  test('downloadDir copies a remote directory (by its name) and a glob of entries', async () => {
    const src = path.join(localDir(), 'tree');
    fs.mkdirSync(src);
    makeTree(src);
    fs.rmSync(path.join(src, 'link-to-sub'));
    fs.rmSync(path.join(src, 'link-to-a'));
    const dir = await remoteDir();
    await transfer.uploadDir(dir, `${src}/`);
    const down = localDir();
    await transfer.downloadDir(dir, down);
    expect(localTree(path.join(down, path.basename(dir)))).toEqual(localTree(src));
    const globbed = localDir();
    await transfer.downloadDir(`${dir}/sub/*`, globbed, ['zero']);
    expect(localTree(globbed)).toEqual(['./b.txt f 644 5', './deeper d 755', './deeper/c.bin f 644 70000']);
    await expect(transfer.downloadDir(`${dir}/nothing-here`, localDir())).rejects.toThrow(
      new RegExp(`^(scp|sftp): ${dir}/nothing-here: No such file( or directory)?$`),
    );
  });
});
