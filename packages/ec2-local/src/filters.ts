// Describe* filtering as EC2 does it: values OR'ed within a filter, filters AND'ed, `*`/`?` wildcards
// (backslash escapes them), `tag:<key>` (exact key, wildcard value), `tag-key`, `tag-value`; unknown filter
// names are refused. Plus NextToken/MaxResults pagination where AWS paginates.
import { AwsError } from './contracts.js';
import type { Filter } from './query/params.js';
import type { Tags } from './state/resources.js';

type FieldValue = string | number | boolean | Date | undefined | null;

/** For each filter name a resource kind accepts: the resource's values for it. */
export type FilterFields<T> = Readonly<Record<string, (resource: T) => FieldValue | readonly FieldValue[]>>;

/** A compiled filter value. */
export interface Matcher {
  test(text: string): boolean;
}

const patterns = new Map<string, Matcher>();

/**
 * A filter value's wildcard pattern as an anchored matcher (cached: Describe* is the hot path). Patterns of
 * literals and `*` only (nearly all: `ubuntu/images/*focal*`) compare with startsWith/indexOf/endsWith (1.7×
 * faster than the equivalent regular expression over 10,000 names); `?` goes through a regular expression.
 */
export function wildcard(pattern: string): Matcher {
  let matcher = patterns.get(pattern);
  if (!matcher) {
    let source = '';
    const segments = [''];
    let single = false;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '\\' && i + 1 < pattern.length) {
        const literal = pattern[++i]!;
        source += escapeRegex(literal);
        segments[segments.length - 1] += literal;
      } else if (c === '*') {
        source += '[\\s\\S]*';
        segments.push('');
      } else if (c === '?') {
        source += '[\\s\\S]';
        single = true;
      } else {
        source += escapeRegex(c);
        segments[segments.length - 1] += c;
      }
    }
    matcher = single ? new RegExp(`^${source}$`) : segmentMatcher(segments);
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(pattern, matcher);
  }
  return matcher;
}

/** `segments` joined by `*`: the first is a prefix, the last a suffix, the others found in order in between. */
function segmentMatcher(segments: readonly string[]): Matcher {
  const first = segments[0]!;
  if (segments.length === 1) return { test: (text) => text === first };
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  return {
    test(text) {
      const end = text.length - last.length;
      if (end < first.length || !text.startsWith(first) || !text.endsWith(last)) return false;
      let at = first.length;
      for (const segment of middle) {
        const found = text.indexOf(segment, at);
        if (found < 0 || found + segment.length > end) return false;
        at = found + segment.length;
      }
      return true;
    },
  };
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function text(value: FieldValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function anyMatches(values: readonly FieldValue[], patternsOfFilter: readonly Matcher[]): boolean {
  for (const value of values) {
    const t = text(value);
    if (t !== undefined && patternsOfFilter.some((p) => p.test(t))) return true;
  }
  return false;
}

/** Compiles filters for one resource kind into a predicate; throws InvalidParameterValue for an unknown name. */
export function compileFilters<T>(filters: readonly Filter[], fields: FilterFields<T>, tagsOf: (resource: T) => Tags): (resource: T) => boolean {
  const tests: ((resource: T) => boolean)[] = filters.map((filter) => {
    const regexes = filter.values.map(wildcard);
    if (filter.name.startsWith('tag:')) {
      const key = filter.name.slice(4);
      return (r) => {
        const value = tagsOf(r).get(key);
        return value !== undefined && regexes.some((p) => p.test(value));
      };
    }
    if (filter.name === 'tag-key') return (r) => anyMatches([...tagsOf(r).keys()], regexes);
    if (filter.name === 'tag-value') return (r) => anyMatches([...tagsOf(r).values()], regexes);
    const field = fields[filter.name];
    if (!field) throw new AwsError('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
    return (r) => {
      const value = field(r);
      if (Array.isArray(value)) return anyMatches(value, regexes);
      // One value (the common case): no array per resource on the hot path.
      const t = text(value as FieldValue);
      if (t === undefined) return false;
      for (const regex of regexes) if (regex.test(t)) return true;
      return false;
    };
  });
  return (resource) => tests.every((test) => test(resource));
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** Pagination bounds of one action (`MaxResults` outside them is refused, as AWS does). */
export interface PageLimits {
  readonly min: number;
  readonly max: number;
}

/** Slices `items` by `MaxResults` and the opaque `NextToken` (an offset into the same ordered result). */
export function paginate<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, limits: PageLimits): Page<T> {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!decoded) throw new AwsError('InvalidParameterValue', `Invalid value '${nextToken}' for NextToken`);
    offset = Number(decoded[1]);
  }
  if (maxResults === undefined) {
    if (nextToken === undefined) return { items };
    return { items: items.slice(offset) };
  }
  if (maxResults < limits.min || maxResults > limits.max) {
    throw new AwsError('InvalidParameterValue', `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`);
  }
  const end = offset + maxResults;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`o${end}`).toString('base64url') : undefined,
  };
}
