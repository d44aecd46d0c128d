// Version numbers and constraints as hashicorp/go-version reads them (what Packer uses for `required_version`
// and plugin requirements): `v` prefixes, any number of segments padded to three, prereleases (`1.2.0-beta.1`),
// metadata (`+build`), constraint lists (`>= 1.2, < 2`, `~> 1.7`, `!= 1.5.0`) and go-version's error texts.

const versionPattern =
  'v?([0-9]+(\\.[0-9]+)*?)' +
  '(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?' +
  '(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))??';
const versionRegexp = new RegExp('^' + versionPattern + '$');
// Go's \s is [\t\n\f\r ].
const constraintRegexp = new RegExp('^[\\t\\n\\f\\r ]*(<=|>=|!=|~>|<|>|=|)[\\t\\n\\f\\r ]*(' + versionPattern + ')[\\t\\n\\f\\r ]*$');

const INT64_MAX = (1n << 63n) - 1n;

/** A go-version Version. */
export class GoVersion {
  private constructor(
    /** Numeric segments, at least three (padded with zeros). */
    readonly segments: readonly bigint[],
    /** How many segments were written. */
    readonly writtenSegments: number,
    readonly prerelease: string,
    readonly metadata: string,
    readonly original: string,
  ) {}

  /** version.NewVersion; throws VersionError with go-version's message. */
  static parse(text: string): GoVersion {
    const m = versionRegexp.exec(text);
    if (!m) throw new VersionError(`malformed version: ${text}`);
    const parts = m[1]!.split('.');
    const segments = parts.map((s) => {
      const n = BigInt(s);
      if (n > INT64_MAX) throw new VersionError(`error parsing version: strconv.ParseInt: parsing "${s}": value out of range`);
      return n;
    });
    while (segments.length < 3) segments.push(0n);
    return new GoVersion(segments, parts.length, m[7] || m[4] || '', m[10] ?? '', text);
  }

  /** Version.Core(): the first three segments, without prerelease or metadata. */
  core(): GoVersion {
    return GoVersion.parse(this.segments.slice(0, 3).join('.'));
  }

  /** Version.String(): segments, `-prerelease`, `+metadata`. */
  toString(): string {
    return this.segments.join('.') + (this.prerelease ? '-' + this.prerelease : '') + (this.metadata ? '+' + this.metadata : '');
  }

  /** Version.Compare: -1, 0 or 1 (metadata is ignored unless the texts are equal). */
  compare(other: GoVersion): number {
    if (this.toString() === other.toString()) return 0;
    if (this.equalSegments(other)) {
      const a = this.prerelease;
      const b = other.prerelease;
      if (a === '' && b === '') return 0;
      if (a === '') return 1;
      if (b === '') return -1;
      return comparePrereleases(a, b);
    }
    const s = this.segments;
    const o = other.segments;
    const n = Math.max(s.length, o.length);
    for (let i = 0; i < n; i++) {
      if (i > s.length - 1) return o.slice(i).every((x) => x === 0n) ? 0 : -1;
      if (i > o.length - 1) return s.slice(i).every((x) => x === 0n) ? 0 : 1;
      if (s[i]! === o[i]!) continue;
      return s[i]! < o[i]! ? -1 : 1;
    }
    return 0;
  }

  equalSegments(other: GoVersion): boolean {
    return this.segments.length === other.segments.length && this.segments.every((x, i) => x === other.segments[i]);
  }
}

export class VersionError extends Error {}

function isNumeric(s: string): boolean {
  return /^[+-]?[0-9]+$/.test(s) && BigInt(s) <= INT64_MAX && BigInt(s) >= -INT64_MAX - 1n;
}

function comparePart(a: string, b: string): number {
  if (a === b) return 0;
  const an = isNumeric(a);
  const bn = isNumeric(b);
  if (a === '') return bn ? -1 : 1;
  if (b === '') return an ? 1 : -1;
  if (an && !bn) return -1;
  if (!an && bn) return 1;
  if (!an && !bn && a > b) return 1;
  if (an && bn && BigInt(a) > BigInt(b)) return 1;
  return -1;
}

function comparePrereleases(a: string, b: string): number {
  if (a === b) return 0;
  const ap = a.split('.');
  const bp = b.split('.');
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    const c = comparePart(ap[i] ?? '', bp[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

type Operator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';

/** One element of a constraint list. */
export class GoConstraint {
  constructor(
    readonly operator: Operator,
    readonly version: GoVersion,
    /** The text as written (Constraint.String()). */
    readonly original: string,
  ) {}

  get prerelease(): boolean {
    return this.version.prerelease !== '';
  }

  check(v: GoVersion): boolean {
    const c = this.version;
    switch (this.operator) {
      case '=':
        return v.compare(c) === 0;
      case '!=':
        return v.compare(c) !== 0;
      case '>':
        return prereleaseCheck(v, c) && v.compare(c) === 1;
      case '<':
        return prereleaseCheck(v, c) && v.compare(c) === -1;
      case '>=':
        return prereleaseCheck(v, c) && v.compare(c) >= 0;
      case '<=':
        return prereleaseCheck(v, c) && v.compare(c) <= 0;
      case '~>':
        return pessimistic(v, c);
    }
  }

  toString(): string {
    return this.original;
  }
}

// A version with a prerelease only satisfies a constraint on the same segments with a prerelease.
function prereleaseCheck(v: GoVersion, c: GoVersion): boolean {
  const vPre = v.prerelease !== '';
  const cPre = c.prerelease !== '';
  if (cPre && vPre) return v.equalSegments(c);
  return !(vPre && !cPre);
}

// `~> 1.2.3` means >= 1.2.3, < 1.3; `~> 1.2` means >= 1.2, < 2.
function pessimistic(v: GoVersion, c: GoVersion): boolean {
  if (!prereleaseCheck(v, c) || (c.prerelease !== '' && v.prerelease === '')) return false;
  if (v.compare(c) < 0) return false;
  const cs = c.segments.length;
  if (cs > v.segments.length) return false;
  for (let i = 0; i < c.writtenSegments - 1; i++) if (v.segments[i] !== c.segments[i]) return false;
  return !(c.segments[cs - 1]! > v.segments[cs - 1]!);
}

/** A constraint list (all must hold). */
export class GoConstraints {
  constructor(readonly constraints: readonly GoConstraint[]) {}

  /** version.NewConstraint: comma-separated constraints; throws VersionError with go-version's message. */
  static parse(text: string): GoConstraints {
    return new GoConstraints(text.split(',').map(parseSingle));
  }

  check(v: GoVersion): boolean {
    return this.constraints.every((c) => c.check(v));
  }

  toString(): string {
    return this.constraints.map(String).join(',');
  }
}

function parseSingle(text: string): GoConstraint {
  const m = constraintRegexp.exec(text);
  if (!m) throw new VersionError(`malformed constraint: ${text}`);
  const version = GoVersion.parse(m[2]!);
  const op = (m[1] === '' ? '=' : m[1]) as Operator;
  return new GoConstraint(op, version, text);
}
