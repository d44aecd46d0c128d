// The bundled CLI (dist/tspacker.mjs) reading AWS secrets against ec2-local: aws_secretsmanager in a local through
// `console` and `inspect` (the lookup's worker thread is found in the bundle, chunks/aws-secrets-worker.mjs),
// and Packer's acceptance templates of the amazon-secretsmanager and amazon-parameterstore data sources built
// with `tspacker build`, their provisioner echoing what Packer's acceptance tests look for.
import fs from 'node:fs';
import path from 'node:path';
import { startTestCloud, corpusDir, type TestCloud } from '../../plugin-amazon/test/datasource-cloud.js';
import { tempDir, tspacker, tspackerBin } from './run.js';

let t: TestCloud;
let dir: string;

beforeAll(async () => {
  t = await startTestCloud();
  await t.putSecret({ name: 'app/db', secretString: '{"username":"admin","password":"correct-horse"}' });
  await t.putSecret({ name: 'packer_datasource_secretsmanager_test_secret', secretString: '{"packer_test_key":"this_is_the_packer_test_secret_value"}' });
  await t.putParameter({ name: 'packer_datasource_parameterstore_test_parameter', value: 'this_is_the_packer_test_parameter_value' });
  dir = tempDir({
    't.pkr.hcl': 'locals {\n  password = aws_secretsmanager("app/db", "password")\n  user     = aws_secretsmanager("app/db", "username")\n}\n',
  });
});

afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const run = (args: string[], input?: string) => tspacker(args, { cwd: dir, env: t.env, ...(input !== undefined ? { input } : {}) });

test('the bundle carries the worker beside its chunks', () => {
  expect(fs.existsSync(path.join(path.dirname(tspackerBin), 'chunks/aws-secrets-worker.mjs'))).toBe(true);
});

test('console: aws_secretsmanager in a local, and a failing call in Packer\'s words', () => {
  const ok = run(['console', 't.pkr.hcl'], 'local.password\n');
  expect([ok.status, ok.stdout.trim()]).toEqual([0, 'correct-horse']);
  const failed = run(['console', 't.pkr.hcl'], 'aws_secretsmanager("app/missing", "x")\n');
  expect(failed.stdout.replace(/\s+/g, ' ')).toMatch(
    /Call to function "aws_secretsmanager" failed: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: \S+ ResourceNotFoundException: Secrets Manager can't find the specified secret\.\./,
  );
});

test('inspect: the locals read from Secrets Manager', () => {
  const r = run(['inspect', 't.pkr.hcl']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('local.password: "correct-horse"');
  expect(r.stdout).toContain('local.user: "admin"');
});

test("build: Packer's acceptance templates of the Secrets Manager and Parameter Store data sources", () => {
  const secrets = run(['build', path.join(corpusDir, 'datasource/secretsmanager/test-fixtures/template.pkr.hcl')]);
  expect(secrets.status).toBe(0);
  expect(secrets.stdout).toContain('null.basic-example: secret value: this_is_the_packer_test_secret_value');
  expect(secrets.stdout).toMatch(/null\.basic-example: secret version_id: [0-9a-f-]{36}/);
  const parameters = run(['build', path.join(corpusDir, 'datasource/parameterstore/test-fixtures/template.pkr.hcl')]);
  expect(parameters.status).toBe(0);
  expect(parameters.stdout).toContain('null.basic-example: parameter value: this_is_the_packer_test_parameter_value');
  expect(parameters.stdout).toContain('null.basic-example: parameter version: 1');
  expect(parameters.stdout).toContain(
    'null.basic-example: parameter arn: arn:aws:ssm:us-east-1:123456789012:parameter/packer_datasource_parameterstore_test_parameter',
  );
});

test('a JSON template: aws_secretsmanager in the variables section, masked when sensitive; not allowed elsewhere', () => {
  const json = {
    variables: {
      password: '{{ aws_secretsmanager `app/db` `password` }}',
      user: '{{ aws_secretsmanager `app/db` `username` }}',
      raw: '{{ aws_secretsmanager_raw `app/db` }}',
    },
    'sensitive-variables': ['password'],
    builders: [{ type: 'null', communicator: 'none' }],
    provisioners: [{ type: 'shell-local', inline: ['echo user={{user `user`}} password={{user `password`}}', "echo '{{user `raw`}}'"] }],
  };
  fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify(json));
  const built = run(['build', '-color=false', 't.json']);
  expect(built.status).toBe(0);
  expect(built.stdout).toContain('null: user=admin password=<sensitive>');
  expect(built.stdout).toContain('null: {"username":"admin","password":"<sensitive>"}');
  expect(built.stdout).not.toContain('correct-horse');

  const missing = { ...json, variables: { x: '{{ aws_secretsmanager `app/missing` `x` }}' }, 'sensitive-variables': [], provisioners: [] };
  fs.writeFileSync(path.join(dir, 'missing.json'), JSON.stringify(missing));
  const failed = run(['validate', 'missing.json']);
  expect(failed.status).toBe(1);
  expect(failed.stdout.replace(/\s+/g, ' ')).toMatch(/error calling aws_secretsmanager: operation error Secrets Manager: GetSecretValue, .*ResourceNotFoundException/);

  const elsewhere = { builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shell-local', inline: ['echo {{ aws_secretsmanager `app/db` }}'] }] };
  fs.writeFileSync(path.join(dir, 'elsewhere.json'), JSON.stringify(elsewhere));
  const refused = run(['validate', 'elsewhere.json']);
  expect(refused.status).toBe(1);
  expect(refused.stdout.replace(/\s+/g, ' ')).toContain('error calling aws_secretsmanager: AWS Secrets Manager is only allowed in the variables section');
});
