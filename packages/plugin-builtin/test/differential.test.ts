// Differential test against Packer 1.6.6 (`packer` on PATH): small HCL2 templates, each with one component
// under test, validated by `packer validate`; the same component body decoded with decodeConfig +
// configFromValue and prepared by our component must give the diagnostics Packer prints, byte for byte (framed
// as 1.6.6 frames them: builder errors as the summary, provisioner/post-processor errors as the detail of
// "Failed preparing …-block"). Only cases where 1.6.6 and 1.16 agree (compared in the Go sources) are here.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyContent, parseConfig, renderDiagnostics, type Block, type Diagnostic } from '@tspacker/hcl';
import { configFromValue, decodeConfig, type CoreInfo, type PrepareResult } from '@tspacker/sdk';
import { builtinComponents, prepareErrorText } from '@tspacker/plugin-builtin';

const registry = builtinComponents();
const core: CoreInfo = {
  buildName: 'a',
  builderType: 'null',
  coreVersion: '1.6.6',
  debug: false,
  force: false,
  onError: 'cleanup',
  sensitiveVariables: [],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plugin-builtin-diff-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'script.sh'), 'echo hi\n');
  writeFileSync(join(dir, 'not-a-key'), 'just text\n');
  writeFileSync(join(dir, 'rsa-key'), generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(
    join(dir, 'encrypted-key'),
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n',
  );
  writeFileSync(join(dir, 'dsa-key'), '-----BEGIN FOO PRIVATE KEY-----\nAAAA\n-----END FOO PRIVATE KEY-----\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function packerValidate(template: string): { stdout: string; status: number | null } {
  const file = join(dir, 'case.pkr.hcl');
  writeFileSync(file, template);
  const run = spawnSync('packer', ['validate', file], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' },
  });
  return { stdout: run.stdout, status: run.status };
}

// What our components make of the template's component under test, framed as Packer 1.6.6 prints it.
function ourOutput(template: string, kind: 'builder' | 'provisioner' | 'post-processor'): string {
  const file = join(dir, 'case.pkr.hcl');
  const { body, diags } = parseConfig(template, file);
  expect(diags).toEqual([]);
  const top = bodyContent(body, {
    blocks: [
      { type: 'source', labelNames: ['type', 'name'] },
      { type: 'build', labelNames: [] },
    ],
  }).content.blocks;
  const source = top.find((b) => b.type === 'source')!;
  const build = top.find((b) => b.type === 'build')!;
  let block: Block;
  let component;
  if (kind === 'builder') {
    block = source;
    component = registry.builders.get(source.labels[0]!)!;
  } else {
    const inner = bodyContent(build.body, {
      attributes: [{ name: 'sources' }],
      blocks: [
        { type: 'provisioner', labelNames: ['type'] },
        { type: 'post-processor', labelNames: ['type'] },
      ],
    }).content.blocks.filter((b) => b.type === kind);
    expect(inner).toHaveLength(1);
    block = inner[0]!;
    component = (kind === 'provisioner' ? registry.provisioners : registry.postProcessors).get(block.labels[0]!)!;
  }
  const decoded = decodeConfig(block.body, component.configSpec);
  expect(decoded.diags).toEqual([]);
  const { config, errors } = configFromValue(component.configSpec, decoded.value);
  expect(errors).toEqual([]);
  const result: PrepareResult = component.prepare(config, core);
  const out: Diagnostic[] = [];
  const error = prepareErrorText(result);
  if (kind === 'builder') {
    for (const w of result.warnings ?? []) out.push({ severity: 'warning', summary: w, subject: block.defRange });
    if (error !== undefined) out.push({ severity: 'error', summary: error, subject: block.defRange });
  } else if (error !== undefined) {
    out.push({
      severity: 'error',
      summary: `Failed preparing ${kind}-block "${block.labels[0]}" ""`,
      detail: error,
      subject: block.defRange,
    });
  }
  // Packer prints errors with ui.Error (one more newline) and warnings with ui.Say.
  return out.map((d) => renderDiagnostics([d]) + (d.severity === 'error' ? '\n' : '')).join('');
}

const NONE = 'source "null" "a" {\n  communicator = "none"\n}\n';
const build = (inner: string, source = 'null') => `build {\n  sources = ["source.${source}.a"]\n${inner}}\n`;
const provisioner = (type: string, body: string) => NONE + build(`  provisioner "${type}" {\n${body}  }\n`);
const postProcessor = (type: string, body: string) => NONE + build(`  post-processor "${type}" {\n${body}  }\n`);
const builder = (type: string, body: string) => `source "${type}" "a" {\n${body}}\n` + build('', type);

type Case = [name: string, kind: 'builder' | 'provisioner' | 'post-processor', template: (dir: string) => string];

const cases: Case[] = [
  ['null builder without communicator settings', 'builder', () => builder('null', '')],
  ['null builder with winrm and nothing else', 'builder', () => builder('null', '  communicator = "winrm"\n')],
  ['null builder with an unknown communicator', 'builder', () => builder('null', '  communicator = "telnet"\n')],
  [
    'null builder: missing key file, bad transfer method, password and key',
    'builder',
    (d) =>
      builder(
        'null',
        `  ssh_host = "h"\n  ssh_username = "u"\n  ssh_password = "p"\n  ssh_private_key_file = "${d}/nope"\n` +
          '  ssh_file_transfer_method = "ftp"\n',
      ),
  ],
  [
    'null builder: key file without a PEM block',
    'builder',
    (d) => builder('null', `  ssh_host = "h"\n  ssh_username = "u"\n  ssh_private_key_file = "${d}/not-a-key"\n`),
  ],
  [
    'null builder: key file of an unknown key type',
    'builder',
    (d) => builder('null', `  ssh_host = "h"\n  ssh_username = "u"\n  ssh_private_key_file = "${d}/dsa-key"\n`),
  ],
  [
    'null builder: agent auth and a password',
    'builder',
    () => builder('null', '  ssh_host = "h"\n  ssh_username = "u"\n  ssh_password = "p"\n  ssh_agent_auth = true\n'),
  ],
  ['null builder: a valid ssh configuration', 'builder', () => builder('null', '  ssh_host = "h"\n  ssh_username = "u"\n  ssh_password = "p"\n')],
  [
    'null builder: a usable RSA key file',
    'builder',
    (d) => builder('null', `  ssh_host = "h"\n  ssh_username = "u"\n  ssh_private_key_file = "${d}/rsa-key"\n`),
  ],
  [
    'null builder: a password-protected PEM key',
    'builder',
    (d) => builder('null', `  ssh_host = "h"\n  ssh_username = "u"\n  ssh_private_key_file = "${d}/encrypted-key"\n`),
  ],
  ['null builder: winrm, complete', 'builder', () => builder('null', '  communicator = "winrm"\n  winrm_host = "h"\n  winrm_username = "u"\n  winrm_password = "p"\n')],
  ['file builder without anything', 'builder', () => builder('file', '')],
  ['file builder with source and content', 'builder', () => builder('file', '  target = "t"\n  source = "s"\n  content = "c"\n')],
  ['shell-local without command, inline or script', 'provisioner', () => provisioner('shell-local', '')],
  ['shell-local with command and inline', 'provisioner', () => provisioner('shell-local', '    command = "a"\n    inline = ["b"]\n')],
  ['shell-local with script and scripts', 'provisioner', (d) => provisioner('shell-local', `    script = "${d}/script.sh"\n    scripts = ["${d}/script.sh"]\n`)],
  ['shell-local with an unknown OS in only_on', 'provisioner', () => provisioner('shell-local', '    inline = ["a"]\n    only_on = ["linux", "beos"]\n')],
  [
    'shell-local with a missing script and bad environment variables',
    'provisioner',
    (d) => provisioner('shell-local', `    scripts = ["${d}/missing.sh"]\n    environment_vars = ["A=1", "=x", "noequals"]\n`),
  ],
  ['shell-local with use_linux_pathing and a script', 'provisioner', (d) => provisioner('shell-local', `    script = "${d}/script.sh"\n    use_linux_pathing = true\n`)],
  ['shell-local with use_linux_pathing and inline', 'provisioner', () => provisioner('shell-local', '    inline = ["a"]\n    use_linux_pathing = true\n')],
  ['shell-local, valid', 'provisioner', () => provisioner('shell-local', '    inline = ["echo hi"]\n    environment_vars = ["A=1"]\n')],
  ['file provisioner with a missing source and no destination', 'provisioner', (d) => provisioner('file', `    source = "${d}/missing"\n`)],
  ['file provisioner with a bad direction', 'provisioner', (d) => provisioner('file', `    source = "${d}/script.sh"\n    destination = "/tmp/x"\n    direction = "sideways"\n`)],
  ['file provisioner, generated source', 'provisioner', (d) => provisioner('file', `    source = "${d}/later"\n    destination = "/tmp/"\n    generated = true\n`)],
  ['shell without script or inline', 'provisioner', () => provisioner('shell', '')],
  ['shell with script, scripts and inline', 'provisioner', (d) => provisioner('shell', `    script = "${d}/script.sh"\n    scripts = ["${d}/script.sh"]\n    inline = ["a"]\n`)],
  ['shell with a directory as script', 'provisioner', (d) => provisioner('shell', `    scripts = ["${d}/sub/x.sh", "${d}/script.sh/y"]\n`)],
  ['file provisioner with several missing sources', 'provisioner', (d) => provisioner('file', `    sources = ["${d}/m1", "${d}/script.sh", "${d}/m2"]\n    destination = "/tmp/"\n`)],
  ['windows-shell with script and scripts', 'provisioner', (d) => provisioner('windows-shell', `    script = "${d}/script.sh"\n    scripts = ["${d}/missing.bat"]\n`)],
  ['powershell with a script and inline', 'provisioner', (d) => provisioner('powershell', `    script = "${d}/script.sh"\n    inline = ["a"]\n`)],
  ['windows-shell without script or inline', 'provisioner', () => provisioner('windows-shell', '    environment_vars = ["X"]\n')],
  ['powershell: password without user, bad policy number, bad debug mode', 'provisioner', () => provisioner('powershell', '    inline = ["a"]\n    elevated_password = "p"\n    execution_policy = "12"\n    debug_mode = 3\n')],
  ['powershell with an unknown execution policy', 'provisioner', () => provisioner('powershell', '    inline = ["a"]\n    execution_policy = "whatever"\n')],
  ['powershell, valid', 'provisioner', () => provisioner('powershell', '    inline = ["a"]\n    execution_policy = "remotesigned"\n    debug_mode = 2\n')],
  ['breakpoint', 'provisioner', () => provisioner('breakpoint', '    note = "n"\n    disable = true\n')],
  ['windows-restart', 'provisioner', () => provisioner('windows-restart', '    restart_timeout = "10m"\n    registry_keys = []\n')],
  // (sleep is left out: 1.6.6 crashes preparing it in HCL2 mode.)
  ['checksum with unknown types', 'post-processor', () => postProcessor('checksum', '    checksum_types = ["md4", "sha256", "crc32"]\n')],
  // (A bad `output` template is rejected while decoding, "invalid 'output': …", before the plugin's own check.)
  ['checksum with every known type', 'post-processor', () => postProcessor('checksum', '    checksum_types = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]\n')],
  ['artifice without files', 'post-processor', () => postProcessor('artifice', '    keep_input_artifact = true\n')],
  ['manifest with odd options', 'post-processor', () => postProcessor('manifest', '    output = ""\n    strip_path = true\n    strip_time = true\n    custom_data = { a = "b" }\n')],
  ['compress with an odd level and format', 'post-processor', () => postProcessor('compress', '    compression_level = 42\n    format = "tar.lz4"\n')],
  ['shell-local post-processor without anything', 'post-processor', () => postProcessor('shell-local', '')],
  ['shell-local post-processor with an old-style execute_command', 'post-processor', () => postProcessor('shell-local', '    execute_command = ["echo {{.Script}}"]\n    inline = ["x"]\n')],
];

describe('prepare against packer 1.6.6 validate', () => {
  test.each(cases)('%s', (_name, kind, template) => {
    const text = template(dir);
    const ours = ourOutput(text, kind);
    const packer = packerValidate(text);
    expect(ours).toBe(packer.stdout);
    // Warnings alone do not fail validation.
    expect(packer.status).toBe(ours.includes('Error: ') ? 1 : 0);
  });
});
