// "Did you mean …?" suggestions, as hcl's nameSuggestion helpers (hcl, hclsyntax and json each have one):
// a candidate whose Levenshtein distance from the given name is below 3.
import { compareStrings } from './values/types.js';

/** Edit distance over Unicode code points with unit costs (agext/levenshtein's Distance with default params). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const sub = prev[j - 1]! + (si === t[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length]!;
}

/**
 * The first candidate, in the order given, within distance < 3 of `given` — hcl tries a slice of names in
 * order, so schema-derived candidates must be passed in schema order to get Go's answer.
 */
export function nameSuggestion(given: string, candidates: Iterable<string>): string | undefined {
  for (const c of candidates) if (levenshtein(given, c) < 3) return c;
  return undefined;
}

/**
 * For candidates Go takes from a map (random order, so Go's choice is not reproducible): the closest one,
 * ties broken by byte order, so messages are at least deterministic.
 */
export function closestNameSuggestion(given: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const c of candidates) {
    const d = levenshtein(given, c);
    if (d < bestDist || (d === bestDist && best !== undefined && compareStrings(c, best) < 0)) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}
