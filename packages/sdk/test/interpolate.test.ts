// Packer's template functions, ported from packer-plugin-sdk template/interpolate/funcs_test.go and i_test.go,
// plus the context rules tspacker relies on (HCL2 vs JSON availability, build placeholders, plugin functions).
import path from 'node:path';
import {
  basicPlaceholderData, interpolate, InterpolateError, parseTemplate, PLACEHOLDER_MSG, render,
} from '@tspacker/sdk/interpolate/index.js';
import type { InterpolateContext } from '@tspacker/sdk/interpolate/index.js';

const base: InterpolateContext = { mode: 'json', coreVersion: '' };
const ctxOf = (extra: Partial<InterpolateContext>): InterpolateContext => ({ ...base, ...extra });
const err = (text: string, ctx: InterpolateContext): string => {
  try {
    interpolate(text, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(InterpolateError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${text}`);
};
const NOW = new Date('2026-01-02T03:04:05.678Z');

test('plain text renders unchanged (TestIRender)', () => {
  expect(interpolate('foo', base)).toBe('foo');
  expect(interpolate('', base)).toBe('');
});

test('build_name and build_type (TestFuncBuildName, TestFuncBuildType)', () => {
  expect(interpolate('{{build_name}}', ctxOf({ buildName: 'foo' }))).toBe('foo');
  expect(interpolate('{{build_type}}', ctxOf({ buildType: 'foo' }))).toBe('foo');
  expect(err('{{build_name}}', base)).toBe(
    'template: root:1:2: executing "root" at <build_name>: error calling build_name: build_name not available');
  expect(err('{{ build_type }}', base)).toBe(
    'template: root:1:3: executing "root" at <build_type>: error calling build_type: build_type not available');
});

test('env only in the JSON variables section (TestFuncEnv, TestFuncEnv_disable)', () => {
  const env = { PACKER_TEST_ENV: 'foo' };
  expect(interpolate('{{env "PACKER_TEST_ENV"}}', ctxOf({ enableEnv: true, env }))).toBe('foo');
  expect(interpolate('{{env "PACKER_TEST_ENV_NOPE"}}', ctxOf({ enableEnv: true, env }))).toBe('');
  expect(err('{{env "PACKER_TEST_ENV"}}', ctxOf({ env }))).toBe(
    'template: root:1:2: executing "root" at <env "PACKER_TEST_ENV">: error calling env: env vars are not allowed here');
  expect(err('{{env "PACKER_TEST_ENV"}}', ctxOf({ mode: 'hcl2', enableEnv: true, env }))).toContain('env vars are not allowed here');
});

test('isotime, strftime and timestamp render the fixed start time (TestFuncIsotime, TestFuncStrftime, TestFuncTimestamp)', () => {
  const c = ctxOf({ now: NOW });
  expect(interpolate('{{isotime}}', c)).toBe('2026-01-02T03:04:05Z');
  expect(interpolate('{{isotime "2006-01-02 15:04:05.000 MST Mon Jan _2"}}', c)).toBe('2026-01-02 03:04:05.678 UTC Fri Jan  2');
  expect(interpolate('{{ isotime "20060102" }}', c)).toBe('20260102');
  expect(interpolate('{{strftime "%Y-%m-%dT%H:%M:%S%z"}}', c)).toBe('2026-01-02T03:04:05+0000');
  expect(interpolate('{{timestamp}}', c)).toBe(String(Math.floor(NOW.getTime() / 1000)));
  expect(err('{{isotime "a" "b"}}', c)).toBe(
    'template: root:1:2: executing "root" at <isotime "a" "b">: error calling isotime: too many values, 1 needed: [a b]');
  // Without `now`, the time is constant for the process, like Packer's InitTime.
  expect(interpolate('{{timestamp}}', base)).toBe(interpolate('{{timestamp}}', base));
  expect(Date.parse(interpolate('{{isotime}}', base))).toBeLessThanOrEqual(Date.now());
});

test('pwd and template_dir (TestFuncPwd, TestFuncTemplatePath)', () => {
  expect(interpolate('{{pwd}}', ctxOf({ cwd: '/work/dir' }))).toBe('/work/dir');
  expect(interpolate('{{pwd}}', base)).toBe(process.cwd());
  expect(interpolate('{{template_dir}}', ctxOf({ templatePath: 'foo/bar', cwd: '/w' }))).toBe('/w/foo');
  expect(interpolate('{{template_dir}}', ctxOf({ templatePath: 'foo/bar' }))).toBe(path.resolve('foo'));
  expect(interpolate('{{template_dir}}', ctxOf({ templatePath: 'x.json', cwd: '/w' }))).toBe('/w');
  expect(err('{{template_dir}}', ctxOf({ mode: 'hcl2', templatePath: 'foo/bar' }))).toBe(
    'template: root:1:2: executing "root" at <template_dir>: error calling template_dir: template path not available');
});

test('split (TestFuncSplit)', () => {
  const c = ctxOf({ buildName: 'foo-bar' });
  expect(interpolate('{{split build_name "-" 0}}', c)).toBe('foo');
  expect(interpolate('{{split build_name "-" 1}}', c)).toBe('bar');
  expect(err('{{split build_name "-" 2}}', c)).toBe(
    'template: root:1:2: executing "root" at <split build_name "-" 2>: error calling split: the substring 2 was ' +
    'unavailable using the separator value, -, only 2 values were found');
  expect(interpolate('{{ split "a-b" "-" 0 }}', base)).toBe('a');
});

test('user variables (TestFuncUser) and their JSON/HCL2 rules', () => {
  const c = ctxOf({ userVariables: { foo: 'foo' } });
  expect(interpolate('{{user "foo"}}', c)).toBe('foo');
  expect(interpolate('{{user "what"}}', c)).toBe('');
  expect(err('{{user `what`}}', ctxOf({ userVariables: { foo: 'foo' }, enableEnv: true }))).toBe(
    'template: root:1:2: executing "root" at <user `what`>: error calling user: Error: variable not set: what');
  // No user variables (HCL2 builds never pass them): Packer's literal message.
  expect(err('{{user `foo`}}', base)).toBe('template: root:1:2: executing "root" at <user `foo`>: error calling user: test');
  expect(err('{{user `foo`}}', ctxOf({ mode: 'hcl2', userVariables: { foo: 'foo' } }))).toContain('error calling user: test');
});

test('build reads generated data and keeps placeholders for later (TestFuncPackerBuild)', () => {
  const withData = (data: Record<string, unknown> | undefined): InterpolateContext => ctxOf({ data });
  expect(err('{{ build `PartyVar` }}', withData(undefined))).toBe(
    'template: root:1:3: executing "root" at <build `PartyVar`>: error calling build: Error validating build ' +
    'variable: the given variable PartyVar will not be passed into your plugin.');
  expect(interpolate('{{ build `PartyVar` }}', withData({ PartyVar: 'PartyVal' }))).toBe('PartyVal');
  expect(interpolate('{{ build `PartyVar` }}', withData({ PartyVar: `PartyVal${PLACEHOLDER_MSG}` }))).toBe('{{.PartyVar}}');
  expect(err('{{ build `MissingVar` }}', withData({ BadVar: `PartyVal${PLACEHOLDER_MSG}` }))).toContain(
    'error calling build: loaded data, but couldnt find MissingVar in it.');
  expect(err('{{ build `ID` }}', ctxOf({ data: { ID: 'i-1' }, dataType: 'main.Config' }))).toContain(
    'the given variable ID will not be passed into your plugin.');

  // Prepare time: placeholders; provision time: the real values.
  const prepared = interpolate('id={{ build `ID` }} host={{ build `Host` }} pw={{ build `WinRMPassword` }}',
    ctxOf({ data: basicPlaceholderData() }));
  expect(prepared).toBe('id={{.ID}} host={{.Host}} pw={{.WinRMPassword}}');
  expect(interpolate(prepared, ctxOf({ data: { ID: 'i-123', Host: '10.0.0.1', WinRMPassword: 's3cret' } }))).toBe(
    'id=i-123 host=10.0.0.1 pw=s3cret');
  expect(interpolate('{{ .ID }}', ctxOf({ data: basicPlaceholderData() }))).toBe(`Build_ID. ${PLACEHOLDER_MSG}`);
});

test('packer_version (TestFuncPackerVersion)', () => {
  expect(interpolate('{{packer_version}}', ctxOf({ coreVersion: '1.4.3-dev [DEADC0DE]' }))).toBe('1.4.3-dev [DEADC0DE]');
  expect(interpolate('{{packer_version}}', ctxOf({ mode: 'hcl2', coreVersion: '1.16.0' }))).toBe('1.16.0');
  expect(err('{{packer_version}}', base)).toContain('error calling packer_version: packer_version not available');
});

test('replace and replace_all (TestReplaceFuncs), upper, lower', () => {
  const c = ctxOf({ userVariables: { fee: '-foo-' } });
  expect(interpolate('{{ "foo-bar-baz" | replace "-" "/" 1}}', c)).toBe('foo/bar-baz');
  expect(interpolate('{{ replace "-" "/" 1 "foo-bar-baz" }}', c)).toBe('foo/bar-baz');
  expect(interpolate('{{ "I Am Henry VIII" | replace_all " " "-" }}', c)).toBe('I-Am-Henry-VIII');
  expect(interpolate('{{ replace_all " " "-" "I Am Henry VIII" }}', c)).toBe('I-Am-Henry-VIII');
  expect(interpolate('{{ replace "" "." -1 "ab" }}', c)).toBe('.a.b.');
  expect(interpolate('{{ upper "straße" }} {{ lower "ÀÉ" }}', c)).toBe('STRAßE àé');
});

test('functions only allowed in the variables section, and sed', () => {
  expect(err('{{ consul_key `k` }}', base)).toContain('error calling consul_key: consul_key is not allowed here');
  expect(err('{{ vault `p` `k` }}', base)).toContain('error calling vault: Vault vars are only allowed in the variables section');
  expect(err('{{ aws_secretsmanager `n` }}', base)).toContain('AWS Secrets Manager is only allowed in the variables section');
  expect(err('{{ aws_secretsmanager_raw `n` }}', base)).toContain('AWS Secrets Manager is only allowed in the variables section');
  const vars = ctxOf({ enableEnv: true, userVariables: {} });
  // In the variables section they look secrets up as HCL2's functions do (commontpl), through ctx.secrets.
  expect(err('{{ consul_key `k` }}', vars)).toContain('error calling consul_key: error reading consul key: no Consul client is configured');
  expect(err('{{ vault `p` `k` }}', { ...vars, env: {} })).toContain(
    'error calling vault: Must set VAULT_TOKEN env var in order to use vault template function',
  );
  const secrets = {
    consulGet: (k: string) => (k === 'k' ? 'consul-value' : undefined),
    vaultRead: (p: string) => (p === 'secret/p' ? { data: { data: { k: 'vault-value' } } } : undefined),
    awsSecretString: (n: string) => (n === 'app' ? '{"user":"admin","pw":"x"}' : undefined),
  };
  const withSecrets = ctxOf({ enableEnv: true, userVariables: {}, secrets, env: { VAULT_TOKEN: 't' } });
  expect(interpolate('{{ consul_key `k` }}', withSecrets)).toBe('consul-value');
  expect(err('{{ consul_key `nope` }}', withSecrets)).toContain('error calling consul_key: key does not exist at the given path: nope');
  expect(interpolate('{{ vault `secret/p` `k` }}', withSecrets)).toBe('vault-value');
  expect(interpolate('{{ aws_secretsmanager `app` `user` }}', withSecrets)).toBe('admin');
  expect(interpolate('{{ aws_secretsmanager_raw `app` }}', withSecrets)).toBe('{"user":"admin","pw":"x"}');
  expect(err('{{ aws_secretsmanager `app` }}', withSecrets)).toContain('Secret has multiple values and no key was set');
  expect(err('{{ aws_secretsmanager }}', vars)).toContain('secret name must be provided');
  expect(err('{{ aws_secretsmanager "a" "b" "c" }}', vars)).toContain('only secret name and optional secret key can be provided.');
  expect(err('{{ sed "s/a/b/" "a" }}', base)).toContain(
    'error calling sed: template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: ' +
    'https://www.packer.io/docs/templates/engine');
});

test('uuid is time-ordered', () => {
  const u = interpolate('{{uuid}}', base);
  expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(Math.abs(parseInt(u.slice(0, 8), 16) - Date.now() / 1000)).toBeLessThan(5);
  expect(interpolate('{{uuid}}', base)).not.toBe(u);
});

test('plugin functions (ctx.Funcs), e.g. clean_resource_name', () => {
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const c = ctxOf({ funcs: { clean_resource_name: clean, fails: () => { throw new Error('nope'); } } });
  expect(interpolate('{{ "My Image 1.0" | clean_resource_name }}', c)).toBe('my-image-1-0');
  expect(err('{{ fails }}', c)).toBe('template: root:1:3: executing "root" at <fails>: error calling fails: nope');
  expect(err('{{ clean_resource_name "a" }}', base)).toBe('template: root:1: function "clean_resource_name" not defined');
});

test('struct-typed data (plugin option templates such as execute_command)', () => {
  const c = ctxOf({ data: { Vars: 'A=1', Path: '/tmp/script.sh' }, dataType: '*shell.ExecuteCommandTemplate' });
  expect(interpolate("chmod +x {{.Path}}; {{.Vars}} {{.Path}}", c)).toBe('chmod +x /tmp/script.sh; A=1 /tmp/script.sh');
  expect(err('{{.Nope}}', c)).toBe(
    'template: root:1:2: executing "root" at <.Nope>: can\'t evaluate field Nope in type *shell.ExecuteCommandTemplate');
});

test('parseTemplate validates syntax without executing', () => {
  expect(() => parseTemplate('{{ build_name }} {{ .ID }}', base)).not.toThrow();
  expect(() => parseTemplate('{{ nope }}', base)).toThrow('template: root:1: function "nope" not defined');
  expect(() => parseTemplate('{{ if 1 }}', base)).toThrow('template: root:1: unexpected EOF');
});

test('render repeats until stable (interpolate.Render); interpolate renders once (RenderOnce)', () => {
  const c = ctxOf({ userVariables: { a: '{{user `b`}}', b: '{{ upper "x" }}' } });
  expect(interpolate('{{user `a`}}', c)).toBe('{{user `b`}}');
  expect(render('{{user `a`}}', c)).toBe('X');
  expect(render('plain', c)).toBe('plain');
  expect(() => render('{{user `a`}}{{', c)).toThrow('template: root:1: unclosed action');
});
