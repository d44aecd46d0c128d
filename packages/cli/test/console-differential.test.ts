// Differential test of `tspacker console` against `packer console -config-type=hcl2` (Packer 1.6.6, the
// reference binary installed from Debian): several hundred expressions (console-expressions.ts) go through one
// process of each, line by line (stdin not being a pipe, both print every line's result); a sentinel line
// separates the outputs. Every output must be identical, except where 1.6.6 and current Packer (which tspacker
// follows) are known to differ — each exception gives its reason and both outputs, and must still apply.
// A smaller batch then runs each expression through a real pipe to compare exit codes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXPRESSIONS, FIXTURE_FILES } from './console-expressions.js';
import { packer, tempDir, tspacker, tspackerBin } from './run.js';

const SENTINEL = '@@END-OF-RESULT@@';

const noSource = (summary: string, detail: string) =>
  `Error: ${summary}\n\n  on <console-input> line 1:\n  (source code not available)\n\n${detail}\n\n\n\n`;

interface Exception {
  /** Why 1.6.6 differs from current Packer (packer-features.md §1d lists the missing functions). */
  readonly reason: string;
  /** What Packer 1.6.6 prints (checked, so the reason stays true). */
  readonly packer166: string | RegExp;
  /** What tspacker prints: current Packer's behaviour, from its sources. */
  readonly tspacker: string;
}

const hcl2_24 = 'hcl v2.24 (current Packer) has more specific index/attribute messages than hcl v2.6 (Packer 1.6.6)';
const invalidIndex = (extra: string) =>
  noSource('Invalid index', `The given key does not identify an element in this collection value${extra}`);

/** 1.6.6 vs current Packer differences (among EXPRESSIONS, or extra expressions). */
const EXCEPTIONS: Record<string, Exception> = {
  'null && true': {
    reason: 'hcl v2.24 short-circuits && and ||: a null operand counts as false instead of failing',
    packer166: noSource('Operation failed', 'Error during operation: argument must not be null.'),
    tspacker: 'false\n',
  },
  '[1, 2, 3][3]': {
    reason: hcl2_24,
    packer166: invalidIndex('.'),
    tspacker: invalidIndex(': the given\nindex is greater than or equal to the length of the collection.'),
  },
  '[1, 2, 3][-1]': {
    reason: hcl2_24,
    packer166: invalidIndex('.'),
    tspacker: invalidIndex(': a negative\nnumber is not a valid index for a sequence.'),
  },
  '"str".x': {
    reason: hcl2_24,
    packer166: noSource('Unsupported attribute', 'This value does not have any attributes.'),
    tspacker: noSource('Unsupported attribute', "Can't access attributes on a primitive-typed value (string)."),
  },
  'merge()': {
    reason: 'go-cty v1.13 merge() with no arguments returns an empty object (v1.4: null)',
    packer166: 'null\n',
    tspacker: '{}\n',
  },
  'csvdecode("a,b\\n1")': {
    reason: 'go-cty v1.13 prefixes CSV errors with "CSV parse error on line N"',
    packer166: noSource('Error in function call', 'Call to function "csvdecode" failed: record on line 2: wrong number of fields.'),
    tspacker: noSource('Error in function call', 'Call to function "csvdecode" failed: CSV parse error on line 2: wrong number of\nfields.'),
  },
  '[1, 2': {
    reason: 'hcl v2.24 reports an unclosed tuple at the end of input as unterminated',
    packer166: noSource('Missing item separator', 'Expected a comma to mark the beginning of the next item.'),
    tspacker: noSource(
      'Unterminated tuple constructor expression',
      'There is no corresponding closing bracket before the end of the file. This may\nbe caused by incorrect bracket nesting elsewhere in this file.',
    ),
  },
  '{a = 1': {
    reason: 'hcl v2.24 reports an unclosed object at the end of input as unterminated',
    packer166: noSource('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.'),
    tspacker: noSource(
      'Unterminated object constructor expression',
      'There is no corresponding closing brace before the end of the file. This may be\ncaused by incorrect brace nesting elsewhere in this file.',
    ),
  },
  'packer.version': {
    reason: 'packer.version is the Packer version tspacker emulates (1.16.0)',
    packer166: '1.6.6\n',
    tspacker: '1.16.0\n',
  },
  'index(["a", "b", "c"], "b")': {
    reason: "index() is Packer's find-the-position function; 1.6.6 had cty's element lookup under that name (§1d)",
    packer166: noSource('Error in function call', 'Call to function "index" failed: key for tuple must be number.'),
    tspacker: '1\n',
  },
  'index(["a"], "z")': {
    reason: "index() is Packer's find-the-position function; 1.6.6 had cty's element lookup under that name (§1d)",
    packer166: noSource('Error in function call', 'Call to function "index" failed: key for tuple must be number.'),
    tspacker: noSource('Error in function call', 'Call to function "index" failed: item not found.'),
  },
  packer: {
    reason: 'current Packer adds packer.iterationID and packer.versionFingerprint, unknown in the console',
    packer166: '{\n  "version" = "1.6.6"\n}\n',
    tspacker: '<unknown>\n',
  },
};

/** Functions 1.6.6 does not have (packer-features.md §1d): tspacker's output is checked against current Packer's. */
const CURRENT_ONLY: Record<string, string> = {
  'sum([1, 2, 3.5])': '6.5\n',
  'sum([])': noSource('Invalid function argument', 'Invalid value for "list" parameter: cannot sum an empty list.'),
  'regex("[a-z]+", "123abc456")': 'abc\n',
  'regex("(\\\\d+)-(\\\\d+)", "10-20")': '[\n  "10",\n  "20",\n]\n',
  'regex("(?P<year>\\\\d{4})-(?P<month>\\\\d{2})", "2024-05")': '{\n  "month" = "05"\n  "year" = "2024"\n}\n',
  'regex("x", "abc")': noSource('Error in function call', 'Call to function "regex" failed: pattern did not match any part of the given\nstring.'),
  'regexall("\\\\d", "a1b2c3")': '[\n  "1",\n  "2",\n  "3",\n]\n',
  'regexall("z", "abc")': '[]\n',
  'startswith("hello", "he")': 'true\n',
  'endswith("hello", "he")': 'false\n',
  'strcontains("hello", "ell")': 'true\n',
  'alltrue([true, true])': 'true\n',
  'alltrue([])': 'true\n',
  'alltrue([true, false])': 'false\n',
  'anytrue([false, true])': 'true\n',
  'anytrue([])': 'false\n',
  'textencodebase64("héllo", "UTF-16LE")': 'aADpAGwAbABvAA==\n',
  'textdecodebase64("aABpAA==", "UTF-16LE")': 'hi\n',
  'filebase64("hello.txt")': 'SGVsbG8sIHdvcmxkIQo=\n',
  'templatefile("tpl.pkrtpl.hcl", {name = "you", items = [1, 2]})': 'Hello you! [1] [2]\n\n',
  'unix_timestamp_parse(0).rfc3339': '1970-01-01T00:00:00Z\n',
  'rfc3339_parse("2024-02-29T12:34:56+05:30").unix': '1709190296\n',
  'rfc3339_parse("2024-02-29T12:34:56Z").year_day': '60\n',
};

/**
 * Differences that are tspacker bugs, with the module that owns them. Each must still differ from Packer (so
 * that a fix is noticed and the entry removed); the real Packer output is the target.
 */
const KNOWN_BUGS: Record<string, string> = {
  'yamldecode("a: [")': 'functions/yaml-decode.ts: the parse error should read "did not find expected node content" (go-cty-yaml v1.0.1 in both Packers)',
};

function fixtureDir(): string {
  return tempDir(FIXTURE_FILES);
}

/** One console process, every expression followed by the sentinel; returns the output of each expression. */
function runAll(run: typeof tspacker, args: string[], exprs: readonly string[], cwd: string): string[] {
  const input = exprs.map((e) => `${e}\n"${SENTINEL}"\n`).join('');
  const r = run(args, { input, cwd });
  expect(r.status).toBe(0);
  const parts = r.stdout.split(`${SENTINEL}\n`);
  expect(parts.length).toBe(exprs.length + 1);
  return parts.slice(0, -1);
}

describe('console output, expression by expression, against packer 1.6.6', () => {
  const cwd = fixtureDir();
  const extra = [...Object.keys(EXCEPTIONS), ...Object.keys(CURRENT_ONLY), ...Object.keys(KNOWN_BUGS)].filter((e) => !EXPRESSIONS.includes(e));
  const all = [...EXPRESSIONS, ...extra];
  const ours = runAll(tspacker, ['console', '-config-type=hcl2'], all, cwd);
  const theirs = runAll(packer, ['console', '-config-type=hcl2'], all, cwd);
  const results = new Map(all.map((e, i) => [e, { ts: ours[i]!, pk: theirs[i]! }]));

  const plain = EXPRESSIONS.filter((e) => !(e in EXCEPTIONS) && !(e in KNOWN_BUGS));
  test(`identical output for the ${plain.length} expressions without exceptions`, () => {
    const mismatches: string[] = [];
    for (const e of plain) {
      const { ts, pk } = results.get(e)!;
      if (ts !== pk) mismatches.push(`${e}\n--- packer 1.6.6:\n${pk}--- tspacker:\n${ts}`);
    }
    expect(mismatches).toEqual([]);
  });

  test.each(Object.entries(EXCEPTIONS))('exception %s', (expr, ex) => {
    const { ts, pk } = results.get(expr)!;
    if (typeof ex.packer166 === 'string') expect(pk).toBe(ex.packer166);
    else expect(pk).toMatch(ex.packer166);
    expect(ts).toBe(ex.tspacker);
  });

  test.each(Object.entries(CURRENT_ONLY))('function missing in 1.6.6: %s', (expr, want) => {
    const { ts, pk } = results.get(expr)!;
    const fn = /^([a-z_0-9]+)\(/.exec(expr)![1]!;
    // (Go picks a "Did you mean" suggestion in map order: it may or may not be there.)
    expect(pk).toMatch(new RegExp(`^Error: Call to unknown function\\n\\n.*\\n\\nThere is no function named "${fn}"\\.`, 's'));
    expect(ts).toBe(want);
  });

  test.each(Object.entries(KNOWN_BUGS))('known tspacker bug still present: %s', (expr) => {
    const { ts, pk } = results.get(expr)!;
    expect(ts).not.toBe(pk);
  });
});

describe('exit codes through a real pipe', () => {
  // A sample: values, runtime errors, parse errors, and a failing line followed by a good one.
  const inputs = ['1 + 1', '"a" + 1', 'nope', '1 +* 2', 'upper("x")', 'jsondecode("{")', '{a = 1}.b', 'nope\n2', '2\nnope', '\n'];
  const cwd = fixtureDir();

  async function pipeRun(cmd: string, text: string): Promise<{ stdout: string; status: number | null }> {
    const dir = tempDir({ 'in.txt': text + '\n' });
    return new Promise((resolve, reject) => {
      const child = spawn('sh', ['-c', `cat ${path.join(dir, 'in.txt')} | ${cmd}`], { cwd });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('error', reject);
      child.on('close', (status) => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve({ stdout, status });
      });
    });
  }

  test('same output and exit code as packer for each input', async () => {
    const jobs = inputs.flatMap((text) => [
      pipeRun(`${process.execPath} ${tspackerBin} console -config-type=hcl2`, text),
      pipeRun('packer console -config-type=hcl2', text),
    ]);
    const results = await Promise.all(jobs);
    const pairs = inputs.map((text, i) => ({ text, ts: results[2 * i]!, pk: results[2 * i + 1]! }));
    for (const { text, ts, pk } of pairs) expect({ text, ...ts }).toEqual({ text, ...pk });
    // The sample does exercise both exit codes.
    expect(new Set(pairs.map((p) => p.ts.status))).toEqual(new Set([0, 1]));
  });
});
