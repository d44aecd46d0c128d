import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  createRootUi,
  createLogger,
  rfc3339Local,
  goLogTime,
  machineReadableLine,
  type RootUi,
  type RootUiOptions,
} from '@tspacker/core';
import { SpinnerBoard, loadSpinners } from '@tspacker/core/ui/progress.js';

beforeAll(loadSpinners);
import { asCurrentPackerMessages } from '../../../test/support/packer-messages.js';

const SECRET = 'hunter2secret';

/** A root UI writing into a string. */
function captured(options: Partial<RootUiOptions> = {}) {
  let out = '';
  const ui = createRootUi({
    machineReadable: false,
    color: true,
    timestamp: false,
    secrets: new Set([SECRET]),
    interactive: false,
    env: {},
    write: (text) => void (out += text),
    ...options,
  });
  return { ui, output: () => out };
}

// ---------------------------------------------------------------------------------------------------------------
// Differential: the same UI calls `packer build` 1.6.6 makes for a null build with shell-local output. 1.6.6's
// Message lines are compared in their Packer 1.13+ form (asCurrentPackerMessages: said, `==> name:`, bold).

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-ui-'));
  fs.mkdirSync(path.join(work, 'ok'));
  fs.writeFileSync(
    path.join(work, 'ok', 'build.pkr.hcl'),
    `variable "pw" {
  type      = string
  default   = "${SECRET}"
  sensitive = true
}
source "null" "a" { communicator = "none" }
source "null" "b" { communicator = "none" }
build {
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    inline = ["echo hello, world", "echo pw=\${var.pw}", "printf 'x\\\\ny\\\\n'"]
  }
}
`,
  );
  fs.mkdirSync(path.join(work, 'fail'));
  fs.writeFileSync(
    path.join(work, 'fail', 'build.pkr.hcl'),
    `source "null" "a" { communicator = "none" }
build {
  sources = ["source.null.a"]
  provisioner "shell-local" { inline = ["echo one", "exit 3"] }
}
`,
  );
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function packerBuild(dir: string, flags: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env['PACKER_NO_COLOR'];
  delete env['NO_COLOR'];
  delete env['PACKER_LOG'];
  delete env['PACKER_LOG_PATH'];
  const result = spawnSync('packer', ['build', '-parallel-builds=1', ...flags, 'build.pkr.hcl'], { cwd: path.join(work, dir), env, encoding: 'utf8' });
  if (result.error) throw result.error;
  expect(result.stderr).toBe('');
  return result.stdout;
}

/**
 * Masks what differs between runs: script paths, durations, times. The end-of-run lists follow Go's random map
 * order in Packer, so the lines after "Builds finished" are sorted.
 */
function normalize(text: string): string[] {
  const lines = text
    .replace(/\/tmp\/packer-shell\d+/g, '/tmp/packer-shell#')
    .replace(/after \d+ [a-z]+( \d+ [a-z]+)?/g, 'after <duration>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)/g, '<rfc3339>')
    .replace(/^\d+,/gm, '<unix>,')
    .split('\n');
  const tail = lines.findIndex((l) => l.includes('Builds finished'));
  return tail < 0 ? lines : [...lines.slice(0, tail + 1), ...lines.slice(tail + 1).sort()];
}

const nullArtifact = 'Did not export anything. This is the null builder';

/** The calls `packer build` makes for ok/build.pkr.hcl (what the build runner will do). */
function replayOk(ui: RootUi): void {
  const builds = ui.forBuilds(['null.a', 'null.b']);
  for (const build of builds) {
    build.say('Running local shell script: /tmp/packer-shell1184171586');
    for (const line of ['hello, world', `pw=${SECRET}`, 'x', 'y']) build.message(line);
    build.plain.say(`Build '${build.name}' finished after 24 milliseconds 353 microseconds.`);
  }
  ui.say('\n==> Wait completed after 35 milliseconds 900 microseconds');
  ui.say('\n==> Builds finished. The artifacts of successful builds are:');
  for (const build of builds) {
    build.plain.machine('artifact-count', '1');
    build.plain.machine('artifact', '0', 'builder-id', 'fnoeding.null');
    build.plain.machine('artifact', '0', 'id', 'Null');
    build.plain.machine('artifact', '0', 'string', nullArtifact);
    build.plain.machine('artifact', '0', 'files-count', '0');
    build.plain.machine('artifact', '0', 'end');
    ui.say(`--> ${build.name}: ${nullArtifact}`);
  }
}

function replayFail(ui: RootUi): void {
  const [build] = ui.forBuilds(['null.a']);
  const error = 'Script exited with non-zero exit status: 3.Allowed exit codes are: [0]';
  build!.say('Running local shell script: /tmp/packer-shell1350252754');
  build!.message('one');
  build!.say('Provisioning step had errors: Running the cleanup provisioner, if present...');
  build!.plain.error(`Build 'null.a' errored after 10 milliseconds 791 microseconds: ${error}`);
  ui.say('\n==> Wait completed after 10 milliseconds 834 microseconds');
  ui.machine('error-count', '1');
  ui.error("\n==> Some builds didn't complete successfully and had errors:");
  build!.plain.machine('error', error);
  ui.error(`--> null.a: ${error}`);
  ui.say('\n==> Builds finished but no artifacts were created.');
}

describe('line formats match packer build 1.6.6 (its Message lines in the 1.13+ form)', () => {
  test('human output with colours: announcements, ==> lines, build colours, summary', () => {
    const packer = packerBuild('ok', []);
    expect(packer).toContain('\u001b[1;36mnull.b: output will be in this color.\u001b[0m');
    expect(packer).toContain('\u001b[0;36m    null.b: hello, world\u001b[0m'); // what asCurrentPackerMessages converts
    const { ui, output } = captured();
    replayOk(ui);
    expect(normalize(output())).toEqual(normalize(asCurrentPackerMessages(packer)));
  });

  test('-machine-readable: targets, ui say, escaping; secrets masked (1.6.6 leaked them here)', () => {
    const packer = packerBuild('ok', ['-machine-readable']);
    // Deliberate difference: 1.6.6 did not scrub machine-readable data; current Packer does, and so do we.
    expect(packer).toContain(`pw=${SECRET}`);
    const { ui, output } = captured({ machineReadable: true });
    replayOk(ui);
    expect(output()).not.toContain(SECRET);
    expect(normalize(output())).toEqual(normalize(asCurrentPackerMessages(packer.replaceAll(SECRET, '<sensitive>'))));
  });

  test('-timestamp-ui with colours, and a failed build (error in red, summary not stamped)', () => {
    const packer = packerBuild('fail', ['-timestamp-ui']);
    expect(packer).toMatch(/^\u001b\[1;31m\d{4}-\d\d-\d\dT[^ ]+: Build 'null.a' errored/m);
    const { ui, output } = captured({ timestamp: true });
    replayFail(ui);
    expect(normalize(output())).toEqual(normalize(asCurrentPackerMessages(packer)));
  });

  test('-timestamp-ui -machine-readable: the stamp goes inside the ui data', () => {
    const packer = packerBuild('fail', ['-timestamp-ui', '-machine-readable']);
    const { ui, output } = captured({ timestamp: true, machineReadable: true });
    replayFail(ui);
    expect(normalize(output())).toEqual(normalize(asCurrentPackerMessages(packer)));
  });

  test('-color=false and PACKER_NO_COLOR: no escape codes', () => {
    const packer = packerBuild('fail', ['-color=false']);
    const off = captured({ color: false });
    replayFail(off.ui);
    expect(normalize(off.output())).toEqual(normalize(asCurrentPackerMessages(packer)));
    // PACKER_NO_COLOR keeps the announcement but drops the codes (Packer's ColoredUi.supportsColors).
    const noColor = captured({ env: { PACKER_NO_COLOR: '1' } });
    replayFail(noColor.ui);
    expect(noColor.output()).not.toContain('\u001b[');
    expect(noColor.output()).toMatch(/^null\.a: output will be in this color\.\n\n==> null\.a: Running/);
  });
});

test('asCurrentPackerMessages: only the Message lines of 1.6.6 change, in every output mode', () => {
  const stamp = '2026-12-04T17:04:13Z';
  const human = [
    '\u001b[1;32mnull.a: output will be in this color.\u001b[0m',
    '\u001b[1;32m==> null.a: Running local shell script: /tmp/packer-shell1\u001b[0m',
    '\u001b[0;32m    null.a: hello, world\u001b[0m',
    '\u001b[1;36m==> null.b (shell-local): Running local shell script: /tmp/packer-shell2\u001b[0m',
    '\u001b[0;36m    null.b (shell-local): first',
    '    null.b (shell-local): second',
    '    null.b (shell-local):\u001b[0m',
    `\u001b[0;32m${stamp}:     null.a: one\u001b[0m`,
    `${stamp}:     null.a: plain`,
    "\u001b[1;31mBuild 'null.a' errored after 1 second: failed:\u001b[0m",
    '    detail: not a target: kept',
    '    Run with PACKER_LOG=1 for details',
    '--> null.a: Did not export anything. This is the null builder',
    '==> null.a: said',
  ].join('\n');
  expect(asCurrentPackerMessages(human).split('\n')).toEqual([
    '\u001b[1;32mnull.a: output will be in this color.\u001b[0m',
    '\u001b[1;32m==> null.a: Running local shell script: /tmp/packer-shell1\u001b[0m',
    '\u001b[1;32m==> null.a: hello, world\u001b[0m',
    '\u001b[1;36m==> null.b (shell-local): Running local shell script: /tmp/packer-shell2\u001b[0m',
    '\u001b[1;36m==> null.b (shell-local): first',
    '==> null.b (shell-local): second',
    '==> null.b (shell-local):\u001b[0m',
    `\u001b[1;32m${stamp}: ==> null.a: one\u001b[0m`,
    `${stamp}: ==> null.a: plain`,
    "\u001b[1;31mBuild 'null.a' errored after 1 second: failed:\u001b[0m",
    '    detail: not a target: kept',
    '    Run with PACKER_LOG=1 for details',
    '--> null.a: Did not export anything. This is the null builder',
    '==> null.a: said',
  ]);
  const machine = [
    '1796403854,,ui,message,    null.a: hello%!(PACKER_COMMA) world',
    `1796403854,,ui,message,${stamp}:     null.a (shell-local): x\\n    null.a (shell-local): y`,
    '1796403854,,ui,say,==> null.a: Running local shell script: /tmp/packer-shell1',
    '1796403854,,ui,say,==> null.a (shell-local): Running local shell script: /tmp/packer-shell2',
    '1796403854,,ui,error,    null.a: an error text that looks like a message',
    '1796403854,null.a,error,    null.a: kept',
    '1796403854,,ui,message,    other: never said, kept',
  ].join('\n');
  expect(asCurrentPackerMessages(machine).split('\n')).toEqual([
    '1796403854,,ui,say,==> null.a: hello%!(PACKER_COMMA) world',
    `1796403854,,ui,say,${stamp}: ==> null.a (shell-local): x\\n==> null.a (shell-local): y`,
    '1796403854,,ui,say,==> null.a: Running local shell script: /tmp/packer-shell1',
    '1796403854,,ui,say,==> null.a (shell-local): Running local shell script: /tmp/packer-shell2',
    '1796403854,,ui,error,    null.a: an error text that looks like a message',
    '1796403854,null.a,error,    null.a: kept',
    '1796403854,,ui,message,    other: never said, kept',
  ]);
});

// ---------------------------------------------------------------------------------------------------------------

describe('colours', () => {
  test("builds cycle through Packer's five colours; say and message bold (Packer 1.13+), error bold red", () => {
    const { ui, output } = captured({ color: true });
    const names = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'];
    const uis = ui.forBuilds(names);
    expect(output().split('\n').slice(0, 7)).toEqual([
      '\u001b[1;32mb0: output will be in this color.\u001b[0m',
      '\u001b[1;36mb1: output will be in this color.\u001b[0m',
      '\u001b[1;35mb2: output will be in this color.\u001b[0m',
      '\u001b[1;33mb3: output will be in this color.\u001b[0m',
      '\u001b[1;34mb4: output will be in this color.\u001b[0m',
      '\u001b[1;32mb5: output will be in this color.\u001b[0m',
      '',
    ]);
    const before = output().length;
    uis[2]!.say('s');
    uis[2]!.message('m');
    uis[2]!.error('e');
    expect(output().slice(before)).toBe('\u001b[1;35m==> b2: s\u001b[0m\n\u001b[1;35m==> b2: m\u001b[0m\n\u001b[1;31m==> b2: e\u001b[0m\n');
  });

  test("a post-processor target and a repeated name keep the build's colour", () => {
    const { ui, output } = captured();
    ui.forBuild('null.a');
    ui.forBuild('null.b');
    ui.forBuild('null.a (manifest)').say('x');
    ui.forBuild('null.b').withTarget('null.b (shell-local)').say('y');
    expect(output()).toBe('\u001b[1;32m==> null.a (manifest): x\u001b[0m\n\u001b[1;36m==> null.b (shell-local): y\u001b[0m\n');
  });

  test('NO_COLOR drops escape codes; machine-readable is never coloured nor announced', () => {
    const noColor = captured({ env: { NO_COLOR: '1' } });
    noColor.ui.forBuilds(['a'])[0]!.error('bad');
    expect(noColor.output()).toBe('a: output will be in this color.\n\n==> a: bad\n');
    const machine = captured({ machineReadable: true, now: () => new Date(1_700_000_000_000) });
    machine.ui.forBuilds(['a'])[0]!.error('bad');
    expect(machine.output()).toBe('1700000000,,ui,error,==> a: bad\n');
  });

  test('multi-line say and message: every line prefixed with ==>, then trailing whitespace of the whole text trimmed (TargetedUI)', () => {
    const { ui, output } = captured({ color: false });
    const build = ui.forBuild('null.a');
    build.say('one\ntwo\n\n');
    build.message('x\ny\n');
    expect(output()).toBe('==> null.a: one\n==> null.a: two\n==> null.a: \n==> null.a:\n==> null.a: x\n==> null.a: y\n==> null.a:\n');
  });
});

describe('timestamps', () => {
  test("RFC3339 at the local offset: Go's Z for UTC, ±hh:mm otherwise", () => {
    const instant = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(rfc3339Local(instant, 0)).toBe('2026-01-02T03:04:05Z');
    expect(rfc3339Local(instant, -300)).toBe('2026-01-01T22:04:05-05:00');
    expect(rfc3339Local(instant, 330)).toBe('2026-01-02T08:34:05+05:30');
    // By default the process's own zone, as Go's time.Now().Format(time.RFC3339).
    expect(rfc3339Local(instant)).toBe(rfc3339Local(instant, -instant.getTimezoneOffset()));
    const local = new Date(2026, 0, 2, 3, 4, 5);
    expect(rfc3339Local(local).slice(0, 19)).toBe('2026-01-02T03:04:05');
    expect(goLogTime(local)).toBe('2026/01/02 03:04:05');
  });

  test('one stamp per call on build lines, none on root lines', () => {
    const { ui, output } = captured({ color: false, timestamp: true, now: () => new Date(2026, 11, 4, 16, 0, 0) });
    const build = ui.forBuild('null.a');
    const stamp = rfc3339Local(new Date(2026, 11, 4, 16, 0, 0));
    expect(stamp).toMatch(/^2026-12-04T16:00:00(Z|[+-]\d\d:\d\d)$/);
    build.say('a\nb');
    build.plain.say("Build 'null.a' finished after 1 second.");
    ui.say('==> Wait completed after 1 second');
    expect(output()).toBe(
      `${stamp}: ==> null.a: a\n==> null.a: b\n${stamp}: Build 'null.a' finished after 1 second.\n==> Wait completed after 1 second\n`,
    );
  });
});

describe('secret masking in every sink', () => {
  const secrets = new Set(['abc', 'abcdef', 'pa,ss\nword']);

  test('human output: say, message, error, root lines, progress labels, questions; longest first', async () => {
    const input = new PassThrough();
    const { ui, output } = captured({ secrets, color: false, interactive: false, input });
    const build = ui.forBuild('b');
    build.say('key=abcdef');
    build.message('x abc y');
    build.error('failed with pa,ss\nword');
    ui.say('root abc');
    ui.error('root abcdef');
    build.progress('uploading abc').done();
    await expect(build.ask('abc?')).rejects.toThrow(/no available tty/);
    const text = output();
    expect(text).not.toMatch(/abc|pa,ss|word/);
    expect(text).toContain('==> b: key=<sensitive>\n');
    expect(text).toContain('==> b: failed with <sensitive>\n');
  });

  test('machine-readable: data masked before escaping', () => {
    const { ui, output } = captured({ secrets, machineReadable: true, now: () => new Date(0) });
    const build = ui.forBuild('b');
    build.say('pa,ss\nword');
    build.machine('artifact', '0', 'id', 'abcdef-1');
    ui.machine('error', 'x abc');
    expect(output()).toBe('0,,ui,say,==> b: <sensitive>\n0,b,artifact,0,id,<sensitive>-1\n0,,error,x <sensitive>\n');
  });

  test('a secret registered after the UI was created is masked too', () => {
    const grown = new Set<string>();
    const { ui, output } = captured({ secrets: grown, color: false });
    grown.add('late-secret');
    ui.forBuild('b').say('value late-secret');
    expect(output()).toBe('==> b: value <sensitive>\n');
  });

  test('log file: debug lines and ui copies masked', () => {
    const file = path.join(work, 'masked.log');
    const logger = createLogger({ env: { PACKER_LOG: '1', PACKER_LOG_PATH: file }, secrets });
    const { ui } = captured({ secrets, color: false, logger });
    logger.log('[DEBUG] token abcdef');
    ui.forBuild('b').say('uses abc');
    logger.close();
    const log = fs.readFileSync(file, 'utf8');
    expect(log).not.toMatch(/abc/);
    expect(log).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[DEBUG\] token <sensitive>\n\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d ui: ==> b: uses <sensitive>\n$/);
  });
});

describe('debug log', () => {
  test('off unless TSPACKER_LOG / PACKER_LOG is set (and not 0)', () => {
    expect(createLogger({ env: {} }).enabled).toBe(false);
    expect(createLogger({ env: { PACKER_LOG: '0' } }).enabled).toBe(false);
    expect(createLogger({ env: { PACKER_LOG: '' } }).enabled).toBe(false);
    expect(createLogger({ env: { TSPACKER_LOG: '1' } }).enabled).toBe(true);
    expect(createLogger({ env: { PACKER_LOG: 'true' } }).enabled).toBe(true);
  });

  test('stderr by default, without the ui copies (they are already on stdout)', () => {
    let err = '';
    const logger = createLogger({ env: { TSPACKER_LOG: '1' }, writeStderr: (t) => void (err += t), now: () => new Date(2026, 0, 2, 3, 4, 5) });
    logger.log('[INFO] starting');
    logger.ui('ui', 'hello');
    expect(err).toBe('2026/01/02 03:04:05 [INFO] starting\n');
    expect(logger.path).toBeUndefined();
  });

  test('TSPACKER_LOG_PATH wins over PACKER_LOG_PATH; the file is truncated', () => {
    const mine = path.join(work, 'tspacker.log');
    const theirs = path.join(work, 'packer.log');
    fs.writeFileSync(mine, 'old contents\n');
    const logger = createLogger({ env: { PACKER_LOG: '1', TSPACKER_LOG_PATH: mine, PACKER_LOG_PATH: theirs } });
    logger.log('[INFO] one');
    logger.close();
    expect(fs.readFileSync(mine, 'utf8')).toMatch(/^[\d/]+ [\d:]+ \[INFO\] one\n$/);
    expect(fs.existsSync(theirs)).toBe(false);
  });

  test('an unwritable log path is a clear error', () => {
    expect(() => createLogger({ env: { PACKER_LOG: '1', PACKER_LOG_PATH: path.join(work, 'missing', 'x.log') } })).toThrow(
      /^Couldn't setup log output: ENOENT/,
    );
  });
});

describe('progress', () => {
  test('not interactive: a start line and a finish line with the elapsed time', () => {
    let t = 0;
    const { ui, output } = captured({ color: false, now: () => new Date(t) });
    const progress = ui.forBuild('null.a').progress('Uploading files...');
    progress.update('10 MB'); // no line per update
    t = 2_500;
    progress.done();
    progress.done(); // once only
    expect(output()).toBe('==> null.a: Uploading files...\n==> null.a: Uploading files: done after 2.5s\n');
  });

  test('a finish line says how it ended when it did not succeed', () => {
    let t = 0;
    const { ui, output } = captured({ color: false, now: () => new Date(t) });
    const progress = ui.forBuild('null.a').progress('Connecting to root@127.0.0.1:22');
    t = 7_000;
    progress.done('timed out');
    expect(output()).toBe('==> null.a: Connecting to root@127.0.0.1:22\n==> null.a: Connecting to root@127.0.0.1:22: timed out after 7.0s\n');
  });

  test('`since`: a progress shown after its activity began counts from then (plain lines and spinner)', () => {
    let t = 5_000;
    const plain = captured({ color: false, now: () => new Date(t) });
    const waiting = plain.ui.forBuild('null.a').progress('Waiting for instance i-1 to be running', { since: 0 });
    t = 15_800;
    waiting.done();
    expect(plain.output()).toMatch(/Waiting for instance i-1 to be running: done after 15\.8s\n$/);

    t = 5_000;
    const spinning = captured({ color: false, interactive: true, now: () => new Date(t) });
    try {
      const progress = spinning.ui.forBuild('null.a').progress('Waiting for AMI', { since: 1_000 });
      expect(spinning.output()).toMatch(/null\.a: Waiting for AMI \(4\.0s\)/);
      t = 9_000;
      progress.done();
      expect(spinning.output()).toMatch(/==> null\.a: Waiting for AMI: done after 8\.0s\n$/);
    } finally {
      spinning.ui.close();
    }
  });

  test('interactive: an ora spinner with elapsed time; lines are written above it; a finish line', () => {
    let t = 0;
    const { ui, output } = captured({ color: false, interactive: true, now: () => new Date(t) });
    try {
      const build = ui.forBuild('null.a');
      const progress = build.progress('Waiting for SSH');
      expect(output()).toMatch(/null\.a: Waiting for SSH \(0\.0s\)/);
      expect(output()).not.toContain('==> null.a: Waiting for SSH\n');
      expect(output()).toContain('\u001b[1G'); // ora's redraw: back to column 1
      progress.update('attempt 2');
      t = 61_000;
      build.say('in between');
      expect(output()).toContain('==> null.a: in between\n');
      expect(output()).toMatch(/null\.a: Waiting for SSH attempt 2 \(1m01s\)/);
      progress.done();
      expect(output()).toMatch(/==> null\.a: Waiting for SSH: done after 1m01s\n$/);
    } finally {
      ui.close();
    }
  });

  test('a terminal that reports 0 columns (a pty without a size) still clears exactly the spinner lines', () => {
    let out = '';
    const board = new SpinnerBoard({ write: (t) => void (out += t), color: false, columns: 0, now: () => 0 });
    const one = board.begin('a: ', 'one');
    const two = board.begin('b: ', 'two');
    board.around(() => void (out += 'line\n'));
    one.done();
    two.done();
    expect(board.spinning).toBe(false);
    expect(out).not.toContain('truncated');
    // Two spinner lines: each clear moves up at most once.
    expect(out.split('\u001b[1A').length - 1).toBeLessThanOrEqual(3);
    expect(out).toContain('a: one (0.0s)\nb: two (0.0s)');
  });

  test('machine-readable: plain ui lines, never a spinner', () => {
    const { ui, output } = captured({ machineReadable: true, interactive: true, now: () => new Date(0) });
    ui.forBuild('b').progress('Copying').done();
    expect(output()).toBe('0,,ui,say,==> b: Copying\n0,,ui,say,==> b: Copying: done after 0.0s\n');
  });
});

describe('ask', () => {
  test('reads one trimmed line per question, answers that arrive together are kept', async () => {
    const input = new PassThrough();
    const { ui, output } = captured({ color: false, interactive: true, input });
    const build = ui.forBuild('null.a');
    const first = build.ask('Continue?');
    input.write('  yes \nno\n');
    await expect(first).resolves.toBe('yes');
    await expect(ui.ask('Again?')).resolves.toBe('no');
    expect(output()).toBe('==> null.a: Continue? Again? ');
    input.end();
    await expect(ui.ask('More?')).rejects.toThrow('input closed');
  });

  test('a question hides the spinner until it is answered', async () => {
    const input = new PassThrough();
    const { ui, output } = captured({ color: false, interactive: true, input, now: () => new Date(0) });
    try {
      const build = ui.forBuild('null.a');
      const progress = build.progress('Waiting');
      const answer = build.ask('Continue?');
      await new Promise((r) => setImmediate(r));
      // The spinner line was cleared (column 1, erase line) right before the question.
      expect(output()).toMatch(/\u001b\[1G\u001b\[0K==> null\.a: Continue\? $/);
      input.write('y\n');
      await expect(answer).resolves.toBe('y');
      expect(output().slice(output().lastIndexOf('Continue? '))).toContain('null.a: Waiting (0.0s)');
      progress.done();
    } finally {
      ui.close();
    }
  });

  test('not interactive or machine-readable: rejects with a clear error', async () => {
    await expect(captured().ui.forBuild('b').ask('Continue?')).rejects.toThrow(
      'Cannot ask "==> b: Continue?": no available tty (stdin and stdout must be a terminal to answer questions)',
    );
    await expect(captured({ machineReadable: true, interactive: true }).ui.ask('q')).rejects.toThrow("machine-readable UI can't ask");
  });
});

test('machineReadableLine: trailing comma without data, CR/LF/comma escaped', () => {
  expect(machineReadableLine(new Date(1500), 't', 'ui', [])).toBe('1,t,ui,\n');
  expect(machineReadableLine(new Date(0), '', 'ui', ['say', 'a,b\r\nc'])).toBe('0,,ui,say,a%!(PACKER_COMMA)b\\r\\nc\n');
});
