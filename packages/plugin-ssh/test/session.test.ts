// Command sessions of the SSH communicator against a real sshd: output, input, exit status, pty, cancellation,
// ssh_read_write_timeout, keep-alives, and Packer's 2300218 when the connection drops before the exit status,
// after which the next session reconnects (a reboot with expect_disconnect).
import { Readable } from 'node:stream';
import type { SshConnection } from '../src/connect.js';
import { EXIT_STATUS_MISSING } from '../src/communicator.js';
import { startSshd, type Sshd } from '../../../test/support/sshd.js';
import { connectWithKey, never, run } from './connect-support.js';

let sshd: Sshd;
let connection: SshConnection;
beforeAll(async () => {
  sshd = await startSshd();
  connection = await connectWithKey(sshd);
});
afterAll(async () => {
  await connection.close();
  await sshd.stop();
});

/**
 * Runs `body` with a new connection (options `extra`) and the pid of the sshd process serving it, which `body`
 * may freeze (SIGSTOP): it is killed and the connection closed after.
 */
async function withServingProcess(
  extra: Record<string, unknown>,
  body: (connection: SshConnection, servingPid: number) => Promise<void>,
): Promise<void> {
  const connection = await connectWithKey(sshd, extra);
  let servingPid = 0;
  try {
    servingPid = Number((await run(connection.communicator, 'echo $PPID')).stdout.trim());
    await body(connection, servingPid);
  } finally {
    if (servingPid > 0) {
      try {
        process.kill(servingPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await connection.close();
  }
}

test('stdout and stderr stream separately; the exit status is the command’s', async () => {
  expect(await run(connection.communicator, 'echo out; echo err >&2; exit 7')).toEqual({ stdout: 'out\n', stderr: 'err\n', exitStatus: 7 });
});

test('fast commands never lose their exit status (it can arrive in the same read as the exec reply)', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await connection.communicator.start({ command: `exit ${i % 5}` }, never)).exitStatus);
  expect(statuses).toEqual(Array.from({ length: 40 }, (_, i) => i % 5));
});

test('stdin reaches the command', async () => {
  const { exitStatus } = await connection.communicator.start({ command: 'cat > /dev/null', stdin: Readable.from(['ignored']) }, never);
  expect(exitStatus).toBe(0);
  let text = '';
  const { Writable } = await import('node:stream');
  const stdout = new Writable({
    write(chunk, _e, done) {
      text += String(chunk);
      done();
    },
  });
  await connection.communicator.start({ command: 'tr a-z A-Z', stdin: Readable.from(['hello ', 'world']), stdout }, never);
  expect(text).toBe('HELLO WORLD');
});

test('a command killed by a signal exits with 128 + the signal number (Go’s ExitStatus)', async () => {
  expect((await run(connection.communicator, 'kill -TERM $$')).exitStatus).toBe(143);
});

test('ssh_pty: the command runs on a terminal, without one by default', async () => {
  expect((await run(connection.communicator, 'tty')).stdout).toBe('not a tty\n');
  const withPty = await connectWithKey(sshd, { ssh_pty: true });
  try {
    const { stdout } = await run(withPty.communicator, 'tty; echo $TERM; stty size');
    expect(stdout).toMatch(/^\/dev\/pts\/\d+\r?\nxterm\r?\n40 80\r?\n$/);
  } finally {
    await withPty.close();
  }
});

test('aborting a command closes its session promptly and kills the remote process', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const pending = run(connection.communicator, 'sleep 37.25', controller.signal);
  setTimeout(() => controller.abort(), 300);
  await expect(pending).rejects.toThrow(/^the remote command was cancelled$/);
  expect(Date.now() - started).toBeLessThan(2000);
  let left = '';
  for (let i = 0; i < 20; i++) {
    left = (await run(connection.communicator, 'pgrep -f "sleep 37[.]25" || true')).stdout;
    if (left === '') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(left).toBe('');
  await expect(run(connection.communicator, 'true', controller.signal)).rejects.toThrow(/cancelled before it started/);
});

test('ssh_read_write_timeout: a command running longer is stopped, without an exit status, and says why', async () => {
  const limited = await connectWithKey(sshd, { ssh_read_write_timeout: 500 });
  try {
    const started = Date.now();
    expect(await run(limited.communicator, 'sleep 5')).toEqual({
      stdout: '',
      stderr: 'the remote command did not finish within 500ms (ssh_read_write_timeout)\n',
      exitStatus: EXIT_STATUS_MISSING,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await run(limited.communicator, 'echo quick')).stdout).toBe('quick\n');
  } finally {
    await limited.close();
  }
});

test('the connection dropped by the machine during a command: 2300218, and the next command reconnects', async () => {
  const dropping = await connectWithKey(sshd);
  try {
    // $PPID is the sshd process serving this connection: killing it drops the connection mid-command.
    const result = await run(dropping.communicator, 'echo before; sleep 0.3; kill -9 $PPID; sleep 5; echo after');
    expect(result).toMatchObject({ stdout: 'before\n', exitStatus: EXIT_STATUS_MISSING });
    expect(EXIT_STATUS_MISSING).toBe(2300218);
    expect(await run(dropping.communicator, 'echo reconnected')).toMatchObject({ stdout: 'reconnected\n', exitStatus: 0 });
    // The sessions file transfers open reconnect the same way.
    await run(dropping.communicator, 'kill -9 $PPID');
    const channel = await dropping.communicator.sessions.exec('echo via-opener');
    const text = await new Promise<string>((resolve) => {
      let out = '';
      channel.on('data', (d: Buffer) => (out += String(d))).on('close', () => resolve(out));
    });
    expect(text).toBe('via-opener\n');
  } finally {
    await dropping.close();
  }
});

test('a reboot: the server goes down mid-command (2300218), commands fail while it is down, then reconnect', async () => {
  const machine = await startSshd();
  const conn = await connectWithKey(machine);
  try {
    const long = run(conn.communicator, 'sleep 30');
    await new Promise((r) => setTimeout(r, 300));
    await machine.stop();
    expect((await long).exitStatus).toBe(EXIT_STATUS_MISSING);
    await expect(run(conn.communicator, 'true')).rejects.toThrow(
      `the SSH connection to 127.0.0.1:${machine.port} was lost and reconnecting failed: 127.0.0.1:${machine.port} refused the connection: nothing listens on that port (yet)`,
    );
    await machine.start();
    expect((await run(conn.communicator, 'echo up')).stdout).toBe('up\n');
  } finally {
    await conn.close();
    await machine.stop();
  }
});

test('keep-alives detect a machine that stopped answering: the running command ends with 2300218', async () => {
  await withServingProcess({ ssh_keep_alive_interval: 300 }, async (frozen, servingPid) => {
    const started = Date.now();
    const pending = run(frozen.communicator, 'sleep 20');
    await new Promise((r) => setTimeout(r, 200));
    process.kill(servingPid, 'SIGSTOP'); // the sshd serving the connection freezes: no replies, no FIN
    expect((await pending).exitStatus).toBe(EXIT_STATUS_MISSING);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

test('a negative ssh_keep_alive_interval disables keep-alives: a frozen machine is not noticed', async () => {
  await withServingProcess({ ssh_keep_alive_interval: -1000 }, async (frozen, servingPid) => {
    let ended = false;
    const pending = run(frozen.communicator, 'sleep 20').finally(() => (ended = true));
    await new Promise((r) => setTimeout(r, 200));
    process.kill(servingPid, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 2000));
    expect(ended).toBe(false);
    process.kill(servingPid, 'SIGKILL'); // the machine goes away for good: the connection closes
    expect((await pending).exitStatus).toBe(EXIT_STATUS_MISSING);
  });
});

test('after close(), commands fail instead of reconnecting', async () => {
  const closing = await connectWithKey(sshd);
  await closing.close();
  await expect(run(closing.communicator, 'true')).rejects.toThrow(/^the SSH connection is closed$/);
});
