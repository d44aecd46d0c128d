// Filesystem functions on real temporary files: Go's filepath semantics, "~" expansion, the base directory
// (path.root) for file/fileexists/fileset/templatefile versus the working directory for abspath/filebase64,
// doublestar globbing, templatefile rendering, and the Go error texts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamicPseudoType, StringType, objectOf } from '../../src/values/types.js';
import { stringVal, unknownVal } from '../../src/values/value.js';
import { callWith, evaluator, table, type Evaluator } from './packer-eval.js';

const invalid = (param: string, msg: string) => `error: Invalid function argument: Invalid value for "${param}" parameter: ${msg}.`;
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;

// <tmp>/work is the working directory, <tmp>/work/config the configuration directory, <tmp>/home the home directory.
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-fs-')));
const work = path.join(tmp, 'work');
const config = path.join(work, 'config');
const home = path.join(tmp, 'home');
const write = (p: string, content: string | Buffer) => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
};
write(path.join(config, 'hello.txt'), 'Hello, world!\n');
write(path.join(config, 'b.txt'), 'b');
write(path.join(config, 'nfd.txt'), 'an\u0303o');
write(path.join(config, 'bin.dat'), Buffer.from([0xff, 0xfe, 0x00]));
write(path.join(config, 'sub', 'c.txt'), 'c');
write(path.join(config, 'sub', '.hidden'), 'h');
write(path.join(config, 'sub', 'deep', 'd.md'), 'd');
fs.mkdirSync(path.join(config, 'empty'));
fs.chmodSync(path.join(config, 'empty'), 0o755);
write(path.join(config, 'greet.tpl'), 'Hello, ${name}!');
write(path.join(config, 'list.tpl'), '%{ for x in items ~}\n- ${x}\n%{ endfor ~}\n');
write(path.join(config, 'bare.tpl'), '${val}');
write(path.join(config, 'func.tpl'), '${upper(name)} has ${length(items)} items');
write(path.join(config, 'recursive.tpl'), '${templatefile("greet.tpl", {name = "x"})}');
write(path.join(config, 'missing-var.tpl'), 'a ${nope.attr} b');
write(path.join(config, 'bad.tpl'), 'x ${');
write(path.join(config, 'evalerr.tpl'), '${1 + "a"}');
write(path.join(work, 'w.txt'), 'in the working directory');
write(path.join(home, 'h.txt'), 'at home');
const links = path.join(tmp, 'links');
write(path.join(links, 'real', 'r.txt'), 'r');
fs.symlinkSync(path.join(links, 'real'), path.join(links, 'dirlink'));
fs.symlinkSync(path.join(links, 'nowhere'), path.join(links, 'broken'));

const savedHome = process.env['HOME'];
beforeAll(() => {
  process.env['HOME'] = home;
});
afterAll(() => {
  process.env['HOME'] = savedHome;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ev: Evaluator = evaluator({ baseDir: config, cwd: work });

describe('basename / dirname (Go filepath)', () => {
  table(ev, [
    ['basename("a/b/c.txt")', '"c.txt"'],
    ['basename("a/b/")', '"b"'],
    ['basename("//x//")', '"x"'],
    ['basename("/")', '"/"'],
    ['basename("")', '"."'],
    ['basename("a")', '"a"'],
    ['dirname("a/b/c.txt")', '"a/b"'],
    ['dirname("a/b/")', '"a/b"'],
    ['dirname("a//b")', '"a"'],
    ['dirname("/a")', '"/"'],
    ['dirname("/")', '"/"'],
    ['dirname("a")', '"."'],
    ['dirname("")', '"."'],
    ['dirname("./a/../b")', '"."'],
  ]);
});

describe('abspath (working directory)', () => {
  table(ev, [
    ['abspath("x")', JSON.stringify(path.join(work, 'x'))],
    ['abspath("a/./b/")', JSON.stringify(path.join(work, 'a/b'))],
    ['abspath("")', JSON.stringify(work)],
    ['abspath("/a/../b")', '"/b"'],
    ['abspath("../..")', JSON.stringify(path.dirname(tmp))],
  ]);
});

describe('pathexpand', () => {
  test('home directory expansion', () => {
    expect(ev('pathexpand("~/x/y")')).toBe(JSON.stringify(path.join(home, 'x/y')));
    expect(ev('pathexpand("~")')).toBe(JSON.stringify(home));
    expect(ev('pathexpand("~/")')).toBe(JSON.stringify(home));
    expect(ev('pathexpand("x/~")')).toBe('"x/~"');
    expect(ev('pathexpand("")')).toBe('""');
    expect(ev('pathexpand("~user/x")')).toBe(failed('pathexpand', 'cannot expand user-specific home dir'));
  });
});

describe('file (base directory)', () => {
  test('reads files relative to the base directory, absolute paths and "~"', () => {
    expect(ev('file("hello.txt")')).toBe('"Hello, world!\\n"');
    expect(ev('file("sub/../hello.txt")')).toBe('"Hello, world!\\n"');
    expect(ev(`file("${path.join(config, 'b.txt')}")`)).toBe('"b"');
    expect(ev('file("~/h.txt")')).toBe('"at home"');
    // File contents are strings, so they are NFC-normalised.
    expect(ev('file("nfd.txt")')).toBe(JSON.stringify('año'));
  });
  test('errors', () => {
    expect(ev('file("nope.txt")')).toBe(failed('file', `no file exists at ${path.join(config, 'nope.txt')}`));
    expect(ev('file("sub")')).toBe(failed('file', `failed to read ${path.join(config, 'sub')}`));
    expect(ev('file("hello.txt/x")')).toBe(failed('file', `failed to read ${path.join(config, 'hello.txt/x')}`));
    expect(ev('file("bin.dat")')).toBe(
      failed(
        'file',
        'contents of bin.dat are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead',
      ),
    );
    expect(ev('file("~other/x")')).toBe(failed('file', 'failed to expand ~: cannot expand user-specific home dir'));
    expect(ev('file(null)')).toBe(invalid('path', 'argument must not be null'));
  });
  test('a relative base directory is taken from the working directory', () => {
    const rel = evaluator({ baseDir: 'config', cwd: work });
    expect(rel('file("b.txt")')).toBe('"b"');
    expect(rel('file("nope.txt")')).toBe(failed('file', 'no file exists at config/nope.txt'));
  });
});

describe('fileexists', () => {
  test('regular files, missing files, and other kinds', () => {
    expect(ev('fileexists("hello.txt")')).toBe('true');
    expect(ev('fileexists("nope.txt")')).toBe('false');
    expect(ev('fileexists("~/h.txt")')).toBe('true');
    expect(ev('fileexists("empty")')).toBe(failed('fileexists', `${path.join(config, 'empty')} is not a regular file, but "drwxr-xr-x"`));
    expect(ev('fileexists("hello.txt/x")')).toBe(failed('fileexists', `failed to stat ${path.join(config, 'hello.txt/x')}`));
    expect(ev(`fileexists("${path.join(links, 'dirlink', 'r.txt')}")`)).toBe('true');
    expect(ev(`fileexists("${path.join(links, 'broken')}")`)).toBe('false');
  });
});

describe('fileset (doublestar globs)', () => {
  table(ev, [
    ['fileset(".", "*.txt")', 'set["b.txt", "hello.txt", "nfd.txt"]'],
    ['fileset(".", "{hello,b}.txt")', 'set["b.txt", "hello.txt"]'],
    ['fileset(".", "[a-c].txt")', 'set["b.txt"]'],
    ['fileset(".", "[^a-c].txt")', 'set(string)[]'],
    ['fileset(".", "?.txt")', 'set["b.txt"]'],
    ['fileset("sub", "*")', 'set[".hidden", "c.txt"]'],
    ['fileset("sub", "**")', 'set[".hidden", "c.txt", "deep/d.md"]'],
    ['fileset(".", "**/*.md")', 'set["sub/deep/d.md"]'],
    ['fileset(".", "sub/**/*.md")', 'set["sub/deep/d.md"]'],
    ['fileset(".", "*/*.txt")', 'set["sub/c.txt"]'],
    ['fileset("sub/deep", "../*.txt")', 'set["../c.txt"]'],
    ['fileset(".", "empty/*")', 'set(string)[]'],
    ['fileset("nowhere", "*")', 'set(string)[]'],
    ['fileset(".", "hello.txt")', 'set["hello.txt"]'],
    ['fileset(".", "sub")', 'set(string)[]'],
    ['fileset(".", "\\\\*.txt")', 'set(string)[]'],
    ['fileset(".", "[")', failed('fileset', `failed to glob pattern (${config}/[): syntax error in pattern`)],
    ['fileset(".", "{a,b")', failed('fileset', `failed to glob pattern (${config}/{a,b): syntax error in pattern`)],
  ]);
  test('absolute paths, symbolic links and relative base directories', () => {
    expect(ev(`fileset("${config}", "*.txt")`)).toBe('set["b.txt", "hello.txt", "nfd.txt"]');
    expect(ev(`fileset("${links}", "**/*.txt")`)).toBe('set["dirlink/r.txt", "real/r.txt"]');
    expect(ev(`fileset("${links}", "dirlink/*")`)).toBe('set["dirlink/r.txt"]');
    expect(ev(`fileset("${links}", "b*")`)).toBe(
      failed('fileset', `failed to stat (${links}/broken): stat ${links}/broken: no such file or directory`),
    );
    const rel = evaluator({ baseDir: 'config', cwd: work });
    expect(rel('fileset(".", "*.txt")')).toBe('set["b.txt", "hello.txt", "nfd.txt"]');
    expect(rel('fileset("sub", "**/*.md")')).toBe('set["deep/d.md"]');
  });
});

describe('filebase64 (Packer: working directory, no "~")', () => {
  test('reads relative to the working directory', () => {
    expect(ev('filebase64("w.txt")')).toBe(JSON.stringify(Buffer.from('in the working directory').toString('base64')));
    expect(ev('filebase64("config/bin.dat")')).toBe('"//4A"');
    expect(ev(`filebase64("${path.join(config, 'b.txt')}")`)).toBe('"Yg=="');
  });
  test('errors carry Go\'s *PathError text', () => {
    expect(ev('filebase64("hello.txt")')).toBe(failed('filebase64', 'failed to read file "hello.txt": open hello.txt: no such file or directory'));
    expect(ev('filebase64("~/h.txt")')).toBe(failed('filebase64', 'failed to read file "~/h.txt": open ~/h.txt: no such file or directory'));
    expect(ev('filebase64("config")')).toBe(failed('filebase64', 'failed to read file "config": read config: is a directory'));
  });
});

describe('templatefile', () => {
  table(ev, [
    ['templatefile("greet.tpl", {name = "world"})', '"Hello, world!"'],
    ['templatefile("greet.tpl", {name = 1})', '"Hello, 1!"'],
    ['templatefile("list.tpl", {items = ["a", "b"]})', '"- a\\n- b\\n"'],
    ['templatefile("func.tpl", {name = "x", items = [1, 2]})', '"X has 2 items"'],
    // A lone interpolation passes its value through unchanged.
    ['templatefile("bare.tpl", {val = [1, 2]})', '[1, 2]'],
    ['templatefile("bare.tpl", {val = true})', 'true'],
    ['templatefile("greet.tpl", {name = "x", extra = 1})', '"Hello, x!"'],
    ['templatefile("nope.tpl", {})', failed('templatefile', `no file exists at ${path.join(config, 'nope.tpl')}`)],
    ['templatefile("greet.tpl", "x")', invalid('vars', 'invalid vars value: must be a map')],
    [
      'templatefile("greet.tpl", {name = "x", "1bad" = 1})',
      invalid('vars', 'invalid template variable name "1bad": must start with a letter, followed by zero or more letters, digits, and underscores'),
    ],
    ['templatefile("missing-var.tpl", {})', invalid('vars', 'vars map does not contain key "nope", referenced at missing-var.tpl:1,5-9')],
    [
      'templatefile("recursive.tpl", {})',
      failed(
        'templatefile',
        'recursive.tpl:1,3-16: Error in function call; Call to function "templatefile" failed: cannot recursively call templatefile from inside templatefile call.',
      ),
    ],
    [
      'templatefile("evalerr.tpl", {})',
      failed('templatefile', 'evalerr.tpl:1,7-10: Invalid operand; Unsuitable value for right operand: a number is required.'),
    ],
  ]);
  test('parse errors are reported with their position', () => {
    expect(ev('templatefile("bad.tpl", {})')).toMatch(/^error: Error in function call: Call to function "templatefile" failed: bad\.tpl:1,\d+-\d+: /);
  });
  test('unknown arguments give an unknown result', () => {
    expect(callWith(ev, 'templatefile', stringVal('greet.tpl'), unknownVal(objectOf({ name: StringType })))).toBe('?(any)');
    expect(callWith(ev, 'templatefile', unknownVal(StringType), unknownVal(DynamicPseudoType))).toBe('?(any)');
  });
});
