// Differential: `tspacker console TEMPLATE` against `packer console TEMPLATE` (1.6.6), expression by expression,
// on the templates of scenarios.ts: variable values of every type and source, locals, functions over them, the
// `variables` listing, the contexts the console has (path, packer, source and build unknown).
import { consoleResults, packer, templateDir, tspacker } from './harness.js';
import { LOCALS, PRECEDENCE, PRECEDENCE_ARGS, TYPES } from './scenarios.js';

function compare(files: Record<string, string>, args: readonly string[], expressions: readonly string[], env?: NodeJS.ProcessEnv) {
  const dir = templateDir(files);
  const ours = consoleResults(tspacker, dir, args, expressions, env);
  const theirs = consoleResults(packer, dir, args, expressions, env);
  expect(theirs.results).toHaveLength(expressions.length);
  // One line at a time, so that a failure names the expression.
  expect(expressions.map((e, i) => [e, ours.results[i]])).toEqual(expressions.map((e, i) => [e, theirs.results[i]]));
  expect(ours.status).toBe(theirs.status);
  return ours.results;
}

const TYPE_EXPRESSIONS = [
  'var.s', 'var.n', 'var.big', 'var.b', 'var.l', 'var.ln', 'var.st', 'var.m', 'var.mn', 'var.o', 'var.t', 'var.a',
  'var.untyped', 'var.untyped_list', 'var.nullable', 'var.heredoc', 'var.secret', 'var.req',
  'local.joined', 'local.doubled', 'local.upper_m', 'local.names', 'local.from_a', 'local.count',
  'var.o.tags[0]', 'var.m["k2"]', 'var.o.nope', 'length(var.st)', 'keys(var.m)', 'var.t[1] + var.n',
  'upper(var.secret)', 'jsonencode(var.o)', 'var.req == null', 'format("%s-%d", var.s, var.t[1])',
  'path.root', 'source.type', 'build.name', 'variables',
];

describe('console: variables of every type', () => {
  test('defaults; the unset variable is unknown; the sensitive one is masked', () => {
    const results = compare(TYPES, ['.'], TYPE_EXPRESSIONS);
    expect(results[TYPE_EXPRESSIONS.indexOf('var.secret')]).toBe('<sensitive>\n');
    expect(results[TYPE_EXPRESSIONS.indexOf('var.req')]).toBe('<unknown>\n');
  });

  test('values from -var and the environment', () => {
    compare(TYPES, ['-var', 'req=set', '-var', 'l=["p", "q"]', '-var', 'o={ name = "z", size = 0, tags = ["a", "b"] }', 'types.pkr.hcl'], TYPE_EXPRESSIONS, {
      PKR_VAR_st: '[9, 8]',
      PKR_VAR_untyped: '[1]',
    });
  });
});

describe('console: value sources', () => {
  const exprs = ['local.all', 'var.v_cmd', 'var.v_file_json', 'variables'];
  test('every layer', () => {
    const results = compare(PRECEDENCE, [...PRECEDENCE_ARGS.args, '.'], exprs, PRECEDENCE_ARGS.env);
    expect(results[0]).toBe('default,env,auto_hcl,auto_json,file_hcl,file_json,cmd\n');
  });
  test('defaults and auto var files only', () => {
    compare(PRECEDENCE, ['.'], exprs);
  });
});

describe('console: locals and functions', () => {
  test('locals across files, and expressions over them', () => {
    compare(LOCALS, ['.'], [
      'local.final', 'local.encoded', 'local.picked', 'local.missing', 'local.fmt', 'local.split', 'local.cidr',
      'local.range', 'local.merged', 'local.flat', 'local.cond', 'local.splat', 'local.tpl', 'local.map',
      '[for k, v in local.map : "${k}=${v}"]', 'local.map.c', 'variables',
    ]);
  });
});
