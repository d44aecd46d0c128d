import { fileBuilder, nullBuilder, prepareErrorText } from '@tspacker/plugin-builtin';
import { configFromHcl, testCore } from './helpers.js';

describe('null builder', () => {
  const prepare = (text: string) => nullBuilder.prepare(configFromHcl(nullBuilder.configSpec, text), testCore);

  test('communicator none needs nothing', () => {
    expect(prepare('communicator = "none"\n')).toEqual({});
  });

  test('ssh without anything: the communicator error, then host, username, authentication', () => {
    expect(prepareErrorText(prepare(''))).toBe(
      '4 error(s) occurred:\n\n' +
        '* An ssh_username must be specified\n  Note: some builders used to default ssh_username to "root".\n' +
        '* a Host must be specified, please reference your communicator documentation\n' +
        '* a Username must be specified, please reference your communicator documentation\n' +
        '* one authentication method must be specified, please reference your communicator documentation',
    );
  });

  test('agent authentication counts as a method; with a password it conflicts', () => {
    expect(prepare('ssh_host = "h"\nssh_username = "u"\nssh_agent_auth = true\n')).toEqual({});
    expect(prepare('ssh_host = "h"\nssh_username = "u"\nssh_agent_auth = true\nssh_password = "p"\n').errors).toEqual([
      'only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified',
    ]);
  });

  test('winrm uses the winrm host, user and password', () => {
    expect(prepare('communicator = "winrm"\nwinrm_host = "h"\nwinrm_username = "u"\nwinrm_password = "p"\n')).toEqual({});
    expect(prepare('communicator = "winrm"\nwinrm_host = "h"\nwinrm_username = "u"\n').errors).toEqual([
      'one authentication method must be specified, please reference your communicator documentation',
    ]);
  });

  test('the spec has the packer core keys and the communicator keys, none required', () => {
    const names = Object.keys(nullBuilder.configSpec);
    expect(names).toHaveLength(57); // as builder/null/config.hcl2spec.go
    expect(names).toEqual(expect.arrayContaining(['packer_build_name', 'communicator', 'ssh_local_tunnels', 'winrm_use_ntlm']));
    expect(Object.values(nullBuilder.configSpec).some((e) => e.required)).toBe(false);
  });
});

describe('file builder', () => {
  const prepare = (text: string) => fileBuilder.prepare(configFromHcl(fileBuilder.configSpec, text), testCore);

  test('target required; blank content warns', () => {
    expect(prepare('')).toEqual({
      errors: ['target required'],
      warnings: ['Both source file and contents are blank; target will have no content'],
    });
  });

  test('source and content conflict', () => {
    expect(prepare('target = "t"\nsource = "s"\ncontent = "c"\n')).toEqual({ errors: ['Cannot specify source file AND content'] });
  });

  test('content alone is fine', () => {
    expect(prepare('target = "t"\ncontent = "c"\n')).toEqual({});
  });
});
