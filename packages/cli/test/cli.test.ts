// Top-level command handling of the built binary: command list, exit codes, help, version, flags before the
// command. Where Packer 1.6.6 behaves as current Packer (everything here except the version text), the
// output is compared with it, with "packer" swapped for "tspacker".
import { packer, tspacker } from './run.js';

const LIST =
  'Usage: tspacker [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n' +
  '    build           build image(s) from template\n' +
  '    console         creates a console for testing variable interpolation\n' +
  '    fmt             Rewrites HCL2 config files to canonical format\n' +
  '    hcl2_upgrade    transform a JSON template into an HCL2 configuration\n' +
  '    init            Install missing plugins or upgrade plugins\n' +
  '    inspect         see components of a template\n' +
  '    local-cloud     runs a local EC2 endpoint with real instances\n' +
  '    plugins         Interact with tspacker plugins and catalog\n' +
  '    validate        check that a template is valid\n' +
  '    version         Prints the tspacker version\n\n';

describe('command list', () => {
  test('no command: the list, exit 127, like packer', () => {
    const r = tspacker([]);
    expect(r).toEqual({ stdout: LIST, stderr: '', status: 127 });
    const p = packer([]);
    expect(p.status).toBe(127);
    expect(p.stdout.startsWith('Usage: packer [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n')).toBe(true);
    expect(p.stdout.endsWith('\n\n')).toBe(true);
  });

  test('an unknown command: the list, exit 127', () => {
    expect(tspacker(['build-all-the-things'])).toEqual({ stdout: LIST, stderr: '', status: 127 });
    expect(packer(['build-all-the-things']).status).toBe(127);
  });

  test('-h, -help, --help: the list, exit 0', () => {
    for (const h of ['-h', '-help', '--help']) expect(tspacker([h])).toEqual({ stdout: LIST, stderr: '', status: 0 });
    expect(packer(['--help']).status).toBe(0);
  });

  test('help for a command anywhere in its arguments, exit 0', () => {
    const r = tspacker(['fmt', '-check', '-h', 'x.pkr.hcl']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('Usage: tspacker fmt [options] [TEMPLATE]\n')).toBe(true);
    const c = tspacker(['console', '--help']);
    expect(c.status).toBe(0);
    expect(c.stdout.startsWith('Usage: tspacker console [options] [TEMPLATE]\n')).toBe(true);
    expect(tspacker(['version', '-help'])).toEqual({ stdout: 'Prints the tspacker version.\n', stderr: '', status: 0 });
    // Packer: same exit code, help text from the command.
    expect(packer(['fmt', '-check', '-h', 'x.pkr.hcl']).status).toBe(0);
  });
});

describe('flags before the command', () => {
  test('are refused with the command help, exit 1', () => {
    const r = tspacker(['-check', 'fmt', 'x.pkr.hcl']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Invalid flags before the subcommand\. If these flags are for\nthe subcommand, please put them after the subcommand\.\n\nUsage: tspacker fmt /);
    const p = packer(['-check', 'fmt', 'x.pkr.hcl']);
    expect(p.status).toBe(1);
    expect(p.stdout).toMatch(/^Invalid flags before the subcommand\. If these flags are for\nthe subcommand, please put them after the subcommand\.\n\nUsage: packer fmt /);
  });

  test('without a command: the list, exit 127', () => {
    expect(tspacker(['-foo'])).toEqual({ stdout: LIST, stderr: '', status: 127 });
    expect(packer(['-foo']).status).toBe(127);
  });
});

describe('version', () => {
  const VERSION = /^tspacker v\d+\.\d+\.\d+(-[\w.]+)?\n$/;

  test('prints one line and ignores arguments', () => {
    const r = tspacker(['version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(VERSION);
    expect(tspacker(['version', 'extra', '-x'])).toEqual(r);
    expect(packer(['version', 'extra', '-x']).status).toBe(0);
  });

  test('-v, -version and --version before the command run it', () => {
    const r = tspacker(['version']);
    for (const v of ['-v', '-version', '--version']) expect(tspacker([v])).toEqual(r);
    expect(tspacker(['--version', 'fmt', 'x'])).toEqual(r);
  });

  test('-machine-readable: Packer\'s events, then the line as a "ui" event', () => {
    const r = tspacker(['-machine-readable', 'version']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d+,,version,\d+\.\d+\.\d+$/);
    expect(lines[1]).toMatch(/^\d+,,version-prelease,$/);
    expect(lines[2]).toMatch(/^\d+,,version-commit,$/);
    expect(lines[3]).toMatch(/^\d+,,ui,say,tspacker v\d+\.\d+\.\d+$/);
    expect(lines.length).toBe(5);
    // Same shape as packer's.
    const p = packer(['-machine-readable', 'version']).stdout.split('\n');
    expect(p.map((l) => l.replace(/^\d+,/, 'T,').replace(/1\.6\.6|Packer/g, 'V'))).toEqual(
      lines.map((l) => l.replace(/^\d+,/, 'T,').replace(/\d+\.\d+\.\d+|tspacker/g, 'V')),
    );
  });
});

describe('user errors never show a stack trace', () => {
  test.each([
    [['fmt', '-nope', 'x.pkr.hcl']],
    [['fmt', '-check=maybe', 'x.pkr.hcl']],
    [['fmt', '/definitely/not/here.pkr.hcl']],
    [['console', '-var']],
    [['console', '-var', 'novalue']],
    [['console', '-config-type=xml']],
  ])('%j', (args) => {
    const r = tspacker(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });
});
