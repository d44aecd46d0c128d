// Describe* filter semantics and pagination tokens, directly.
import { AwsError } from '../src/index.js';
import { compileFilters, paginate, wildcard } from '../src/filters.js';

interface Thing {
  name: string;
  size: number;
  zones: string[];
  tags: Map<string, string>;
}

const things: Thing[] = [
  { name: 'ubuntu-focal-20.04-amd64', size: 8, zones: ['a', 'b'], tags: new Map([['Name', 'web-1'], ['env', 'prod']]) },
  { name: 'ubuntu-jammy-22.04-arm64', size: 10, zones: ['c'], tags: new Map([['Name', 'db-1']]) },
  { name: 'debian-12*special', size: 8, zones: [], tags: new Map() },
];
const fields = { name: (t: Thing) => t.name, size: (t: Thing) => t.size, zone: (t: Thing) => t.zones };
const select = (filters: { name: string; values: string[] }[]) => things.filter(compileFilters(filters, fields, (t) => t.tags)).map((t) => t.name);

test('wildcards: * any run, ? one character, backslash escapes; anchored at both ends', () => {
  expect(wildcard('ubuntu-*-amd64').test('ubuntu-focal-20.04-amd64')).toBe(true);
  expect(wildcard('ubuntu-*').test('my-ubuntu-focal')).toBe(false);
  expect(wildcard('ubuntu-?????-20.04-amd64').test('ubuntu-focal-20.04-amd64')).toBe(true);
  expect(wildcard('ubuntu-????-20.04-amd64').test('ubuntu-focal-20.04-amd64')).toBe(false);
  expect(wildcard('debian-12\\*special').test('debian-12*special')).toBe(true);
  expect(wildcard('debian-12\\*special').test('debian-12-special')).toBe(false);
  expect(wildcard('a.b').test('axb')).toBe(false);
});

test('values OR within a filter, filters AND across, numbers and lists compared as text', () => {
  expect(select([{ name: 'name', values: ['ubuntu-*', 'debian-*'] }])).toHaveLength(3);
  expect(select([{ name: 'name', values: ['ubuntu-*'] }, { name: 'size', values: ['8'] }])).toEqual(['ubuntu-focal-20.04-amd64']);
  expect(select([{ name: 'zone', values: ['b', 'c'] }])).toEqual(['ubuntu-focal-20.04-amd64', 'ubuntu-jammy-22.04-arm64']);
});

test('tag:<key> matches the key exactly and the value by wildcard; tag-key and tag-value', () => {
  expect(select([{ name: 'tag:Name', values: ['*-1'] }])).toEqual(['ubuntu-focal-20.04-amd64', 'ubuntu-jammy-22.04-arm64']);
  expect(select([{ name: 'tag:name', values: ['*'] }])).toEqual([]);
  expect(select([{ name: 'tag-key', values: ['env'] }])).toEqual(['ubuntu-focal-20.04-amd64']);
  expect(select([{ name: 'tag-value', values: ['db-*'] }])).toEqual(['ubuntu-jammy-22.04-arm64']);
});

test('an unknown filter name is InvalidParameterValue', () => {
  expect(() => select([{ name: 'colour', values: ['x'] }])).toThrow(AwsError);
  try {
    select([{ name: 'colour', values: ['x'] }]);
  } catch (error) {
    expect((error as AwsError).code).toBe('InvalidParameterValue');
  }
});

test('pagination walks the result in pages; bad tokens and out-of-range MaxResults are refused', () => {
  const items = Array.from({ length: 12 }, (_, i) => i);
  const first = paginate(items, 5, undefined, { min: 5, max: 1000 });
  expect(first.items).toEqual([0, 1, 2, 3, 4]);
  const second = paginate(items, 5, first.nextToken, { min: 5, max: 1000 });
  const third = paginate(items, 5, second.nextToken, { min: 5, max: 1000 });
  expect([...second.items, ...third.items]).toEqual([5, 6, 7, 8, 9, 10, 11]);
  expect(third.nextToken).toBeUndefined();
  expect(paginate(items, undefined, undefined, { min: 5, max: 1000 }).items).toHaveLength(12);
  expect(() => paginate(items, 4, undefined, { min: 5, max: 1000 })).toThrow(/between 5 and 1000/);
  expect(() => paginate(items, 5, 'garbage', { min: 5, max: 1000 })).toThrow(/NextToken/);
});
