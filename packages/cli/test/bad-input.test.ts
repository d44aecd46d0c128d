// Bad input through the built CLI: malformed templates and var files, unknown blocks and attributes, type
// mismatches, cycles, bad globs, unreadable files. Each must end with exit 1 and diagnostics (`Error: SUMMARY`, and
// `on FILE line N` where Packer gives a range), never a stack trace. Where Packer 1.6.6 agrees with Packer 1.16
// (packer-features.md, and the Go source for the ranges), `packer validate` on the same files is the oracle.
import fs from 'node:fs';
import path from 'node:path';
import { packer, tempDir, tspacker, type RunResult } from './run.js';

type Command = 'validate' | 'inspect' | 'console';
/** Errors found while parsing stop every command; those of later phases only stop `validate` (inspect and console ignore them). */
const ALL: readonly Command[] = ['validate', 'inspect', 'console'];
const VALIDATE: readonly Command[] = ['validate'];

interface BadInput {
  readonly name: string;
  readonly files?: Record<string, string | Buffer>;
  /** Directories, symbolic links: what `files` cannot express. */
  readonly setup?: (dir: string) => void;
  /** Flags and TEMPLATE, after the command name. */
  readonly args: readonly string[];
  readonly commands: readonly Command[];
  /** Every `Error:` summary printed, in order, each once. */
  readonly errors: readonly string[];
  /** Every `on FILE line N` printed, in order, each once (`FILE:N`). */
  readonly at?: readonly string[];
  /** Text the output must also contain (a detail). */
  readonly says?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Packer 1.6.6 as the oracle: 'same' = same exit code, summaries and locations; 'summaries' = same exit code and
   * summaries (1.6.6's ranges differ from 1.16's here); undefined = 1.6.6 and 1.16 disagree (see `why`).
   */
  readonly packer?: 'same' | 'summaries';
  readonly why?: string;
}

const SOURCE = 'source "null" "x" {\n  communicator = "none"\n}\n';
const BUILD = 'build {\n  sources = ["source.null.x"]\n}\n';
/** A valid template tail: lines 1-6. */
const BASE = SOURCE + BUILD;
const TYPED = 'variable "n" {\n  type    = number\n  default = 1\n}\n';

const CASES: readonly BadInput[] = [
  // ---- malformed files ----------------------------------------------------------------------------------------
  {
    name: 'malformed template: unclosed block',
    files: { 't.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n\n' + BUILD },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Unclosed configuration block'],
    at: ['t.pkr.hcl:1'],
    why: '1.6.6 has an older HCL parser ("Argument or block definition required")',
  },
  {
    name: 'malformed template: missing item separator',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = [1, 2\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Missing item separator'],
    at: ['t.pkr.hcl:3'],
    packer: 'same',
  },
  {
    name: 'malformed template: dangling operator',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = 1 +\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid expression'],
    at: ['t.pkr.hcl:2'],
    packer: 'same',
  },
  {
    name: 'malformed JSON template',
    files: { 't.pkr.json': '{"variable": {"a": ' },
    args: ['t.pkr.json'],
    commands: ALL,
    errors: ['Missing value', 'Unclosed object', 'Root value must be object'],
    at: ['t.pkr.json:1'],
    packer: 'same',
  },
  {
    name: 'JSON template with a string left open (Go places the error past the end of the file)',
    files: { 't.pkr.json': '{"variable": {"a": "xx' },
    args: ['t.pkr.json'],
    commands: ALL,
    errors: ['Invalid JSON string', 'Unclosed object', 'Root value must be object'],
    at: ['t.pkr.json:1'],
    packer: 'same',
  },
  {
    name: 'invalid UTF-8 in a template',
    files: { 't.pkr.hcl': Buffer.concat([Buffer.from('variable "a" {\n  default = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n}\n' + BASE)]) },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid character encoding', 'Unterminated template string'],
    at: ['t.pkr.hcl:2'],
    packer: 'same',
  },
  {
    name: 'malformed .pkrvars.hcl',
    files: { 't.pkr.hcl': TYPED + BASE, 'bad.pkrvars.hcl': 'n = \n' },
    args: ['-var-file=bad.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid expression'],
    at: ['bad.pkrvars.hcl:1'],
    packer: 'same',
  },
  {
    name: 'malformed .pkrvars.json',
    files: { 't.pkr.hcl': TYPED + BASE, 'bad.pkrvars.json': '{"n": ' },
    args: ['-var-file=bad.pkrvars.json', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Missing value', 'Unclosed object', 'Root value must be object'],
    at: ['bad.pkrvars.json:1'],
    packer: 'same',
  },
  {
    name: 'binary .pkrvars.json',
    files: { 't.pkr.hcl': TYPED + BASE, 'bin.pkrvars.json': Buffer.from([0, 1, 2]) },
    args: ['-var-file=bin.pkrvars.json', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid start of value', 'Root value must be object'],
    at: ['bin.pkrvars.json:1'],
    packer: 'same',
  },
  {
    name: 'invalid UTF-8 in a var file',
    files: { 't.pkr.hcl': TYPED + BASE, 'utf.pkrvars.hcl': Buffer.from([...Buffer.from('n = "'), 0xff, ...Buffer.from('"\n')]) },
    args: ['-var-file=utf.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid character encoding', 'Unterminated template string'],
    at: ['utf.pkrvars.hcl:1'],
    packer: 'same',
  },
  {
    name: 'a var file with a variable block',
    files: { 't.pkr.hcl': TYPED + BASE, 'decl.pkrvars.hcl': 'variable "n" {\n  default = 1\n}\n' },
    args: ['-var-file=decl.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Variable declaration in a .pkrvar file'],
    at: ['decl.pkrvars.hcl:1'],
    packer: 'same',
  },
  {
    name: 'a function call in a var file',
    files: { 't.pkr.hcl': TYPED + BASE, 'fn.pkrvars.hcl': 'n = abs(-1)\n' },
    args: ['-var-file=fn.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Function calls not allowed'],
    at: ['fn.pkrvars.hcl:1'],
    packer: 'same',
  },
  {
    name: 'a variable reference in a var file',
    files: { 't.pkr.hcl': TYPED + BASE, 'ref.pkrvars.hcl': '\nn = var.n\n' },
    args: ['-var-file=ref.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Variables not allowed'],
    at: ['ref.pkrvars.hcl:2'],
    packer: 'same',
  },
  {
    name: 'a var file of unknown format',
    files: { 't.pkr.hcl': TYPED + BASE, 'v.txt': 'n = 1\n' },
    args: ['-var-file=v.txt', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Could not guess format of v.txt'],
    packer: 'same',
  },

  // ---- missing and unreadable files -----------------------------------------------------------------------------
  {
    name: 'a var file that does not exist (.hcl)',
    files: { 't.pkr.hcl': TYPED + BASE },
    args: ['-var-file=nope.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Failed to read file'],
    says: 'The configuration file "nope.pkrvars.hcl" could not be read.',
    packer: 'same',
  },
  {
    name: 'a var file that does not exist (.json)',
    files: { 't.pkr.hcl': TYPED + BASE },
    args: ['-var-file=nope.pkrvars.json', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Failed to open file'],
    says: 'The file "nope.pkrvars.json" could not be opened.',
    packer: 'same',
  },
  {
    name: 'a var file that is a directory',
    files: { 't.pkr.hcl': TYPED + BASE },
    setup: (dir) => fs.mkdirSync(path.join(dir, 'd.pkrvars.hcl')),
    args: ['-var-file=d.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Failed to read file'],
    packer: 'same',
  },
  {
    name: 'a template directory without templates',
    files: { 'tpl/notes.txt': 'x' },
    args: ['tpl'],
    commands: ALL,
    errors: ['Could not find any config file in tpl'],
    packer: 'same',
  },
  {
    name: 'a template directory whose only "template" is a directory',
    setup: (dir) => fs.mkdirSync(path.join(dir, 'tpl/x.pkr.hcl'), { recursive: true }),
    args: ['tpl'],
    commands: ALL,
    errors: ['Could not find any config file in tpl'],
    packer: 'same',
  },
  {
    name: 'a directory named like a template, given as the template',
    setup: (dir) => fs.mkdirSync(path.join(dir, 'x.pkr.hcl')),
    args: ['x.pkr.hcl'],
    commands: ALL,
    errors: ['Could not find any config file in x.pkr.hcl'],
    packer: 'same',
  },
  {
    name: 'a dangling symbolic link in a template directory',
    files: { 'tpl/t.pkr.hcl': BASE },
    setup: (dir) => fs.symlinkSync('/nonexistent/target', path.join(dir, 'tpl/y.pkr.hcl')),
    args: ['tpl'],
    commands: ALL,
    errors: ['Failed to read file'],
    says: 'The configuration file "tpl/y.pkr.hcl" could not be read.',
    packer: 'same',
  },
  {
    name: 'a symbolic link to a directory in a template directory (listed like a file, then unreadable)',
    files: { 'tpl/t.pkr.hcl': BASE, 'elsewhere/keep': '' },
    setup: (dir) => fs.symlinkSync('../elsewhere', path.join(dir, 'tpl/y.pkr.hcl')),
    args: ['tpl'],
    commands: ALL,
    errors: ['Failed to read file'],
    says: 'The configuration file "tpl/y.pkr.hcl" could not be read.',
    packer: 'same',
  },
  {
    name: 'a dangling symbolic link as an auto var file',
    files: { 'tpl/t.pkr.hcl': TYPED + BASE },
    setup: (dir) => fs.symlinkSync('/nonexistent/target', path.join(dir, 'tpl/y.auto.pkrvars.hcl')),
    args: ['tpl'],
    commands: ALL,
    errors: ['Failed to read file'],
    packer: 'same',
  },
  {
    name: 'a symbolic link loop in a template directory',
    files: { 'tpl/t.pkr.hcl': BASE },
    setup: (dir) => {
      fs.symlinkSync('b.pkr.hcl', path.join(dir, 'tpl/a.pkr.hcl'));
      fs.symlinkSync('a.pkr.hcl', path.join(dir, 'tpl/b.pkr.hcl'));
    },
    args: ['tpl'],
    commands: ALL,
    errors: ['Failed to read file'],
    packer: 'same',
  },
  // Packer 1.16's GetHCL2Files reports a stat failure with an empty summary and Go's os.Stat text as the detail.
  {
    name: 'a dangling symbolic link as the template',
    setup: (dir) => fs.symlinkSync('/nonexistent/target', path.join(dir, 'y.pkr.hcl')),
    args: ['y.pkr.hcl'],
    commands: ALL,
    errors: [''],
    says: '\nstat y.pkr.hcl: no such file or directory\n',
    why: '1.6.6 says "Cannot tell wether y.pkr.hcl is a directory", then "Could not find any config file"',
  },
  {
    name: 'a template path through a file (not a directory)',
    files: { 't.pkr.hcl': BASE },
    args: ['t.pkr.hcl/x.pkr.hcl'],
    commands: ALL,
    errors: [''],
    says: '\nstat t.pkr.hcl/x.pkr.hcl: not a directory\n',
    why: 'as above',
  },
  {
    name: 'a template that is a symbolic link loop',
    setup: (dir) => {
      fs.symlinkSync('b.pkr.hcl', path.join(dir, 'a.pkr.hcl'));
      fs.symlinkSync('a.pkr.hcl', path.join(dir, 'b.pkr.hcl'));
    },
    args: ['a.pkr.hcl'],
    commands: ALL,
    errors: [''],
    says: '\nstat a.pkr.hcl: too many levels of symbolic links\n',
    why: 'as above',
  },

  // Without a template suffix, GetConfigType stats the path first and prints the failure as is (no "Error:").
  {
    name: 'a template path without suffix through a file',
    files: { 't.pkr.hcl': BASE },
    args: ['t.pkr.hcl/x'],
    commands: ALL,
    errors: [],
    says: '"t.pkr.hcl/x": stat t.pkr.hcl/x: not a directory\n',
    packer: 'same',
  },

  // ---- unknown blocks and attributes ----------------------------------------------------------------------------
  {
    name: 'unknown top-level block',
    files: { 't.pkr.hcl': 'foo "x" {\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Unsupported block type'],
    at: ['t.pkr.hcl:1'],
    says: 'Blocks of type "foo" are not expected here.',
    packer: 'same',
  },
  {
    name: 'unknown attribute in a variable',
    files: { 't.pkr.hcl': 'variable "v" {\n  default = 1\n  colour  = 2\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Unsupported argument'],
    at: ['t.pkr.hcl:3'],
    says: 'An argument named "colour" is not expected here.',
    packer: 'same',
  },
  {
    name: 'unknown attribute in the packer block',
    files: { 't.pkr.hcl': 'packer {\n  version = "1"\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Unsupported argument'],
    at: ['t.pkr.hcl:2'],
    packer: 'same',
  },
  {
    name: 'unknown attribute in a source',
    files: { 't.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n  bogus        = 1\n}\n' + BUILD },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Unsupported argument'],
    at: ['t.pkr.hcl:3'],
    says: 'An argument named "bogus" is not expected here.',
    packer: 'same',
  },
  {
    name: 'unknown attribute in a provisioner',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline = ["echo"]\n    nope   = true\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Failed preparing provisioner-block "shell-local" ""'],
    at: ['t.pkr.hcl:6'],
    says: 't.pkr.hcl:8,5-9: Unsupported argument; An argument named "nope" is not expected',
    packer: 'same',
  },
  {
    name: 'unknown source, provisioner and post-processor types',
    files: { 't.pkr.hcl': 'source "nope" "x" {\n}\nbuild {\n  sources = ["source.nope.x", "source.null.y"]\n  provisioner "nope" {\n  }\n  post-processor "nope2" {\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Unknown source type nope', 'Unknown source null.y', 'Unknown provisioner type "nope"', 'Unknown post-processor type "nope2"'],
    at: ['t.pkr.hcl:3', 't.pkr.hcl:5', 't.pkr.hcl:7'],
    why: '1.16 puts an unknown source type on the build block (plugin.go: build.HCL2Ref.DefRange), 1.6.6 on the source',
  },

  {
    name: 'invalid variable name',
    files: { 't.pkr.hcl': 'variable "a b" {\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid variable name'],
    at: ['t.pkr.hcl:1'],
    packer: 'same',
  },
  {
    name: 'a source without a name',
    files: { 't.pkr.hcl': 'source "null" {\n}\n' + BUILD },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Missing name for source'],
    at: ['t.pkr.hcl:1'],
    packer: 'same',
  },
  {
    name: 'provisioner meta-arguments: only and except together',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline = ["a"]\n    only   = ["a"]\n    except = ["b"]\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ["only one of 'only' or 'except' may be specified"],
    at: [],
    packer: 'same',
  },
  {
    name: 'provisioner override that is not an object',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline   = ["a"]\n    override = "x"\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ["provisioner's override block must be an HCL object"],
    at: ['t.pkr.hcl:6'],
    why: '1.6.6 panics (exit 2)',
  },

  // ---- type mismatches -------------------------------------------------------------------------------------------
  {
    name: 'type mismatch: build sources is not a list',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = "source.null.x"\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Unsuitable value type'],
    at: ['t.pkr.hcl:5'],
    packer: 'same',
  },
  {
    name: 'type mismatch: provisioner max_retries',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline      = ["a"]\n    max_retries = "x"\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Unsuitable value type'],
    at: ['t.pkr.hcl:8'],
    packer: 'same',
  },
  {
    name: 'type mismatch: variable default',
    files: { 't.pkr.hcl': 'variable "v" {\n  type    = number\n  default = "abc"\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid default value for variable'],
    at: ['t.pkr.hcl:3'],
    packer: 'same',
  },
  {
    name: 'type mismatch: -var',
    files: { 't.pkr.hcl': TYPED + BASE },
    args: ['-var', 'n=abc', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid argument value for -var variable'],
    at: [],
    says: 'The received arg value for n is not compatible with the variable\'s type\nconstraint: a number is required.',
    packer: 'summaries',
    why: '1.16 gives this diagnostic no range; 1.6.6 prints "on  line 0"',
  },
  {
    name: 'type mismatch: var file',
    files: { 't.pkr.hcl': TYPED + BASE, 'type.pkrvars.hcl': '\n\nn = ["a"]\n' },
    args: ['-var-file=type.pkrvars.hcl', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid value for variable'],
    at: ['type.pkrvars.hcl:3'],
    packer: 'same',
  },
  {
    name: 'type mismatch: PKR_VAR_ environment variable (Packer gives it an empty range)',
    files: { 't.pkr.hcl': TYPED + BASE },
    args: ['t.pkr.hcl'],
    env: { PKR_VAR_n: 'abc' },
    commands: ALL,
    errors: ['Invalid value for variable'],
    at: [':0'],
    packer: 'same',
  },
  {
    name: 'type mismatch: component attribute',
    files: { 't.pkr.hcl': 'source "null" "x" {\n  communicator = ["none"]\n}\n' + BUILD },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Incorrect attribute value type'],
    at: ['t.pkr.hcl:2'],
    says: 'Inappropriate value for attribute "communicator": string required.',
    packer: 'same',
  },

  // ---- variables ------------------------------------------------------------------------------------------------
  {
    name: 'undeclared -var',
    files: { 't.pkr.hcl': TYPED + BASE },
    args: ['-var', 'zz=1', 't.pkr.hcl'],
    commands: ALL,
    errors: ['Undefined -var variable'],
    packer: 'same',
  },
  {
    name: 'unset variable',
    files: { 't.pkr.hcl': 'variable "u" {\n  type = string\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Unset variable "u"'],
    packer: 'same',
  },
  {
    name: 'validation block failure (default)',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = "x"\n  validation {\n    condition     = length(var.a) > 3\n    error_message = "The a value must be long."\n  }\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Invalid value for default variable'],
    at: ['t.pkr.hcl:2'],
    says: 'The a value must be long.\n\nThis was checked by the validation rule at t.pkr.hcl:3,3-13.',
    packer: 'same',
  },
  {
    name: 'validation block failure (-var)',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = "long enough"\n  validation {\n    condition     = length(var.a) > 3\n    error_message = "The a value must be long."\n  }\n}\n' + BASE },
    args: ['-var', 'a=x', 't.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Invalid value for cmd variable'],
    packer: 'summaries',
  },
  {
    name: 'invalid validation error message',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = "x"\n  validation {\n    condition     = var.a != ""\n    error_message = "lowercase"\n  }\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid validation error message'],
    at: ['t.pkr.hcl:5'],
    packer: 'same',
  },
  {
    name: 'invalid required_version',
    files: { 't.pkr.hcl': 'packer {\n  required_version = ">= 1.0, banana"\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Invalid version constraint'],
    at: ['t.pkr.hcl:2'],
    packer: 'same',
  },
  {
    name: 'unsatisfied required_version',
    files: { 't.pkr.hcl': 'packer {\n  required_version = ">= 700000.0"\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Unsupported Packer Core version'],
    at: ['t.pkr.hcl:2'],
    packer: 'same',
  },

  // ---- duplicates ------------------------------------------------------------------------------------------------
  {
    name: 'duplicate variable (Packer gives it only a context range, so no location is printed)',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = 1\n}\nvariable "a" {\n  default = 2\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Duplicate variable'],
    at: [],
    packer: 'same',
  },
  {
    name: 'duplicate variable in a variables block',
    files: { 't.pkr.hcl': 'variable "a" {\n  default = 1\n}\nvariables {\n  a = 2\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Duplicate variable'],
    at: ['t.pkr.hcl:5'],
    packer: 'same',
  },
  {
    name: 'duplicate local',
    files: { 't.pkr.hcl': 'locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Duplicate local definition'],
    at: ['t.pkr.hcl:5'],
    why: '1.6.6 silently keeps the last definition',
  },
  {
    name: 'duplicate data block',
    files: { 't.pkr.hcl': 'data "null" "d" {\n  input = "a"\n}\ndata "null" "d" {\n  input = "b"\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: ALL,
    errors: ['Duplicate data block'],
    at: ['t.pkr.hcl:4'],
    why: '1.6.6 has no data sources',
  },
  {
    name: 'duplicate source',
    files: { 't.pkr.hcl': BASE + SOURCE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Duplicate source block'],
    at: ['t.pkr.hcl:7'],
    says: 'declared at t.pkr.hcl:1,1-18.',
    packer: 'same',
  },
  {
    name: 'build-level source re-setting an attribute',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  source "null.x" {\n    communicator = "ssh"\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Duplicate argument'],
    at: ['t.pkr.hcl:6'],
    says: 'Argument "communicator" was already set at t.pkr.hcl:2,3-15',
    packer: 'same',
  },
  {
    name: 'two error-cleanup-provisioners',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = ["source.null.x"]\n  error-cleanup-provisioner "shell-local" {\n    inline = ["a"]\n  }\n  error-cleanup-provisioner "shell-local" {\n    inline = ["b"]\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Only one error-cleanup-provisioner is allowed'],
    at: ['t.pkr.hcl:9'],
    why: '1.6.6 has no error-cleanup-provisioner in HCL2',
  },

  // ---- cycles, globs, dynamic blocks -----------------------------------------------------------------------------
  {
    name: 'local cycle',
    files: { 't.pkr.hcl': 'locals {\n  a = local.b\n  b = local.a\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['failed to prepare execution graph'],
    at: [],
    says: '* Cycle: local.b, local.a',
    why: '1.6.6 evaluates locals in sequence ("Unsupported attribute"); 1.16 builds a graph, and gives no range',
  },
  {
    name: 'data source cycle',
    files: { 't.pkr.hcl': 'data "null" "a" {\n  input = data.null.b.output\n}\ndata "null" "b" {\n  input = data.null.a.output\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['failed to prepare execution graph'],
    at: [],
    says: '* Cycle: null.b, null.a',
    why: '1.6.6 has no data sources',
  },
  {
    name: 'a malformed data source reference',
    files: { 't.pkr.hcl': 'data "null" "a" {\n  input = "x"\n}\nlocals {\n  l = data.null\n}\n' + BASE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['failed to process local dependency'],
    at: ['t.pkr.hcl:5'],
    why: '1.6.6 has no data sources; 1.16 gives no range (tspacker points at the reference)',
  },
  {
    name: 'bad -only glob',
    files: { 't.pkr.hcl': BASE },
    args: ['-only=a,[', 't.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Invalid -only pattern [: unexpected end of input'],
    packer: 'same',
  },
  {
    name: 'bad -except glob',
    files: { 't.pkr.hcl': BASE },
    args: ['-except=[', 't.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Invalid -except pattern [: unexpected end of input'],
    packer: 'same',
  },
  {
    name: 'dynamic block with a bad for_each',
    files: { 't.pkr.hcl': SOURCE + 'build {\n  sources = ["source.null.x"]\n  dynamic "provisioner" {\n    for_each = 12\n    labels   = ["shell-local"]\n    content {\n      inline = ["echo"]\n    }\n  }\n}\n' },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Invalid dynamic for_each value'],
    at: ['t.pkr.hcl:7'],
    says: 'Cannot use a number value in for_each. An iterable collection is required.',
    packer: 'same',
  },
  {
    name: 'missing build block',
    files: { 't.pkr.hcl': SOURCE },
    args: ['t.pkr.hcl'],
    commands: VALIDATE,
    errors: ['Missing build block'],
    why: '1.6.6 accepts a template without builds',
  },
];

/** Error summaries and `on FILE line N` locations, each once, in order of appearance. */
function errorSummaries(output: string): string[] {
  return [...new Set([...output.matchAll(/^Error: (.*)$/gm)].map((m) => m[1]!))];
}
function locations(output: string): string[] {
  return [...new Set([...output.matchAll(/^ {2}on (.*) line (\d+)[,:]/gm)].map((m) => `${m[1]}:${m[2]}`))];
}

/** Node's stack frames and the errors JavaScript throws on its own: never shown to a user. */
const CRASH = /^\s+at .+[:(]|\b(TypeError|RangeError|ReferenceError|Cannot read propert|is not a function|is not iterable|Maximum call stack)\b/m;

function setUp(c: BadInput): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(c.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  c.setup?.(dir);
  return dir;
}

function run(command: Command, c: BadInput, dir: string): RunResult {
  // The console reads expressions from stdin; it must stop before reading any.
  const input = command === 'console' ? '1 + 1\n' : undefined;
  return tspacker([command, ...c.args], { cwd: dir, env: c.env, ...(input !== undefined ? { input } : {}) });
}

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const dir = setUp(c);

  test.each(c.commands.map((cmd) => [cmd]))('%s: exit 1, diagnostics with locations, no stack trace', (command) => {
    const r = run(command, c, dir);
    const output = r.stdout + r.stderr;
    expect(output).not.toMatch(CRASH);
    expect(r.status).toBe(1);
    expect(errorSummaries(output)).toEqual(c.errors);
    if (c.at) expect(locations(output)).toEqual(c.at);
    if (c.says) expect(output).toContain(c.says);
    expect(output).not.toContain('The configuration is valid.');
  });

  // Errors found after parsing stop only validate: inspect prints what it can and the console evaluates, as Packer's do.
  if (!c.commands.includes('inspect')) {
    test('inspect and console carry on: exit 0, no stack trace', () => {
      const inspect = run('inspect', c, dir);
      expect(inspect.stdout + inspect.stderr).not.toMatch(CRASH);
      expect(inspect.stdout.startsWith('Packer Inspect: HCL2 mode\n')).toBe(true);
      expect(inspect.status).toBe(0);
      const console = run('console', c, dir);
      expect(console.stdout + console.stderr).not.toMatch(CRASH);
      expect(console).toMatchObject({ stdout: '2\n', status: 0 });
    });
  }

  if (c.packer) {
    test(`Packer 1.6.6 agrees (${c.packer})`, () => {
      const ours = run('validate', c, dir);
      const theirs = packer(['validate', ...c.args], { cwd: dir, env: c.env });
      // Messages that are not diagnostics are compared whole; so is Packer's output when it has no diagnostics at all.
      const seen = (r: RunResult) => ({
        status: r.status,
        errors: errorSummaries(r.stdout),
        ...(c.packer === 'same' ? { at: locations(r.stdout) } : {}),
        ...(c.errors.length === 0 || errorSummaries(theirs.stdout).length === 0 ? { output: r.stdout + r.stderr } : {}),
      });
      expect(seen(ours)).toEqual(seen(theirs));
    });
  } else {
    test(`Packer 1.6.6 differs: ${c.why}`, () => {
      const ours = run('validate', c, dir);
      const theirs = packer(['validate', ...c.args], { cwd: dir, env: c.env });
      const same = ours.status === theirs.status &&
        JSON.stringify(errorSummaries(ours.stdout)) === JSON.stringify(errorSummaries(theirs.stdout)) &&
        JSON.stringify(locations(ours.stdout)) === JSON.stringify(locations(theirs.stdout));
      expect(same).toBe(false);
    });
  }
});
