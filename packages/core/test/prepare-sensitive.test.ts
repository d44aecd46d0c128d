// A component's Prepare may name configuration values that must never be shown (Packer's LogSecretFilter, e.g.
// amazon's secret_key): core adds them to the set of values every UI and log of the build masks
// (createMasker reads the set live; packages/cli/test/build-secrets.test.ts checks the masking itself).
import { getBuilds } from '@tspacker/core';
import { attr, type BuilderComponent } from '@tspacker/sdk';
import { loadAndInitialize } from '../../../test/support/data-components.js';
import { runComponents } from '../../../test/support/run-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';

const secretive: BuilderComponent = {
  configSpec: { secret_key: attr.string() },
  prepare: (c) => ({ sensitiveValues: [c.secret_key as string, ''] }),
  run: async () => undefined,
};

test("values a builder's prepare names join the masked values; empty ones are ignored", async () => {
  const dir = tempDir({ 'build.pkr.hcl': 'source "secretive" "x" {\n  secret_key = "wJalrXUtnFEMI"\n}\n\nbuild {\n  sources = ["source.secretive.x"]\n}\n' });
  const registry = runComponents();
  (registry.builders as Map<string, BuilderComponent>).set('secretive', secretive);
  const { config } = await loadAndInitialize(dir, { components: registry, cwd: dir });
  expect(config!.sensitiveValues.has('wJalrXUtnFEMI')).toBe(false);
  getBuilds(config!, { only: [], except: [] });
  expect([...config!.sensitiveValues]).toEqual(['wJalrXUtnFEMI']);
});
