// The shell provisioner's pieces that need no machine: Packer's UnixReader line endings, the inline script's
// shebang rule, the retry loop's timing, and how command output is cut into UI lines. The provisioner itself is
// tested end to end against a real sshd in test/ssh/shell*.test.ts.
import fs from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import type { Communicator, RemoteCommand } from '@tspacker/sdk';
import { shellProvisioner } from '../src/provisioners/shell.js';
import { runWithUi, CMD_DISCONNECT } from '../src/shell-remote-command.js';
import { RETRY_DELAY_MS, retryUntilStartTimeout } from '../src/shell-remote-retry.js';
import { inlineScriptText, readScript, unixLineEndings, writeTempFile } from '../src/shell-remote-script.js';
import { preparedConfig } from './run-helpers.js';
import { recordingUi } from './recording-ui.js';

test.each([
  ['', ''],
  ['\n', '\n'],
  ['a', 'a\n'],
  ['a\r\nb\r\n', 'a\nb\n'],
  ['a\r', 'a\n'],
  ['a\r\r\n', 'a\r\n'],
  ['a\rb\n\n\nc', 'a\rb\n\n\nc\n'],
  ['\r\n\r\n', '\n\n'],
])('UnixReader: %j becomes %j', (input, output) => {
  expect(unixLineEndings(Buffer.from(input)).toString()).toBe(output);
});

test('UnixReader keeps bytes that are not UTF-8', () => {
  const bytes = Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0xe9]);
  expect(unixLineEndings(bytes)).toEqual(Buffer.from([0xff, 0x00, 0x0a, 0xe9, 0x0a]));
});

describe('the inline script', () => {
  const defaulted = preparedConfig(shellProvisioner, 'inline = ["x"]');
  const explicit = preparedConfig(shellProvisioner, 'inline = ["x"]\ninline_shebang = "/bin/bash -eux"');

  test('starts with the default shebang', () => {
    expect(defaulted.inline_shebang).toBe('/bin/sh -e');
    expect(inlineScriptText(defaulted, defaulted.inline_shebang, ['echo a', 'echo b'])).toBe('#!/bin/sh -e\necho a\necho b\n');
  });

  test('keeps its own #! when the shebang is the default one', () => {
    expect(inlineScriptText(defaulted, defaulted.inline_shebang, ['#!/bin/bash', 'echo a'])).toBe('#!/bin/bash\necho a\n');
  });

  test('gets an explicit inline_shebang even when it has its own', () => {
    expect(inlineScriptText(explicit, explicit.inline_shebang, ['#!/bin/bash', 'echo a'])).toBe('#!/bin/bash -eux\n#!/bin/bash\necho a\n');
  });

  test('is written to TMPDIR/packer-shellDIGITS, readable by its owner only', async () => {
    const file = await writeTempFile('packer-shell', 'text');
    try {
      expect(file).toMatch(/\/packer-shell\d+$/);
      expect(fs.readFileSync(file, 'utf8')).toBe('text');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(file);
    }
  });
});

test('a script that cannot be read: Packer\'s "Error opening shell script" with Go\'s open error', async () => {
  await expect(readScript('/nonexistent/s.sh')).rejects.toThrow('Error opening shell script: open /nonexistent/s.sh: no such file or directory');
});

describe('retryUntilStartTimeout', () => {
  test('tries again every 2 s until the attempt succeeds', async () => {
    let tries = 0;
    const started = Date.now();
    const result = await retryUntilStartTimeout(10_000, new AbortController().signal, async () => {
      if (++tries < 2) throw new Error(`try ${tries}`);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(tries).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 50);
  });

  test('gives the last failure once the start timeout has passed', async () => {
    let tries = 0;
    const started = Date.now();
    await expect(
      retryUntilStartTimeout(100, new AbortController().signal, async () => {
        throw new Error(`try ${++tries}`);
      }),
    ).rejects.toThrow('try 2');
    expect(Date.now() - started).toBeLessThan(RETRY_DELAY_MS + 1000);
  });

  test('stops waiting as soon as the signal aborts, with its reason', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('context canceled')), 100);
    const started = Date.now();
    await expect(
      retryUntilStartTimeout(60_000, abort.signal, async () => {
        throw new Error('machine down');
      }),
    ).rejects.toThrow('context canceled');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

/** A Communicator whose commands write `chunks` to stdout and `errChunks` to stderr, then exit with `status`. */
function scriptedCommunicator(chunks: readonly (string | Buffer)[], errChunks: readonly string[], status: number): Communicator {
  const write = (to: Writable | undefined, data: string | Buffer) => to?.write(data);
  return {
    async start(command: RemoteCommand) {
      for (const chunk of chunks) write(command.stdout, chunk);
      for (const chunk of errChunks) write(command.stderr, chunk);
      return { exitStatus: status };
    },
    upload: async (_d: string, source: Readable) => void source.resume(),
    uploadDir: async () => {},
    download: async () => {},
    downloadDir: async () => {},
  };
}

test('output is shown line by line: lines cut across chunks, characters across chunks, CR progress, no trailing blanks', async () => {
  const ui = recordingUi();
  const euro = Buffer.from('€');
  const comm = scriptedCommunicator(
    ['one\ntw', 'o  \n', euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from('\n')]), '10%\r50%\r100%\n\n', 'last'],
    ['warn', 'ing\n'],
    0,
  );
  await expect(runWithUi(comm, 'x', ui, new AbortController().signal)).resolves.toBe(0);
  // An unterminated last line is shown when the command has ended.
  expect(ui.lines).toEqual(['message: one', 'message: two', 'message: €', 'message: 100%', 'message: ', 'error: warning', 'message: last']);
});

test('the exit status is returned as is, the disconnect status included', async () => {
  const comm = scriptedCommunicator([], [], CMD_DISCONNECT);
  await expect(runWithUi(comm, 'x', recordingUi(), new AbortController().signal)).resolves.toBe(2300218);
});

test('a command that does not end is given up as soon as the signal aborts', async () => {
  const abort = new AbortController();
  const never: Communicator = { ...scriptedCommunicator([], [], 0), start: () => new Promise(() => {}) };
  setTimeout(() => abort.abort(new Error('context deadline exceeded')), 50);
  await expect(runWithUi(never, 'x', recordingUi(), abort.signal)).rejects.toThrow('context deadline exceeded');
});
