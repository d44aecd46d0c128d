// Packer's function table: exactly the 103 names of hcl2template/functions.go (102 + templatefile), none of the
// Terraform-only functions, `env` kept apart for variable defaults, and the secrets functions over a provider.
import { makeEnvFunction, packerFunctions } from '../../src/functions/packer.js';
import { StringType } from '../../src/values/types.js';
import { nullVal, stringVal } from '../../src/values/value.js';
import { callWith, evaluator, table } from './packer-eval.js';

const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;

const PACKER_FUNCTIONS = `
abs abspath alltrue anytrue aws_secretsmanager aws_secretsmanager_raw basename base64decode base64encode base64gzip
bcrypt can ceil chomp chunklist cidrhost cidrnetmask cidrsubnet cidrsubnets coalesce coalescelist compact concat
consul_key contains convert csvdecode dirname distinct element endswith file filebase64 fileexists fileset flatten
floor format formatdate formatlist indent index join jsondecode jsonencode keys legacy_isotime legacy_strftime length
log lookup lower max md5 merge min parseint pathexpand pow range reverse replace regex regexall regex_replace
rfc3339_parse rsadecrypt setintersection setproduct setunion sha1 sha256 sha512 signum slice sort split startswith
strcontains strrev substr sum textdecodebase64 textencodebase64 timestamp timeadd title trim trimprefix trimspace
trimsuffix try unix_timestamp_parse upper urlencode uuidv4 uuidv5 values vault yamldecode yamlencode zipmap
templatefile`
  .split(/\s+/)
  .filter((x) => x !== '');

describe('the function table', () => {
  const funcs = packerFunctions({ baseDir: '.' });
  test('has exactly the 103 names Packer registers', () => {
    expect(PACKER_FUNCTIONS).toHaveLength(103);
    expect([...funcs.keys()].sort()).toEqual([...PACKER_FUNCTIONS].sort());
  });
  test.each([
    'tostring', 'tonumber', 'tobool', 'tolist', 'toset', 'tomap', 'one', 'type', 'uuid', 'nonsensitive', 'sensitive',
    'timecmp', 'transpose', 'matchkeys', 'urldecode', 'filemd5', 'filesha1', 'filesha256', 'filesha512', 'base64sha256',
    'base64sha512', 'cidrcontains', 'templatestring', 'plantimestamp', 'env', 'strlen', 'hasindex', 'setsubtract',
  ])('has no %s', (name) => {
    expect(funcs.has(name)).toBe(false);
  });
  test('calling an unregistered function is an error', () => {
    expect(evaluator()('tostring(1)')).toBe('error: Call to unknown function: There is no function named "tostring".');
  });
  test('each table is independent and templatefile sees its own table', () => {
    const a = packerFunctions({ baseDir: '/a' });
    const b = packerFunctions({ baseDir: '/b' });
    expect(a.get('file')).not.toBe(b.get('file'));
    expect(a.get('abs')).toBe(b.get('abs'));
  });
});

describe('env (variable defaults only)', () => {
  const env = makeEnvFunction({ TSPACKER_SET: 'value', TSPACKER_EMPTY: '' });
  const ev = evaluator();
  ev.functions.set('env', env);
  table(ev, [
    ['env("TSPACKER_SET")', '"value"'],
    ['env("TSPACKER_EMPTY")', '""'],
    ['env("TSPACKER_UNSET")', '""'],
    ['env(null)', 'error: Invalid function argument: Invalid value for "key" parameter: argument must not be null.'],
  ]);
});

describe('secrets lookups over a provider', () => {
  const secrets = {
    awsSecretString: (name: string) => {
      if (name === 'throws') throw new Error('operation error Secrets Manager: GetSecretValue, ResourceNotFoundException');
      if (name === 'binary') return undefined;
      return (
        {
          plain: 'just text',
          one: '{"only": "value"}',
          many: '{"a": "x", "b": 2.5, "c": true, "d": 3}',
          number: '42',
          nullish: 'null',
        } as Record<string, string>
      )[name];
    },
    consulGet: (key: string) => ({ 'app/db': 'pg://db', 'app/empty': '' } as Record<string, string>)[key],
    vaultRead: (path: string) => {
      if (path === 'secret/data/app') return { data: { data: { user: 'admin', n: 1 } } };
      if (path === 'kv1/app') return { data: { user: 'v1admin' }, warnings: ['deprecated'] };
      if (path === 'kv1/empty') return { data: {}, warnings: ['w1', 'w2'] };
      if (path === 'down') throw new Error('connection refused');
      return undefined;
    },
  };
  const ev = evaluator({ secrets, env: { VAULT_TOKEN: 't' } });
  table(ev, [
    ['aws_secretsmanager("plain", null)', '"just text"'],
    ['aws_secretsmanager("one", null)', '"value"'],
    ['aws_secretsmanager("many", "a")', '"x"'],
    // Go formats JSON numbers with no decimals, rounding half to even.
    ['aws_secretsmanager("many", "b")', '"2"'],
    ['aws_secretsmanager("many", "d")', '"3"'],
    ['aws_secretsmanager("many", "c")', failed('aws_secretsmanager', 'Unsupported secret value type: bool')],
    ['aws_secretsmanager("many", null)', failed('aws_secretsmanager', 'Secret has multiple values and no key was set')],
    ['aws_secretsmanager("many", "z")', failed('aws_secretsmanager', 'No secret found for key "z"')],
    ['aws_secretsmanager("number", null)', failed('aws_secretsmanager', 'json: cannot unmarshal number into Go value of type map[string]interface {}')],
    ['aws_secretsmanager("nullish", null)', failed('aws_secretsmanager', 'No secret found for key ""')],
    ['aws_secretsmanager("binary", null)', failed('aws_secretsmanager', 'Secret is not string')],
    ['aws_secretsmanager("throws", null)', failed('aws_secretsmanager', 'operation error Secrets Manager: GetSecretValue, ResourceNotFoundException')],
    ['aws_secretsmanager("", null)', failed('aws_secretsmanager', 'At least one secret name must be provided')],
    ['aws_secretsmanager_raw("many")', JSON.stringify('{"a": "x", "b": 2.5, "c": true, "d": 3}')],
    ['aws_secretsmanager_raw("plain")', '"just text"'],
    ['consul_key("app/db")', '"pg://db"'],
    ['consul_key("app/none")', failed('consul_key', 'key does not exist at the given path: app/none')],
    ['consul_key("app/empty")', failed('consul_key', 'value is empty at path app/empty')],
    ['vault("secret/data/app", "user")', '"admin"'],
    ['vault("secret/data/app", "nope")', failed('vault', 'Vault path does not contain the requested key')],
    ['vault("kv1/app", "user")', '"v1admin"'],
    [
      'vault("kv1/empty", "user")',
      failed(
        'vault',
        'Vault data was empty at the given path. Check the Vault function docs for help: https://www.packer.io/docs/templates/hcl_templates/functions/contextual/vault. Original warnings from Vault call: w1; w2',
      ),
    ],
    ['vault("missing", "k")', failed('vault', 'Vault Secret does not exist at the given path')],
    ['vault("down", "k")', failed('vault', 'Error reading vault secret: connection refused')],
  ]);
  test('null keys are allowed only for aws_secretsmanager', () => {
    expect(callWith(ev, 'aws_secretsmanager', stringVal('one'), nullVal(StringType))).toBe('"value"');
    expect(callWith(ev, 'consul_key', nullVal(StringType))).toBe(
      'error: Invalid function argument: Invalid value for "key" parameter: argument must not be null.',
    );
  });
});

describe('secrets lookups without a provider (no network)', () => {
  const ev = evaluator({ env: {} });
  table(ev, [
    ['vault("secret/data/app", "user")', failed('vault', 'Must set VAULT_TOKEN env var in order to use vault template function')],
    ['consul_key("k")', failed('consul_key', 'error reading consul key: no Consul client is configured for this evaluation')],
    [
      'aws_secretsmanager("n", null)',
      failed('aws_secretsmanager', 'operation error Secrets Manager: GetSecretValue, no AWS Secrets Manager client is configured for this evaluation'),
    ],
    ['aws_secretsmanager_raw("")', failed('aws_secretsmanager_raw', 'At least one secret name must be provided')],
  ]);
  test('with a token but no client', () => {
    expect(evaluator({ env: { VAULT_TOKEN: 'x' } })('vault("p", "k")')).toBe(
      failed('vault', 'Error reading vault secret: no Vault client is configured for this evaluation'),
    );
  });
});
