// Differential fuzzing against the real `packer fmt`: seeded mutations of the corpus files (the same engine as
// test/fuzz.test.ts) are formatted by tspacker and by packer in one batch. Both must refuse the same files and
// write the same bytes for the others. This checks the parser's accept/refuse decision as much as the formatter.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBytes } from '../../src/format/index.js';
import { loadSeeds } from '../fuzz/campaign.js';
import { mutate, Rng } from '../fuzz/mutate.js';
import { packerFmtBatch } from './packer-oracle.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const seeds = loadSeeds(path.resolve(repoRoot, '../shared/corpus'));
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eedf0);
const CASES = Number(process.env['FMT_FUZZ_CASES'] ?? 5000);

/**
 * Inputs where Packer 1.6.6 is not the reference (tspacker follows current Packer): "!" is formatted differently
 * since hcl v2.8.1, and "::" (provider functions) did not exist.
 */
function oracleApplies(bytes: Buffer): boolean {
  return !bytes.includes('!') && !bytes.includes('::');
}

test(`${CASES} mutated corpus files format like packer fmt`, () => {
  const rng = new Rng(SEED);
  const inputs: Buffer[] = [];
  while (inputs.length < CASES) {
    // One mutation per file (the crash fuzzer does up to four), so that a good share of the files still parse.
    const bytes = Buffer.from(mutate(rng.pick(seeds.files), rng, 1, seeds.expressions), 'utf8');
    // Sometimes a raw bit flip too, which can leave invalid UTF-8 (kept inside comments, refused elsewhere).
    if (rng.int(4) === 0 && bytes.length > 0) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
    if (oracleApplies(bytes)) inputs.push(bytes);
  }
  const oracle = packerFmtBatch(inputs.map((text) => ({ name: 'm.pkr.hcl', text })));
  const mismatches: string[] = [];
  let accepted = 0;
  inputs.forEach((bytes, i) => {
    const ours = formatBytes(bytes, 'm.pkr.hcl');
    const want = oracle[i]!;
    if (!want.refused) accepted++;
    // Invalid bytes that hclsyntax's loose identifier tables accept: covered by format.test.ts ("invalid UTF-8"),
    // left out here so that this test keeps reporting other differences.
    if (!want.refused && ours.diags.some((d) => d.summary === 'Invalid character encoding')) return;
    if (want.refused !== (ours.output === undefined)) {
      const first = ours.diags.find((d) => d.severity === 'error');
      mismatches.push(
        `case ${i}: packer ${want.refused ? 'refused' : 'accepted'} it, tspacker ${
          ours.output === undefined ? `refused it (${first?.summary}: ${first?.detail})` : 'accepted it'
        }\n${JSON.stringify(bytes.toString('latin1'))}`,
      );
    } else if (ours.output && !want.output.equals(ours.output)) {
      mismatches.push(`case ${i}: different output\n${JSON.stringify(bytes.toString('latin1'))}`);
    }
  });
  // The mutations must leave enough valid files for the comparison to mean something.
  expect(accepted).toBeGreaterThan(CASES / 6);
  expect(mismatches.slice(0, 10)).toEqual([]);
}, 120_000);
