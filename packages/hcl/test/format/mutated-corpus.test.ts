// Differential fuzzing against the real `packer fmt`: seeded mutations of the corpus files (the same engine as
// test/fuzz.test.ts) are formatted by tspacker and by packer in one batch. Both must refuse the same files and
// write the same bytes for the others. This checks the parser's accept/refuse decision as much as the formatter.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSource } from '../../src/format/index.js';
import { loadSeeds } from '../fuzz/campaign.js';
import { mutate, Rng } from '../fuzz/mutate.js';
import { packerFmtBatch } from './packer-oracle.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const seeds = loadSeeds(path.resolve(repoRoot, '../shared/corpus'));
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eedf0);
const CASES = Number(process.env['FMT_FUZZ_CASES'] ?? 1500);

/**
 * Inputs where Packer 1.6.6 is not the reference (tspacker follows current Packer): "!" is formatted differently
 * since hcl v2.8.1, and "::" (provider functions) did not exist.
 */
function oracleApplies(text: string): boolean {
  return !text.includes('!') && !text.includes('::');
}

test(`${CASES} mutated corpus files format like packer fmt`, () => {
  const rng = new Rng(SEED);
  const inputs: string[] = [];
  while (inputs.length < CASES) {
    // One mutation per file (the crash fuzzer does up to four), so that a good share of the files still parse.
    const text = mutate(rng.pick(seeds.files), rng, 1);
    if (oracleApplies(text)) inputs.push(text);
  }
  const oracle = packerFmtBatch(inputs.map((text) => ({ name: 'm.pkr.hcl', text })));
  const mismatches: string[] = [];
  let accepted = 0;
  inputs.forEach((text, i) => {
    const ours = formatSource(text, 'm.pkr.hcl');
    const want = oracle[i]!;
    if (!want.refused) accepted++;
    if (want.refused !== (ours.output === undefined)) {
      const first = ours.diags.find((d) => d.severity === 'error');
      mismatches.push(
        `case ${i}: packer ${want.refused ? 'refused' : 'accepted'} it, tspacker ${
          ours.output === undefined ? `refused it (${first?.summary}: ${first?.detail})` : 'accepted it'
        }\n${JSON.stringify(text)}`,
      );
    } else if (!want.refused && ours.output !== want.output.toString('utf8')) {
      mismatches.push(`case ${i}: different output\n${JSON.stringify(text)}`);
    }
  });
  // The mutations must leave enough valid files for the comparison to mean something.
  expect(accepted).toBeGreaterThan(CASES / 6);
  expect(mismatches.slice(0, 10)).toEqual([]);
}, 120_000);
