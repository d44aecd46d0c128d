// Remote paths are quoted for the remote shell: checked with a real POSIX shell (dash, bash), which must get the
// path back unchanged, and globs stay active only where `shellQuoteGlob` leaves them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { hasGlob, shellQuote, shellQuoteGlob, shellQuotePath } from '../src/transfer-quote.js';
import { tempDir } from './transfer-support.js';

const awkward = [
  'plain/path.txt',
  '',
  'with space',
  `it's`,
  `"double" and 'single'`,
  '$HOME and ${PATH} and $(id) and `id`',
  'back\\slash',
  'semi;colon & amp | pipe > out < in',
  '-starts-with-dash',
  'new\nline',
  'tab\there',
  '*?[glob]',
  '~tilde',
  'ünïcödé',
];

describe.each(['sh', 'bash'])('%s', (shell) => {
  test.each(awkward)('shellQuote(%j) comes back unchanged', (value) => {
    expect(execFileSync(shell, ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' })).toBe(value);
  });
});

test('shellQuote leaves safe paths bare and quotes the rest', () => {
  expect(shellQuote('/tmp/a-b_c.d/e:f@g%h+i=j,k')).toBe('/tmp/a-b_c.d/e:f@g%h+i=j,k');
  expect(shellQuote(`a b'c`)).toBe(`'a b'\\''c'`);
});

test('shellQuotePath keeps a leading ~/ for the home directory, and only that', () => {
  const echo = (word: string) =>
    execFileSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8', env: { ...process.env, HOME: '/home/someone' } });
  expect(echo(shellQuotePath('~/my dir/$x'))).toBe('/home/someone/my dir/$x');
  expect(echo(shellQuotePath('~'))).toBe('/home/someone');
  expect(echo(shellQuotePath('/a/~/b c'))).toBe('/a/~/b c');
  expect(echo(shellQuotePath('~other/x'))).toBe('~other/x');
});

test('shellQuoteGlob expands only its glob characters', () => {
  const dir = tempDir('tspacker-glob-');
  try {
    for (const name of ['a 1.log', 'b $x.log', 'c.txt', '.hidden.log']) fs.writeFileSync(path.join(dir, name), '');
    const expand = (pattern: string) =>
      execFileSync('bash', ['-c', `for f in ${shellQuoteGlob(pattern)}; do printf '%s\\n' "$f"; done`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((f) => path.basename(f));
    expect(expand(`${dir}/*.log`)).toEqual(['a 1.log', 'b $x.log']);
    expect(expand(`${dir}/[ab] ?.log`)).toEqual(['a 1.log']);
    expect(expand(`${dir}/b $x.log`)).toEqual(['b $x.log']);
    expect(hasGlob('/a/b*')).toBe(true);
    expect(hasGlob('/a/b c')).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
