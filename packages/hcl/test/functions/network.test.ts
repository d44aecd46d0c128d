// IP network functions (go-cty-funcs over go-cidr and Go's net package): IPv4 and IPv6 arithmetic, Go's address
// printing, negative host numbers, and the error texts of ParseCIDR, go-cidr and go-cty-funcs.
import { evaluator, table } from './packer-eval.js';

const ev = evaluator();
const invalid = (param: string, msg: string) => `error: Invalid function argument: Invalid value for "${param}" parameter: ${msg}.`;
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;
const INT_RANGE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';

describe('cidrsubnet', () => {
  table(ev, [
    ['cidrsubnet("10.0.0.0/16", 8, 2)', '"10.0.2.0/24"'],
    ['cidrsubnet("172.16.0.0/12", 4, 2)', '"172.18.0.0/16"'],
    ['cidrsubnet("10.1.2.0/24", 4, 15)', '"10.1.2.240/28"'],
    ['cidrsubnet("10.1.2.3/24", 0, 0)', '"10.1.2.0/24"'],
    ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', '"fd00:fd12:3456:7800:a200::/72"'],
    ['cidrsubnet("::/0", 1, 1)', '"8000::/1"'],
    ['cidrsubnet("10.0.0.0/8", 25, 0)', failed('cidrsubnet', 'insufficient address space to extend prefix of 8 by 25')],
    ['cidrsubnet("fd00::/8", 33, 0)', failed('cidrsubnet', 'may not extend prefix by more than 32 bits')],
    ['cidrsubnet("10.0.0.0/24", 2, 4)', failed('cidrsubnet', 'prefix extension of 2 does not accommodate a subnet numbered 4')],
    ['cidrsubnet("10.0.0.0/24", 1.5, 0)', failed('cidrsubnet', INT_RANGE)],
    ['cidrsubnet("not-a-cidr", 8, 1)', failed('cidrsubnet', 'invalid CIDR expression: invalid CIDR address: not-a-cidr')],
    ['cidrsubnet("10.0.0.0", 8, 1)', failed('cidrsubnet', 'invalid CIDR expression: invalid CIDR address: 10.0.0.0')],
    ['cidrsubnet("10.00.0.0/8", 8, 1)', failed('cidrsubnet', 'invalid CIDR expression: invalid CIDR address: 10.00.0.0/8')],
    ['cidrsubnet("10.0.0.0/33", 1, 1)', failed('cidrsubnet', 'invalid CIDR expression: invalid CIDR address: 10.0.0.0/33')],
  ]);
});

describe('cidrhost', () => {
  table(ev, [
    ['cidrhost("10.0.0.0/24", 5)', '"10.0.0.5"'],
    ['cidrhost("10.12.112.0/20", 16)', '"10.12.112.16"'],
    ['cidrhost("10.12.112.0/20", 268)', '"10.12.113.12"'],
    ['cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', '"fd00:fd12:3456:7890::22"'],
    ['cidrhost("10.0.0.0/24", -1)', '"10.0.0.255"'],
    ['cidrhost("10.0.0.0/24", -256)', '"10.0.0.0"'],
    ['cidrhost("10.0.0.0/24", 256)', failed('cidrhost', 'prefix of 24 does not accommodate a host numbered 256')],
    // go-cidr reports the adjusted number for negative host numbers.
    ['cidrhost("10.0.0.0/24", -257)', failed('cidrhost', 'prefix of 24 does not accommodate a host numbered -1')],
    ['cidrhost("10.0.0.0/32", 0)', '"10.0.0.0"'],
    ['cidrhost("::/0", -1)', '"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"'],
    ['cidrhost("::/0", 9223372036854775807)', '"::7fff:ffff:ffff:ffff"'],
    ['cidrhost("::/0", -9223372036854775808)', '"ffff:ffff:ffff:ffff:8000::"'],
    ['cidrhost("10.0.0.0/24", 1.5)', failed('cidrhost', INT_RANGE)],
    ['cidrhost("10.0.0.0/24", "x")', invalid('hostnum', 'a number is required')],
    ['cidrhost("bad", 1)', failed('cidrhost', 'invalid CIDR expression: invalid CIDR address: bad')],
  ]);
});

describe('cidrnetmask', () => {
  table(ev, [
    ['cidrnetmask("172.16.0.0/12")', '"255.240.0.0"'],
    ['cidrnetmask("10.0.0.0/0")', '"0.0.0.0"'],
    ['cidrnetmask("10.0.0.0/32")', '"255.255.255.255"'],
    ['cidrnetmask("fd00::/64")', '"ffff:ffff:ffff:ffff::"'],
    ['cidrnetmask("::/0")', '"::"'],
    ['cidrnetmask("::/128")', '"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"'],
    ['cidrnetmask("fe80::1%eth0/64")', failed('cidrnetmask', 'invalid CIDR expression: invalid CIDR address: fe80::1%eth0/64')],
  ]);
});

describe('cidrsubnets', () => {
  table(ev, [
    ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', 'list["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]'],
    [
      'cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)',
      'list["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]',
    ],
    ['cidrsubnets("10.0.0.0/8")', 'list(string)[]'],
    ['cidrsubnets("10.0.0.0/30", 1, 1)', 'list["10.0.0.0/31", "10.0.0.2/31"]'],
    ['cidrsubnets("10.0.0.0/30", 1, 1, 1)', invalid('newbits', 'not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31')],
    ['cidrsubnets("10.0.0.0/8", 0)', invalid('newbits', 'must extend prefix by at least one bit')],
    ['cidrsubnets("10.0.0.0/8", 33)', invalid('newbits', 'may not extend prefix by more than 32 bits')],
    ['cidrsubnets("10.0.0.0/24", 9)', invalid('newbits', 'would extend prefix to 33 bits, which is too long for an IPv4 address')],
    ['cidrsubnets("10.0.0.0/8", 1.5)', invalid('newbits', INT_RANGE)],
    ['cidrsubnets("bad", 1)', invalid('prefix', 'invalid CIDR expression: invalid CIDR address: bad')],
    // go-cidr treats wrapping past 255.255.255.255 as running out of space, even for the very first subnet.
    ['cidrsubnets("0.0.0.0/8", 8)', invalid('newbits', 'not enough remaining address space for a subnet with a prefix of 16 bits after 255.255.0.0/16')],
  ]);
});
