// The plugin's own tests (`npm test`, Node's test runner): the manifest, validation, and a provision run with a
// recording UI, as tspacker calls them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_NAME, SDK_VERSION_MAJOR } from '@tspacker/sdk';
import { helloProvisioner, tspackerPlugin } from '../index.js';

/** A Ui that records what is said. */
function recordingUi() {
  const lines = [];
  const ui = {
    say: (m) => lines.push(`say: ${m}`),
    message: (m) => lines.push(`message: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    ask: async () => '',
    progress: () => ({ update() {}, done() {} }),
    machine() {},
  };
  return { ui, lines };
}

const core = { buildName: 'x', builderType: 'null', coreVersion: '1.16.0', debug: false, force: false, onError: 'cleanup', sensitiveVariables: [] };

test('the manifest registers the provisioner under the default name, for this SDK major', () => {
  assert.equal(tspackerPlugin.sdkVersion, SDK_VERSION_MAJOR);
  assert.equal(tspackerPlugin.provisioners[DEFAULT_NAME], helloProvisioner);
});

test('prepare reports every problem', () => {
  assert.deepEqual(helloProvisioner.prepare({ message: ' ', output: `out${path.sep}`, repeat: 11 }, core), {
    errors: ['message must not be empty', 'repeat must be between 1 and 10, got 11', `output out${path.sep} must name a file, not a directory`],
  });
  assert.deepEqual(helloProvisioner.prepare({ message: 'hi', output: 'out.txt', repeat: 1 }, core), { errors: [] });
});

test('provision says the greeting and writes it to the output file', async () => {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hello-')), 'greeting.txt');
  const { ui, lines } = recordingUi();
  const ctx = { ui, signal: new AbortController().signal, communicator: undefined, generatedData: {} };
  await helloProvisioner.provision({ message: 'Hi there', output, repeat: 2 }, ctx);
  assert.deepEqual(lines, ['say: Hi there', 'say: Hi there', `message: Writing the greeting to ${output}`]);
  assert.equal(fs.readFileSync(output, 'utf8'), 'Hi there\n');
});

test('a cancelled build writes nothing', async () => {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hello-')), 'greeting.txt');
  const controller = new AbortController();
  controller.abort();
  const { ui } = recordingUi();
  await assert.rejects(helloProvisioner.provision({ message: 'Hi', output, repeat: 1 }, { ui, signal: controller.signal, communicator: undefined, generatedData: {} }));
  assert.equal(fs.existsSync(output), false);
});
