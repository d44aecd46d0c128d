// Differential test: Packer 1.6.6's file provisioner (null builder, ssh communicator) and our transfer upload the
// same local tree to the same real sshd; `find` must show the same result (names, types, modes, sizes), with and
// without the source's trailing slash. Packer's sftp cannot upload a symlinked directory (it copies it as a file
// and fails), so the sftp comparison leaves that link out; ours follows it as scp does.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSshd, type Sshd } from '../../../test/support/sshd.js';
import { createFileTransfer } from '../src/transfer.js';
import { connectTo, noise, quote, remoteTree, tempDir, type TestConnection } from './transfer-support.js';

const run = promisify(execFile);
let sshd: Sshd;
let conn: TestConnection;
let work: string;

beforeAll(async () => {
  sshd = await startSshd();
  conn = await connectTo(sshd);
  work = tempDir('tspacker-xfer-packer-');
});
afterAll(async () => {
  await conn?.run('rm -rf "$HOME"/packer-diff.*').catch(() => undefined);
  conn?.close();
  await sshd?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function makeTree(root: string, withDirLink: boolean): void {
  fs.mkdirSync(path.join(root, 'sub/deeper'), { recursive: true });
  fs.mkdirSync(path.join(root, 'empty'));
  fs.mkdirSync(path.join(root, 'private'));
  fs.chmodSync(path.join(root, 'private'), 0o700);
  fs.mkdirSync(path.join(root, 'shared'));
  fs.chmodSync(path.join(root, 'shared'), 0o775);
  fs.writeFileSync(path.join(root, 'a.txt'), 'alpha\n');
  fs.writeFileSync(path.join(root, 'run.sh'), '#!/bin/sh\n');
  fs.chmodSync(path.join(root, 'run.sh'), 0o755);
  fs.writeFileSync(path.join(root, 'group-writable'), 'g');
  fs.chmodSync(path.join(root, 'group-writable'), 0o664);
  fs.writeFileSync(path.join(root, 'sub/zero'), '');
  fs.writeFileSync(path.join(root, 'sub/deeper/c.bin'), noise(100_000, 5));
  fs.writeFileSync(path.join(root, 'private/key'), 'k');
  fs.chmodSync(path.join(root, 'private/key'), 0o600);
  // Enough files for the parallel scp sessions.
  for (let i = 0; i < 120; i++) {
    const dir = path.join(root, 'many', `d${i % 6}`, i % 2 ? 'odd' : '');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}`), 'x'.repeat(i * 13));
  }
  fs.symlinkSync('a.txt', path.join(root, 'link-to-file'));
  if (withDirLink) fs.symlinkSync('sub', path.join(root, 'link-to-dir'));
}

async function packerUpload(method: 'scp' | 'sftp', source: string, destinations: { itself: string; contents: string }) {
  const template = path.join(work, `${method}.json`);
  fs.writeFileSync(
    template,
    JSON.stringify({
      builders: [
        {
          type: 'null',
          communicator: 'ssh',
          ssh_host: sshd.host,
          ssh_port: sshd.port,
          ssh_username: sshd.user,
          ssh_private_key_file: sshd.privateKeyFile,
          ssh_file_transfer_method: method,
          ssh_timeout: '20s',
        },
      ],
      provisioners: [
        { type: 'file', source, destination: destinations.itself },
        { type: 'file', source: `${source}/`, destination: destinations.contents },
      ],
    }),
  );
  await run('packer', ['build', '-color=false', template], {
    cwd: work,
    timeout: 45_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_CACHE_DIR: path.join(work, 'cache'), HOME: work },
  });
}

describe.each(['scp', 'sftp'] as const)('%s', (method) => {
  test('uploadDir leaves the same tree as Packer 1.6.6, with and without a trailing slash', async () => {
    const source = path.join(work, `tree-${method}`);
    fs.mkdirSync(source);
    makeTree(source, method === 'scp');
    const base = (await conn.run('mktemp -d "$HOME/packer-diff.XXXXXX"')).trim();
    const packer = { itself: `${base}/packer-itself`, contents: `${base}/packer-contents` };
    const ours = { itself: `${base}/ours-itself`, contents: `${base}/ours-contents` };
    await conn.run(['mkdir', ...[packer.itself, packer.contents, ours.itself, ours.contents].map(quote)].join(' '));

    await packerUpload(method, source, packer);
    const transfer = createFileTransfer(method, conn.opener);
    await transfer.uploadDir(ours.itself, source);
    await transfer.uploadDir(ours.contents, `${source}/`);

    const packerItself = await remoteTree(conn, packer.itself);
    expect(packerItself.length).toBeGreaterThan(130);
    expect(await remoteTree(conn, ours.itself)).toEqual(packerItself);
    expect(await remoteTree(conn, ours.contents)).toEqual(await remoteTree(conn, packer.contents));
  });
});
