// A sensitive variable's value must appear nowhere a build writes: terminal output (human and machine-readable),
// the debug log, the manifest, error messages — verbatim, JSON-escaped or shell-quoted.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, tspacker } from './run.js';

// Quotes and a backslash, so that JSON and shell quoting give other spellings of it.
const SECRET = `s3cr"et'p\\w`;
const FORMS = [SECRET, JSON.stringify(SECRET).slice(1, -1), SECRET.replaceAll("'", `'\\''`), 's3cr'];

const template = `variable "token" {
  type      = string
  sensitive = true
}

source "null" "app" {
  communicator = "none"
}

build {
  sources = ["source.null.app"]

  provisioner "shell-local" {
    environment_vars = ["TOKEN=\${var.token}"]
    inline           = ["echo token=$TOKEN", "printf '%s' \\"$TOKEN\\" | od -c"]
  }

  provisioner "shell-local" {
    inline = ["echo '\${var.token}' >&2", "exit 3"]
  }

  post-processor "manifest" {
    output      = "manifest.json"
    custom_data = { token = var.token, json = jsonencode({ t = var.token }) }
  }
}
`;

function expectNoSecret(label: string, text: string) {
  for (const form of FORMS) {
    if (text.includes(form)) throw new Error(`${label} reveals the secret as ${JSON.stringify(form)}:\n${text}`);
  }
}

function setUp() {
  const dir = tempDir({ 'secret.pkr.hcl': template, 'secret.auto.pkrvars.json': JSON.stringify({ token: SECRET }) });
  return dir;
}

test('a failing build: stdout, stderr and the debug log never show it; exit 1', () => {
  const dir = setUp();
  const log = path.join(dir, 'debug.log');
  const r = tspacker(['build', '-color=false', '.'], { cwd: dir, env: { TSPACKER_LOG: '1', TSPACKER_LOG_PATH: log } });
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('token=<sensitive>');
  expect(r.stdout).toContain('<sensitive>');
  expectNoSecret('stdout', r.stdout);
  expectNoSecret('stderr', r.stderr);
  expect(fs.existsSync(log)).toBe(true);
  expectNoSecret('the log', fs.readFileSync(log, 'utf8'));
});

test('-machine-readable, and the manifest of a successful build', () => {
  const dir = setUp();
  // Without the failing provisioner (its quoting of the secret is not valid shell anyway).
  fs.writeFileSync(path.join(dir, 'secret.pkr.hcl'), template.replace(/  provisioner "shell-local" \{\n    inline = \["echo[^\n]*\n  \}\n\n/, ''));
  const r = tspacker(['build', '-machine-readable', '.'], { cwd: dir });
  expect(r.status).toBe(0);
  expectNoSecret('machine-readable stdout', r.stdout);
  const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  expectNoSecret('the manifest', manifest);
  const custom = JSON.parse(manifest).builds[0].custom_data;
  expect(custom.token).toBe('<sensitive>');
});

test('validate and inspect with an error that quotes the value', () => {
  const dir = setUp();
  fs.writeFileSync(path.join(dir, 'bad.pkr.hcl'), 'locals {\n  n = tonumber(var.token)\n}\n');
  for (const command of ['validate', 'inspect']) {
    const r = tspacker([command, '.'], { cwd: dir });
    expectNoSecret(`${command} stdout`, r.stdout);
    expectNoSecret(`${command} stderr`, r.stderr);
  }
});
