import { evaluator } from './packer-eval.js';
const ev = evaluator();
test('smoke', () => {
  for (const e of ['abs(-1.5)', 'max(1, 5, 3)', 'ceil(1.2)', 'floor(-1.2)', 'log(16, 2)', 'pow(2, 10)', 'signum(-3)', 'parseint("ff", 16)', 'sum([1, 2, 3.5])',
   'range(3)', 'range(1, 0)', 'keys({b = 1, a = 2})', 'sort(["b", "a", "10", "9"])', 'coalesce("", null, "x")', 'element(["a", "b"], 3)', 'slice([1, 2, 3], 1, 3)', 'flatten([[1, [2]], 3])',
   'lookup({a = 1}, "b", 0)', 'lookup({a = 1}, "a")', 'merge({a = 1}, {b = "x"})', 'zipmap(["a", "b"], [1, 2])', 'setproduct(["a"], [1, 2])', 'setunion(["a"], ["b", "a"])', 'setintersection(["a", "b"], ["b"])',
   'cidrsubnet("10.0.0.0/16", 8, 2)', 'cidrhost("10.0.0.0/24", 5)', 'cidrnetmask("10.0.0.0/8")', 'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
   'formatdate("YYYY-MM-DD hh:mm", "2023-01-02T03:04:05Z")', 'timeadd("2023-01-01T00:00:00Z", "36h")', 'md5("hello")', 'uuidv5("dns", "example.com")',
   'rfc3339_parse("2023-07-25T23:43:16Z")', 'unix_timestamp_parse(0)', 'index(["a", "b"], "b")', 'length("👩‍👩‍👧‍👦")', 'basename("a/b/")', 'abspath("x")', 'concat([1], ["a"])', 'distinct([1, 1, 2])', 'chunklist([1,2,3], 2)', 'reverse([1, "a"])', 'values({a = 1, b = "x"})', 'alltrue([true, true])', 'contains([1, 2], 2)', 'compact(["a", "", "b"])', 'coalescelist([], [1])'
  ]) console.log(e, '=>', ev(e));
});
