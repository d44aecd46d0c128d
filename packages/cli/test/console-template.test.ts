// `tspacker console TEMPLATE`: the template's variables (every type, every value source), locals, path and
// sensitive masking, compared line by line with `packer console TEMPLATE` (Packer 1.6.6, where it agrees with
// 1.16), and what only current Packer has (data sources evaluated before the console starts, but no `data`
// in the console's own context).
import { packer, shell, tempDir, tspacker } from './run.js';

const TEMPLATE = `variable "s" {
  type    = string
  default = "hello"
}
variable "n" {
  type    = number
  default = 3.5
}
variable "b" {
  type    = bool
  default = true
}
variable "l" {
  type    = list(string)
  default = ["a", "b"]
}
variable "st" {
  type    = set(number)
  default = [3, 1, 2]
}
variable "m" {
  type    = map(string)
  default = { k1 = "v1", k2 = "v2" }
}
variable "o" {
  type    = object({ name = string, size = number, tags = list(string) })
  default = { name = "x", size = 2, tags = ["t"] }
}
variable "t" {
  type    = tuple([string, number, bool])
  default = ["a", 1, false]
}
variable "untyped" {
  default = "u"
}
variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}
variable "from_auto" {
  type    = string
  default = "default"
}
variable "from_file" {
  type    = string
  default = "default"
}
variable "from_env" {
  type    = string
  default = "default"
}
variable "from_cmd" {
  type    = list(number)
  default = []
}
variable "req" {
  type = string
}
locals {
  greeting = "\${var.s}-\${var.from_file}"
  items    = [for x in var.l : upper(x)]
  total    = var.n * 2
}
locals {
  chained = "\${local.greeting}/\${var.from_auto}"
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
}
`;

const EXPRESSIONS = [
  'var.s',
  'var.n',
  'var.b',
  'var.l',
  'var.st',
  'var.m',
  'var.o',
  'var.t',
  'var.untyped',
  'var.secret',
  'upper(var.secret)',
  '"${var.secret}-x"',
  'var.from_auto',
  'var.from_file',
  'var.from_env',
  'var.from_cmd',
  'var.req',
  'local.greeting',
  'local.items',
  'local.total',
  'local.chained',
  'path.root',
  'source.name',
  'build.ID',
  'var.nope',
  'local.nope',
  'variables',
];

function templateDir(): string {
  return tempDir({
    'main.pkr.hcl': TEMPLATE,
    'a.auto.pkrvars.hcl': 'from_auto = "auto"\nfrom_file = "auto"\n',
    'x.pkrvars.json': '{"from_file": "json"}\n',
    'y.pkrvars.hcl': 'from_file = "hcl"\n',
  });
}

describe('console TEMPLATE, line by line, as packer console TEMPLATE', () => {
  const input = EXPRESSIONS.join('\n') + '\n';
  test.each([
    ['a directory: auto var files', ['.'], {}],
    ['a file: no auto var files', ['main.pkr.hcl'], {}],
    ['env < auto < var files < -var', ['-var', 'from_cmd=[1, 2]', '-var-file=y.pkrvars.hcl', '-var-file', 'x.pkrvars.json', '-var=req=given', '.'], { PKR_VAR_from_env: 'env', PKR_VAR_from_file: 'env' }],
    ['PKR_VAR_ parsed as HCL for a list', ['-var-file', 'y.pkrvars.hcl', '.'], { PKR_VAR_from_cmd: '[3]' }],
  ] as const)('%s', (_name, args, env) => {
    const dir = templateDir();
    const ours = tspacker(['console', ...args], { cwd: dir, input, env });
    const theirs = packer(['console', ...args], { cwd: dir, input, env });
    expect(ours.stderr).toBe('');
    expect(ours).toEqual(theirs);
    // The masking and the unset variable really happened.
    expect(ours.stdout).toContain('\n<sensitive>\nHUNTER2\n<sensitive>-x\n');
    expect(ours.stdout).not.toContain('hunter2');
    expect(ours.stdout).toContain('var.secret: "<sensitive>"\n');
  });

  test('var files apply in command-line order (1.16); 1.6.6 applied every JSON var file after the HCL ones', () => {
    const dir = templateDir();
    const args = ['console', '-var-file', 'x.pkrvars.json', '-var-file=y.pkrvars.hcl', '.'];
    expect(tspacker(args, { cwd: dir, input: 'var.from_file\n' }).stdout).toBe('hcl\n');
    expect(packer(args, { cwd: dir, input: 'var.from_file\n' }).stdout).toBe('json\n');
  });

  test('piped: only the last result is printed; an error anywhere exits 1', () => {
    const dir = templateDir();
    for (const lines of ['var.s\\nlocal.chained\\n', 'var.nope\\nlocal.items\\n']) {
      const ours = shell(`cd ${dir} && printf '${lines}' | $TSPACKER console -var req=r .`);
      const theirs = shell(`cd ${dir} && printf '${lines}' | packer console -var req=r .`);
      expect(ours).toEqual(theirs);
    }
    expect(shell(`cd ${dir} && printf 'local.chained\\n' | $TSPACKER console .`).stdout).toBe('hello-auto/auto\n');
  });

  test('a template that does not parse: its errors with source, exit 1, no console', () => {
    const dir = tempDir({ 'main.pkr.hcl': 'locals {\n  a = \n}\n' });
    const ours = tspacker(['console', '.'], { cwd: dir, input: 'var.x\n' });
    expect(ours.status).toBe(1);
    expect(ours.stdout).toMatch(/^Error: /);
    expect(ours.stdout).toContain('  on main.pkr.hcl line 2, in locals:\n');
    expect(ours).toEqual(packer(['console', '.'], { cwd: dir, input: 'var.x\n' }));
  });

  test('an undeclared -var is an error before the console starts', () => {
    const dir = templateDir();
    const ours = tspacker(['console', '-var', 'nope=1', '.'], { cwd: dir, input: 'var.s\n' });
    expect(ours.status).toBe(1);
    expect(ours.stdout).toMatch(/^Error: Undefined -var variable\n/);
    expect(packer(['console', '-var', 'nope=1', '.'], { cwd: dir, input: 'var.s\n' }).status).toBe(1);
  });

  test('initialize errors are ignored: a failing validation rule still opens the console', () => {
    const dir = tempDir({
      'main.pkr.hcl': 'variable "v" {\n  default = "x"\n  validation {\n    condition     = length(var.v) > 3\n    error_message = "Too short."\n  }\n}\n',
    });
    const ours = tspacker(['console', 'main.pkr.hcl'], { cwd: dir, input: 'var.v\n' });
    expect(ours).toEqual({ stdout: 'x\n', stderr: '', status: 0 });
    expect(packer(['console', 'main.pkr.hcl'], { cwd: dir, input: 'var.v\n' })).toEqual(ours);
  });
});

describe('data sources (current Packer only)', () => {
  test('locals that use data sources are evaluated; `data` itself is not in the console', () => {
    const dir = tempDir({
      'main.pkr.hcl': 'data "null" "d" {\n  input = "from-data"\n}\nlocals {\n  x = upper(data.null.d.output)\n}\n',
    });
    const r = tspacker(['console', '.'], { cwd: dir, input: 'local.x\ndata.null.d.output\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'FROM-DATA\nError: Unknown variable\n\n  on <console-input> line 1:\n  (source code not available)\n\nThere is no variable named "data". Did you mean "path"?\n\n\n\n',
    );
  });
});
