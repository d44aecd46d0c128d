// A fuzzing campaign: case i of seed s is a fixed function of (s, i), so any failure can be regenerated from its
// index alone (this is how a hang found by the watchdog is reported). Targets rotate over the entry points.
import fs from 'node:fs';
import path from 'node:path';
import { check, TARGETS, type Target } from './checks.js';
import { mutate, Rng } from './mutate.js';

export interface Seeds {
  /** Whole files: configs and variable files. */
  readonly files: readonly string[];
  /** Attribute values cut out of those files. */
  readonly expressions: readonly string[];
  /** Contents of quoted strings and heredocs (bare templates). */
  readonly templates: readonly string[];
}

export interface FuzzCase {
  readonly index: number;
  readonly target: Target;
  readonly text: string;
}

export interface FuzzFailure extends FuzzCase {
  readonly problems: readonly string[];
}

/** Seeds from every `.hcl` file under `corpusDir` (Packer templates, variable files, the HCL spec suite). */
export function loadSeeds(corpusDir: string): Seeds {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.hcl')) files.push(p);
    }
  };
  walk(corpusDir);
  files.sort();
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const expressions: string[] = [];
  const templates: string[] = [];
  for (const t of texts) {
    for (const m of t.matchAll(/^[ \t]*[\w-]+[ \t]*=[ \t]*(.+)$/gm)) expressions.push(m[1]!);
    for (const m of t.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) if (m[1]!.length > 2) templates.push(m[1]!);
    for (const m of t.matchAll(/<<-?(\w+)\n([\s\S]*?)^[ \t]*\1$/gm)) templates.push(m[2]!);
  }
  return { files: texts, expressions, templates };
}

/** Case `index` of the campaign seeded with `seed`. */
export function makeCase(seeds: Seeds, seed: number, index: number): FuzzCase {
  const rng = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  const target = TARGETS[index % TARGETS.length]!;
  const pool = target === 'expression' ? seeds.expressions : target === 'template' ? seeds.templates : seeds.files;
  let text = rng.pick(pool);
  // Occasionally splice two seeds together, so constructs meet in new contexts.
  if (rng.int(8) === 0) text += rng.pick(pool);
  return { index, target, text: mutate(text, rng, 4, seeds.expressions) };
}

/**
 * Runs cases [from, to). `progress[0]` (shared with a watchdog) holds the index of the case being run.
 */
export function runCases(
  seeds: Seeds,
  seed: number,
  from: number,
  to: number,
  progress?: Int32Array,
): FuzzFailure[] {
  const failures: FuzzFailure[] = [];
  for (let i = from; i < to; i++) {
    if (progress) Atomics.store(progress, 0, i);
    const c = makeCase(seeds, seed, i);
    const problems = check(c.target, c.text);
    if (problems.length > 0) failures.push({ ...c, problems });
  }
  return failures;
}
