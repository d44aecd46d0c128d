// Extracts, from Packer's and packer-plugin-sdk's generated *.hcl2spec.go files, each built-in component's HCL
// attribute names and cty types into test/packer-hcl2spec.json, which go-schemas.test.ts compares our specs with.
// The Go sources are not needed to run the tests, only to refresh the facts when targeting a newer Packer:
//   node packages/plugin-builtin/scripts/go-hcl2spec.mjs PACKER_REPO_GIT_DIR SDK_REPO_GIT_DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [packer, sdk] = process.argv.slice(2);
if (!packer || !sdk) throw new Error('usage: go-hcl2spec.mjs PACKER_REPO SDK_REPO');
const repos = { packer, sdk };

/** [name in the test, repository, file, Flat type]. */
const sources = [
  ['builder null', 'packer', 'builder/null/config.hcl2spec.go', 'FlatConfig'],
  ['builder file', 'packer', 'builder/file/config.hcl2spec.go', 'FlatConfig'],
  ['provisioner shell-local', 'sdk', 'shell-local/config.hcl2spec.go', 'FlatConfig'],
  ...['file', 'shell', 'breakpoint', 'windows-restart', 'windows-shell', 'powershell'].map((t) => [
    `provisioner ${t}`,
    'packer',
    `provisioner/${t}/provisioner.hcl2spec.go`,
    'FlatConfig',
  ]),
  ['provisioner sleep', 'packer', 'provisioner/sleep/provisioner.hcl2spec.go', 'FlatProvisioner'],
  ...['manifest', 'checksum', 'compress', 'artifice'].map((t) => [`post-processor ${t}`, 'packer', `post-processor/${t}/post-processor.hcl2spec.go`, 'FlatConfig']),
  ['post-processor shell-local', 'sdk', 'shell-local/config.hcl2spec.go', 'FlatConfig'],
  ...['null', 'http'].flatMap((t) => [
    [`data source ${t}`, 'packer', `datasource/${t}/data.hcl2spec.go`, 'FlatConfig'],
    [`data source ${t} output`, 'packer', `datasource/${t}/data.hcl2spec.go`, 'FlatDatasourceOutput'],
  ]),
];

const git = (repo, ...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
const specs = {};
for (const [name, repo, file, flatType] of sources) {
  const source = git(repos[repo], 'show', `HEAD:${file}`);
  const start = source.indexOf(`func (*${flatType}) HCL2Spec()`);
  if (start < 0) throw new Error(`${file}: no ${flatType}.HCL2Spec`);
  const body = source.slice(start, source.indexOf('\n}\n', start));
  const attrs = {};
  for (const m of body.matchAll(/&hcldec\.AttrSpec\{Name: "([a-z_]+)", Type: (.+?), Required: (true|false)\}/g)) {
    attrs[m[1]] = { type: m[2], required: m[3] === 'true' };
  }
  specs[name] = attrs;
}
const out = {
  from: { packer: git(packer, 'describe', '--tags', '--always').trim(), sdk: git(sdk, 'rev-parse', 'HEAD').trim() },
  specs,
};
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'packer-hcl2spec.json');
fs.writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${target}: ${Object.keys(specs).length} specs`);
