// decodeConfig against the real Packer (1.6.6 at /usr/bin/packer): source blocks whose bodies break a builder's
// configuration spec are validated, and Packer's diagnostics must match what decodeConfig reports for a spec with
// the same attributes (a part of the builder's generated hcl2spec), rendered by the same text writer: summaries,
// details (with "Did you mean"), and the lines the ranges select. Go decodes a spec's entries in map order, so both
// sides are compared as sorted lists.
// Then the step after decoding: configFromValue's errors, as configErrorsText words them, against what Packer's
// null builder reports from Prepare (config.Decode: template validation, rendering, mapstructure's duration hook).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bodyContent, parseConfig, parseJson, renderDiagnostics, type Body, type Diagnostic } from '@tspacker/hcl';
import { attr, block, configErrorsText, configFromValue, decodeConfig, type ConfigSpec } from '@tspacker/sdk';

const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';

/** Part of the null builder's spec (communicator.Config in packer-plugin-sdk's hcl2spec). */
const nullSpec = {
  communicator: attr.string(),
  pause_before_connecting: attr.duration(),
  ssh_host: attr.string(),
  ssh_port: attr.int(),
  ssh_username: attr.string(),
  ssh_password: attr.string(),
  ssh_ciphers: attr.list(attr.string()),
  ssh_pty: attr.bool(),
  ssh_timeout: attr.duration(),
  ssh_handshake_attempts: attr.int(),
  ssh_public_key: attr.list(attr.number()),
} satisfies ConfigSpec;

/** Part of amazon-ebs's spec: a single block, a block list and a map. */
const amazonSpec = {
  ami_name: attr.string(),
  region: attr.string(),
  tags: attr.map(attr.string()),
  assume_role: block.single({ role_arn: attr.string(), session_name: attr.string(), duration_seconds: attr.int() }),
  launch_block_device_mappings: block.list({
    delete_on_termination: attr.bool(),
    device_name: attr.string(),
    encrypted: attr.bool(),
    volume_size: attr.int(),
    volume_type: attr.string(),
  }),
} satisfies ConfigSpec;

const specs: Record<string, ConfigSpec> = { null: nullSpec, 'amazon-ebs': amazonSpec };

const cases: Record<string, string> = {
  'null.pkr.hcl': [
    'source "null" "x" {',
    '  communicator = "none"',
    '  bogus = 1',
    '  ssh_prot = 22',
    '  ssh_pty = [1]',
    '  ssh_handshake_attempts = "abc"',
    '  ssh_ciphers = "x"',
    '  ssh_public_key = ["a"]',
    '  ssh_host = {}',
    '  ssh_timeout = ["1s"]',
    '}',
    'build { sources = ["source.null.x"] }',
    '',
  ].join('\n'),
  'null.pkr.json': JSON.stringify(
    {
      source: { null: { x: { communicator: 'none', bogus: 1, ssh_prot: 22, ssh_pty: [1], ssh_ciphers: 'x', ssh_port: true } } },
      build: { sources: ['source.null.x'] },
    },
    null,
    2,
  ),
  'amazon.pkr.hcl': [
    'source "amazon-ebs" "x" {',
    '  assume_role {',
    '    role_arn = "a"',
    '    duration_seconds = "x"',
    '  }',
    '  assume_role {',
    '    role_arn = "b"',
    '  }',
    '  launch_block_device_mappings {',
    '    device_nme = "x"',
    '  }',
    '  launch_block_device_mappings {',
    '    encrypted = "maybe"',
    '  }',
    '  tags = { a = [1] }',
    '  asume_role {}',
    '}',
    'build { sources = ["source.amazon-ebs.x"] }',
    '',
  ].join('\n'),
};

/** decodeConfig on every source block of a file, with the spec for its type. */
function ourDiagnostics(name: string, text: string): Diagnostic[] {
  const parsed = name.endsWith('.json') ? parseJson(text, name) : parseConfig(text, name);
  expect(parsed.diags).toEqual([]);
  const top = bodyContent(parsed.body as Body, { blocks: [{ type: 'source', labelNames: ['type', 'name'] }, { type: 'build' }] });
  expect(top.diags).toEqual([]);
  const diags: Diagnostic[] = [];
  for (const b of top.content.blocks) {
    if (b.type !== 'source') continue;
    diags.push(...decodeConfig(b.body, specs[b.labels[0]!]!).diags);
  }
  return diags;
}

const blocks = (out: string): string[] =>
  out
    .split(/^(?=Error: |Warning: )/m)
    .map((b) => b.trimEnd())
    .filter((b) => b !== '')
    .sort();

test.each(Object.keys(cases))('%s: packer validate and decodeConfig agree', (name) => {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-config-oracle-'));
  try {
    fs.writeFileSync(path.join(dir, name), cases[name]!);
    const run = spawnSync(PACKER, ['validate', name], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    expect(run.status).toBe(1);
    const ours = ourDiagnostics(name, cases[name]!);
    expect(ours.length).toBeGreaterThan(2);
    expect(blocks(renderDiagnostics(ours))).toEqual(blocks(run.stdout));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Source blocks that decode but fail in Prepare (communicator "ssh" needs host, username and password). */
const prepareCases: Record<string, string[]> = {
  'durations.pkr.hcl': ['ssh_timeout = "bogus"', 'pause_before_connecting = "5"'],
  'template.pkr.hcl': ['ssh_password = "{{bad}}"', 'ssh_timeout = "bogus"'],
};

/** Stands in for the template parser (interpolate's parseTemplate) with Go's message for the one bad template. */
function validate(text: string): void {
  if (text.includes('{{bad}}')) throw new Error('template: root:1: function "bad" not defined');
}

test.each(Object.keys(prepareCases))('%s: Prepare errors read as Packer prints them', (name) => {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const text = [
    'source "null" "x" {',
    '  communicator = "ssh"',
    '  ssh_host = "h"',
    '  ssh_username = "u"',
    ...prepareCases[name]!.map((line) => `  ${line}`),
    '}',
    'build { sources = ["source.null.x"] }',
    '',
  ].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-config-oracle-'));
  try {
    fs.writeFileSync(path.join(dir, name), text);
    const run = spawnSync(PACKER, ['validate', name], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    expect(run.status).toBe(1);

    const parsed = parseConfig(text, name);
    const source = bodyContent(parsed.body, { blocks: [{ type: 'source', labelNames: ['type', 'name'] }, { type: 'build' }] }).content.blocks[0]!;
    const decoded = decodeConfig(source.body, nullSpec);
    expect(decoded.diags).toEqual([]);
    const { errors } = configFromValue(nullSpec, decoded.value, { validate, interpolate: (t) => t });
    expect(errors.length).toBe(2);
    const ours: Diagnostic = { severity: 'error', summary: configErrorsText(errors), subject: source.defRange };
    expect(blocks(renderDiagnostics([ours]))).toEqual(blocks(run.stdout));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
