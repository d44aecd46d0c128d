// Deterministic mutation of HCL sources for fuzzing: a seeded PRNG drives byte flips, deletions, insertions of
// HCL-significant text, duplications and truncations. Shared by test/fuzz.test.ts (short run in npm test) and
// bench/fuzz.mjs (long runs); nothing here depends on jest.

/** mulberry32: a small, fast, seedable 32-bit PRNG (quality is plenty for picking mutations). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 2^32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** Text that means something to the HCL scanner or parser, inserted at random places. */
export const SIGNIFICANT: readonly string[] = [
  '{', '}', '[', ']', '(', ')', '"', '$', '%', '~', '<', '-', '\n', '#', '/', '*',
  '${', '%{', '~}', '}', '<<EOT\n', '<<-EOT\n', 'EOT\n', '  EOT\n', '\r\n', '\r', '\t', ' ',
  '=', '==', ',', '.', '...', ':', '::', '?', '!', '&&', '||', '=>', '\\', '\\u', '\\U0001F', '$${', '%%{',
  '/*', '*/', '//', '\'', '`', ';', '&', '|', '^', 'for ', ' in ', 'if ', 'else', 'endif', 'endfor',
  '%{ if x }', '%{ for a in b }', '%{ endfor }', '${ var.x }', 'x = 1\n', 'b {\n', '1.', '1e', '1.2.3', '0x10',
  'true', 'null', 'é', 'e\u0301', '🇬🇧', '👩‍👩‍👧', '\u00a0', '\u2028', '“', '”', '\ufeff', '\u0000',
];

export type MutationKind = 'flip' | 'delete' | 'insert' | 'duplicate' | 'truncate' | 'swap' | 'splice';
const KINDS: readonly MutationKind[] = [
  'flip', 'delete', 'insert', 'insert', 'insert', 'duplicate', 'truncate', 'swap', 'splice', 'splice',
];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8'); // invalid sequences become U+FFFD, as when a file is read as text

function span(rng: Rng, length: number, max: number): [number, number] {
  const start = rng.int(length + 1);
  const end = Math.min(length, start + 1 + rng.int(max));
  return [start, end];
}

/**
 * One mutation of `text`. `dictionary` holds well-formed fragments (e.g. attribute values from other files) that a
 * `splice` puts at a random place, which reaches parser states that single characters rarely do.
 */
export function mutateOnce(
  text: string,
  rng: Rng,
  kind: MutationKind = rng.pick(KINDS),
  dictionary: readonly string[] = SIGNIFICANT,
): string {
  switch (kind) {
    case 'splice': {
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + rng.pick(dictionary.length > 0 ? dictionary : SIGNIFICANT) + text.slice(at);
    }
    case 'flip': {
      // Flip one bit of the UTF-8 bytes, so multi-byte characters break the way a corrupted file would.
      const bytes = encoder.encode(text);
      if (bytes.length === 0) return text;
      const i = rng.int(bytes.length);
      bytes[i] = bytes[i]! ^ (1 << rng.int(8));
      return decoder.decode(bytes);
    }
    case 'delete': {
      const [s, e] = span(rng, text.length, rng.int(4) === 0 ? 64 : 4);
      return text.slice(0, s) + text.slice(e);
    }
    case 'insert': {
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + rng.pick(SIGNIFICANT) + text.slice(at);
    }
    case 'duplicate': {
      const [s, e] = span(rng, text.length, 80);
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + text.slice(s, e) + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, rng.int(text.length + 1));
    case 'swap': {
      const [a, b] = span(rng, text.length, 16);
      const [c, d] = span(rng, text.length, 16);
      if (b > c && d > a) return text; // overlapping spans: leave it
      const [s1, e1, s2, e2] = a < c ? [a, b, c, d] : [c, d, a, b];
      return text.slice(0, s1) + text.slice(s2, e2) + text.slice(e1, s2) + text.slice(s1, e1) + text.slice(e2);
    }
  }
}

/** 1 to `maxMutations` mutations of `text`. */
export function mutate(text: string, rng: Rng, maxMutations = 4, dictionary?: readonly string[]): string {
  let out = text;
  const n = 1 + rng.int(maxMutations);
  for (let i = 0; i < n; i++) out = mutateOnce(out, rng, rng.pick(KINDS), dictionary);
  return out;
}

/**
 * Shrinks a failing input (delta debugging on characters): repeatedly removes chunks while `fails` stays true.
 * Used to turn a fuzzer find into a minimal vector for a bug report; gives up after `maxTries` candidates.
 */
export function shrink(input: string, fails: (s: string) => boolean, maxTries = 20_000): string {
  let cur = input;
  let chunk = Math.max(1, cur.length >> 1);
  let tries = 0;
  while (chunk >= 1 && tries < maxTries) {
    let removed = false;
    for (let i = 0; i < cur.length && tries < maxTries; ) {
      const candidate = cur.slice(0, i) + cur.slice(i + chunk);
      tries++;
      if (candidate !== cur && fails(candidate)) {
        cur = candidate;
        removed = true;
      } else i += chunk;
    }
    if (!removed) chunk >>= 1;
  }
  return cur;
}
