// hashicorp/go-version semantics, checked with the vectors of go-version's own tests (version_test.go,
// constraint_test.go).
import { GoConstraints, GoVersion, VersionError } from '@tspacker/core';

describe('GoVersion.parse', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['1.2.3', false],
    ['1.0', false],
    ['1', false],
    ['1.2.beta', true],
    ['1.21.beta', true],
    ['foo', true],
    ['1.2-5', false],
    ['1.2-beta.5', false],
    ['\n1.2', true],
    ['1.2.0-x.Y.0+metadata', false],
    ['1.2.0-x.Y.0+metadata-width-hyphen', false],
    ['1.2.3-rc1-with-hyphen', false],
    ['1.2.3.4', false],
    ['1.2.0.4-x.Y.0+metadata', false],
    ['1.2.0-X-1.2.0+metadata~dist', false],
    ['v1.2.3', false],
    ['foo1.2.3', true],
    ['1.7rc2', false],
    ['v1.7rc2', false],
    ['1.0-', false],
    ['controller-v0.40.2', true],
  ];
  test.each(cases)('%j (error: %s)', (text, err) => {
    if (err) expect(() => GoVersion.parse(text)).toThrow(VersionError);
    else expect(() => GoVersion.parse(text)).not.toThrow();
  });

  test('error texts and String()', () => {
    expect(() => GoVersion.parse('foo')).toThrow('malformed version: foo');
    expect(() => GoVersion.parse('99999999999999999999')).toThrow('error parsing version: strconv.ParseInt: parsing "99999999999999999999": value out of range');
    expect(GoVersion.parse('v1.2').toString()).toBe('1.2.0');
    expect(GoVersion.parse('1.2.0-beta.1+meta').toString()).toBe('1.2.0-beta.1+meta');
    expect(GoVersion.parse('1.7rc2').prerelease).toBe('rc2');
    expect(GoVersion.parse('1.16.0-dev').core().toString()).toBe('1.16.0');
  });
});

describe('GoVersion.compare', () => {
  const cases: [string, string, number][] = [
    ['1.2.3', '1.4.5', -1],
    ['1.2-beta', '1.2-beta', 0],
    ['1.2', '1.1.4', 1],
    ['1.2', '1.2-beta', 1],
    ['1.2+foo', '1.2+beta', 0],
    ['v1.2', 'v1.2-beta', 1],
    ['v1.2.3.4', 'v1.2.3.4', 0],
    ['v1.2.0.0', 'v1.2', 0],
    ['v1.2.0.0.1', 'v1.2', 1],
    ['v1.2', 'v1.2.0.0', 0],
    ['v1.2', 'v1.2.0.0.1', -1],
    ['v1.2.3.0', 'v1.2.3.4', -1],
    ['1.7rc2', '1.7rc1', 1],
    ['1.7rc2', '1.7', -1],
    ['1.2.0', '1.2.0-X-1.2.0+metadata~dist', 1],
    // prereleases
    ['1.2-beta.1', '1.2-beta.2', -1],
    ['1.2-beta.2', '1.2-beta.11', -1],
    ['3.2-alpha.1', '3.2-alpha', 1],
    ['1.2-beta', '1.2-alpha.3', 1],
    ['3.0-alpha.3', '3.0-rc.1', -1],
    ['3.0-alpha.1', '3.0-alpha.beta', -1],
    ['5.4-alpha', '5.4-alpha.beta', 1],
    ['v3.2-rc.1-1-g123', 'v3.2-rc.2', 1],
  ];
  test.each(cases)('%s <=> %s = %d', (a, b, want) => {
    expect(GoVersion.parse(a).compare(GoVersion.parse(b))).toBe(want);
  });
});

describe('GoConstraints', () => {
  const cases: [string, string, boolean][] = [
    ['>= 1.0, < 1.2', '1.1.5', true],
    ['< 1.0, < 1.2', '1.1.5', false],
    ['= 1.0', '1.1.5', false],
    ['= 1.0', '1.0.0', true],
    ['1.0', '1.0.0', true],
    ['~> 1.0', '2.0', false],
    ['~> 1.0', '1.1', true],
    ['~> 1.0', '1.2.3', true],
    ['~> 1.0.0', '1.2.3', false],
    ['~> 1.0.0', '1.0.7', true],
    ['~> 1.0.0', '1.1.0', false],
    ['~> 1.0.7', '1.0.4', false],
    ['~> 1.0.7', '1.0.7', true],
    ['~> 1.0.7', '1.0.8', true],
    ['~> 1.0.7', '1.0.7.5', true],
    ['~> 1.0.7', '1.0.6.99', false],
    ['~> 1.0.7', '1.0.8.0', true],
    ['~> 1.0.9.5', '1.0.9.5', true],
    ['~> 1.0.9.5', '1.0.9.4', false],
    ['~> 1.0.9.5', '1.0.9.6', true],
    ['~> 1.0.9.5', '1.0.9.5.0', true],
    ['~> 1.0.9.5', '1.0.9.5.1', true],
    ['~> 2.0', '2.1.0-beta', false],
    ['~> 2.1.0-a', '2.2.0', false],
    ['~> 2.1.0-a', '2.1.0', false],
    ['~> 2.1.0-a', '2.1.0-beta', true],
    ['~> 2.1.0-a', '2.2.0-alpha', false],
    ['> 2.0', '2.1.0-beta', false],
    ['>= 2.1.0-a', '2.1.0-beta', true],
    ['>= 2.1.0-a', '2.1.1-beta', false],
    ['>= 2.0.0', '2.1.0-beta', false],
    ['>= 2.1.0-a', '2.1.1', true],
    ['>= 2.1.0-a', '2.1.0', true],
    ['<= 2.1.0-a', '2.0.0', true],
    ['!= 1.5.0', '1.5.0', false],
    ['>= v1', '1.16.0', true],
  ];
  test.each(cases)('%s on %s = %s', (c, v, want) => {
    expect(GoConstraints.parse(c).check(GoVersion.parse(v))).toBe(want);
  });

  test('parse errors and String()', () => {
    expect(() => GoConstraints.parse('>= 1.2, foo')).toThrow('malformed constraint:  foo');
    expect(() => GoConstraints.parse('=> 1.2')).toThrow('malformed constraint: => 1.2');
    expect(GoConstraints.parse('>= 1.2,  < 2').toString()).toBe('>= 1.2,  < 2');
    expect(GoConstraints.parse('>= 1.2.0-beta').constraints[0]!.prerelease).toBe(true);
  });
});
