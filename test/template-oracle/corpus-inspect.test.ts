// Differential sweep over Packer's own templates (the shared corpus, read in place): `tspacker inspect PATH` and
// `packer inspect PATH` (1.6.6) for every .pkr.hcl file of hcl2template/testdata and command/test-fixtures, and
// every directory holding one (all its files, auto var files). inspect reaches every template, whatever its
// component types, since Initialize errors are ignored. Outputs and exit codes must be identical, except for the
// paths below, where 1.6.6 is known to differ from current Packer (whose behaviour tspacker follows); each of
// those must still differ for the reason given, so that the list stays true. Nothing is written to the corpus.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packer, tspacker, type Run } from './harness.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/packer-v1.9.4');

const NEW_BLOCKS =
  'blocks new since 1.6.6 (`local "NAME" {}`, `data`, `required_plugins`, `error-cleanup-provisioner`): there, Unsupported block type';
const RENAMED = '1.16 names a source renamed in its build block by the new name (SourceUseBlock.name()); 1.6.6 by its label';
const DROPPED_BUILD =
  '1.6.6 leaves out a build block it cannot decode (unknown component types, `build.name` or variables in meta-arguments); ' +
  '1.16 decodes the block and checks component types afterwards';
const NO_SOURCE_BUILD = '1.16 leaves out a build block without valid sources (missing source reference); 1.6.6 lists it with <no source>';
const DOUBLED = '1.6.6 reports top-level schema errors twice; 1.16 once';
const DOUBLED_PACKER_BLOCK = '1.16 decodes the packer block twice (version sniffing, required_plugins) and reports its errors twice; 1.6.6 once';
const PANIC = '1.6.6 crashes with a nil pointer dereference on this template';
const VERSION = 'the message names the running Packer version (1.16.0 against 1.6.6)';
const EMPTY_OBJECT = '1.16 keeps `default = []`/`{}` untyped (any); 1.6.6 typed them (empty tuple/object) and rejects the auto var file';
const NEW_FUNCTION_AND_RANDOM = 'a local uses legacy_isotime() (new since 1.6.6: the local is left unset there), another uuidv4() (random)';
const UNDECLARED = '1.6.6 always warns about undeclared variables in auto var files; 1.16 only when asked (validate)';

const DIFFERENCES: Record<string, Record<string, string>> = {
  'hcl2template/testdata': {
    'build/post-processor_build_name_interpolation.pkr.hcl': DROPPED_BUILD,
    'build/post-processor_nonexistent.pkr.hcl': DROPPED_BUILD,
    'build/post-processor_onlyexcept.pkr.hcl': RENAMED,
    'build/provisioner_build_name_interpolation.pkr.hcl': DROPPED_BUILD,
    'build/provisioner_nonexistent.pkr.hcl': DROPPED_BUILD,
    'build/provisioner_onlyexcept.pkr.hcl': RENAMED,
    'build/variables.pkr.hcl': NEW_BLOCKS,
    'complete/build.pkr.hcl': DROPPED_BUILD,
    'complete/datasource.pkr.hcl': NEW_BLOCKS,
    'complete/variables.pkr.hcl': NEW_BLOCKS,
    'datasources/basic.pkr.hcl': NEW_BLOCKS,
    'datasources/dependency_cycle.pkr.hcl': NEW_BLOCKS,
    'datasources/duplicate.pkr.hcl': NEW_BLOCKS,
    'datasources/nonexistent.pkr.hcl': NEW_BLOCKS,
    'datasources/not-allowed.pkr.hcl': NEW_BLOCKS,
    'datasources/recursive.pkr.hcl': NEW_BLOCKS,
    'datasources/unnamed.pkr.hcl': NEW_BLOCKS,
    'datasources/untyped.pkr.hcl': NEW_BLOCKS,
    'init/imports/build.pkr.hcl': NEW_BLOCKS,
    'init/invalid_inexplicit_source.pkr.hcl': NEW_BLOCKS,
    'init/invalid_inexplicit_source_2.pkr.hcl': NEW_BLOCKS,
    'init/invalid_short_source.pkr.hcl': NEW_BLOCKS,
    'sources/nonexistent.pkr.hcl': NO_SOURCE_BUILD,
    'sources/unnamed.pkr.hcl': DOUBLED,
    'sources/untyped.pkr.hcl': DOUBLED,
    'unknown/block_type.pkr.hcl': DOUBLED,
    'variables/basic.pkr.hcl': NEW_BLOCKS,
    'variables/duplicate_locals/one.pkr.hcl': NEW_BLOCKS,
    'variables/duplicate_locals/one_copy.pkr.hcl': NEW_BLOCKS,
    build: NEW_BLOCKS,
    complete: NEW_BLOCKS,
    datasources: NEW_BLOCKS,
    init: NEW_BLOCKS,
    'init/imports': NEW_BLOCKS,
    sources: DOUBLED,
    unknown: DOUBLED,
    variables: NEW_BLOCKS,
    'variables/duplicate_locals': NEW_BLOCKS,
  },
  'command/test-fixtures': {
    'hcl/build_no_source.pkr.hcl': NO_SOURCE_BUILD,
    'hcl/data-source-validation.pkr.hcl': NEW_BLOCKS,
    'hcl/datasource.pkr.hcl': NEW_BLOCKS,
    'hcl/dynamic/build.pkr.hcl': RENAMED,
    'hcl/local-ds-validate.pkr.hcl': NEW_BLOCKS,
    'hcl/nil-component-crash.pkr.hcl': PANIC,
    'hcl/recipes/build.pkr.hcl': RENAMED,
    'hcl/recursive_local_with_unset_input/file.pkr.hcl': PANIC,
    'hcl/validation/wrong_pause_before.pkr.hcl': PANIC,
    'hcl2_upgrade/ami_test/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/ami_test': NEW_BLOCKS,
    'hcl2_upgrade/aws-access-config/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/aws-access-config': NEW_BLOCKS,
    'hcl2_upgrade/azure_shg/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/azure_shg': NEW_BLOCKS,
    'hcl2_upgrade/bundled-plugin-used/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/bundled-plugin-used': NEW_BLOCKS,
    'hcl2_upgrade/complete-variables-with-template-engine/expected.pkr.hcl': NEW_FUNCTION_AND_RANDOM,
    'hcl2_upgrade/complete-variables-with-template-engine': NEW_FUNCTION_AND_RANDOM,
    'hcl2_upgrade/complete/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/complete': NEW_BLOCKS,
    'hcl2_upgrade/error-cleanup-provisioner/expected.pkr.hcl': DROPPED_BUILD,
    'hcl2_upgrade/error-cleanup-provisioner': DROPPED_BUILD,
    'hcl2_upgrade/minimal/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/minimal': NEW_BLOCKS,
    'hcl2_upgrade/source-name/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/source-name': NEW_BLOCKS,
    'hcl2_upgrade/variables-only/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/variables-only': NEW_BLOCKS,
    'hcl2_upgrade/variables-with-variables/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/variables-with-variables': NEW_BLOCKS,
    'hcl2_upgrade/vsphere_linux_options_and_network_interface/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/vsphere_linux_options_and_network_interface': NEW_BLOCKS,
    'hcl2_upgrade/without-annotations/expected.pkr.hcl': NEW_BLOCKS,
    'hcl2_upgrade/without-annotations': NEW_BLOCKS,
    'hcl/var-in-pp-name.pkr.hcl': DROPPED_BUILD,
    'hcl/vars-in-build-block.pkr.hcl': DROPPED_BUILD,
    'validate/datasource.pkr.hcl': NEW_BLOCKS,
    'validate/invalid_packer_block.pkr.hcl': DOUBLED_PACKER_BLOCK,
    'version_req/base_failure/version.pkr.hcl': VERSION,
    'version_req/wrong_field_name/version.pkr.hcl': DOUBLED_PACKER_BLOCK,
    hcl: NEW_BLOCKS,
    'hcl/dynamic': RENAMED,
    'hcl/empty_object': EMPTY_OBJECT,
    'hcl/recipes': RENAMED,
    'hcl/recursive_local_with_unset_input': PANIC,
    'hcl/validation': PANIC,
    'hcl/variables/ref_non_existing': UNDECLARED,
    validate: NEW_BLOCKS,
    'version_req/base_failure': VERSION,
    'version_req/wrong_field_name': DOUBLED_PACKER_BLOCK,
  },
};

/** Every .pkr.hcl file under `base` and every directory holding one, relative, in a stable order. */
function templatePaths(base: string): string[] {
  const files: string[] = [];
  (function walk(rel: string) {
    for (const e of fs.readdirSync(path.join(base, rel), { withFileTypes: true })) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.pkr.hcl')) files.push(p);
    }
  })('');
  const dirs = new Set(files.map((f) => path.posix.dirname(f)).filter((d) => d !== '.'));
  return [...files.sort(), ...[...dirs].sort()];
}

/** hcl2_upgrade/escaping has `local.timestamp = regex_replace(timestamp(), "[- TZ:]", "")`: the two runs may straddle a second. */
const withoutClock = (r: Run): Run => ({ ...r, stdout: r.stdout.replace(/"\d{14}"/g, '"<timestamp>"') });

const errorCount = (text: string) => text.split('\n').filter((l) => /^Error: /.test(l)).length;

/** What each reason means for the two outputs. */
function checkReason(reason: string, ours: Run, theirs: Run): void {
    switch (reason) {
    case NEW_BLOCKS:
      return expect(theirs.stdout).toMatch(/Blocks of type "(local|data|required_plugins|error-cleanup-provisioner)" are not expected here\./);
    case PANIC:
      return expect(theirs.stderr).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
    case VERSION:
      expect(ours.stdout.replaceAll('1.16.0', '1.6.6')).toBe(theirs.stdout);
      return;
    case DOUBLED:
      return expect(errorCount(theirs.stdout)).toBe(2 * errorCount(ours.stdout));
    case DOUBLED_PACKER_BLOCK:
      return expect(errorCount(ours.stdout)).toBe(2 * errorCount(theirs.stdout));
    case EMPTY_OBJECT:
      return expect(theirs.stdout).toMatch(/^Error: Invalid value for variable\n/);
    case NEW_FUNCTION_AND_RANDOM:
      expect(ours.stdout).toMatch(/\nlocal\.iso_datetime: "\d{4}-\d\d-\d\dT/);
      expect(theirs.stdout).not.toContain('local.iso_datetime:');
      return;
    case UNDECLARED:
      expect(theirs.stdout.startsWith('Warning: Undefined variable\n')).toBe(true);
      expect(ours.stdout.startsWith('Packer Inspect: HCL2 mode\n')).toBe(true);
      return;
    default:
      // Build listings differ; both still print the inspection.
      expect(ours.status).toBe(theirs.status);
      expect(ours.stdout.startsWith('Packer Inspect: HCL2 mode\n')).toBe(true);
  }
}

/** Both tools run in a scratch directory on absolute paths: Packer 1.6.6 writes crash.log where it runs. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-corpus-inspect-'));
const inspectBoth = (base: string, p: string): [Run, Run] => [tspacker(scratch, ['inspect', path.join(base, p)]), packer(scratch, ['inspect', path.join(base, p)])];

describe.each(Object.keys(DIFFERENCES))('inspect on every template of %s', (root) => {
  const base = path.join(corpus, root);
  const differences = DIFFERENCES[root]!;
  const paths = templatePaths(base);

  test('the corpus is there and the exception list names existing paths', () => {
    expect(paths.length).toBeGreaterThan(40);
    for (const p of Object.keys(differences)) expect(paths).toContain(p);
  });

  test.each(paths.filter((p) => !(p in differences)))('%s: identical', (p) => {
    const [ours, theirs] = inspectBoth(base, p);
    expect(ours.stderr).toBe('');
    expect(withoutClock(ours)).toEqual(withoutClock(theirs));
  });

  test.each(paths.filter((p) => p in differences))('%s: known difference', (p) => {
    const [ours, theirs] = inspectBoth(base, p);
    expect(ours.stderr).toBe('');
    expect(ours).not.toEqual(theirs);
    checkReason(differences[p]!, ours, theirs);
  });
});
