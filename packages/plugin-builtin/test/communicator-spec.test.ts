import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communicatorSpec, prepareCommunicator, communicatorPort, type CommunicatorConfig } from '@tspacker/sdk';
import { configFromHcl } from './helpers.js';

const comm = (text: string): CommunicatorConfig => configFromHcl(communicatorSpec, text);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'communicator-spec-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  writeFileSync(join(dir, 'rsa'), rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(
    join(dir, 'encrypted'),
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n',
  );
  const body = (cipher: string) => {
    const magic = Buffer.from('openssh-key-v1\0', 'latin1');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(cipher.length);
    return Buffer.concat([magic, len, Buffer.from(cipher)]).toString('base64');
  };
  writeFileSync(join(dir, 'openssh'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${body('none')}\n-----END OPENSSH PRIVATE KEY-----\n`);
  writeFileSync(join(dir, 'openssh-aes'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${body('aes256-ctr')}\n-----END OPENSSH PRIVATE KEY-----\n`);
  writeFileSync(join(dir, 'garbled'), '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n');
  writeFileSync(join(dir, 'cert'), 'ssh-ed25519-cert-v01@openssh.com AAAAC3NzaC1lZDI1NTE5 user\n');
  writeFileSync(join(dir, 'pub'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 user\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaults', () => {
  test('ssh: port, timeout and handshakes, keep-alive, transfer method', () => {
    const c = comm('ssh_username = "u"\n');
    expect(prepareCommunicator(c)).toEqual([]);
    expect(c).toMatchObject({
      communicator: 'ssh',
      ssh_port: 22,
      ssh_timeout: 300_000,
      ssh_handshake_attempts: 10,
      ssh_keep_alive_interval: 5000,
      ssh_file_transfer_method: 'scp',
    });
    expect(communicatorPort(c)).toBe(22);
  });

  test('an explicit empty communicator is ssh; explicit zeros get the defaults', () => {
    const c = comm('communicator = ""\nssh_username = "u"\nssh_port = 0\nssh_keep_alive_interval = "0s"\n');
    expect(prepareCommunicator(c)).toEqual([]);
    expect(c).toMatchObject({ communicator: 'ssh', ssh_port: 22, ssh_keep_alive_interval: 5000 });
  });

  test('ssh_handshake_attempts alone keeps ssh_timeout at zero; ssh_wait_timeout wins', () => {
    const c = comm('ssh_username = "u"\nssh_handshake_attempts = 3\n');
    prepareCommunicator(c);
    expect([c.ssh_timeout, c.ssh_handshake_attempts]).toEqual([0, 3]);
    const d = comm('ssh_username = "u"\nssh_timeout = "1m"\nssh_wait_timeout = "2m"\n');
    prepareCommunicator(d);
    expect([d.ssh_timeout, d.ssh_handshake_attempts]).toEqual([120_000, 0]);
  });

  test('bastion and proxy ports, bastion key from the ssh key', () => {
    const c = comm(`ssh_username = "u"\nssh_bastion_host = "b"\nssh_private_key_file = "${dir}/rsa"\n`);
    expect(prepareCommunicator(c)).toEqual([]);
    expect([c.ssh_bastion_port, c.ssh_bastion_private_key_file]).toEqual([22, `${dir}/rsa`]);
    const p = comm('ssh_username = "u"\nssh_proxy_host = "p"\n');
    prepareCommunicator(p);
    expect(p.ssh_proxy_port).toBe(1080);
  });

  test('winrm: port by use_ssl, timeout', () => {
    const c = comm('communicator = "winrm"\nwinrm_username = "u"\n');
    expect(prepareCommunicator(c)).toEqual([]);
    expect([c.winrm_port, c.winrm_timeout, communicatorPort(c)]).toEqual([5985, 1_800_000, 5985]);
    const s = comm('communicator = "winrm"\nwinrm_username = "u"\nwinrm_use_ssl = true\n');
    prepareCommunicator(s);
    expect(s.winrm_port).toBe(5986);
  });

  test('none, docker: nothing to check', () => {
    expect(prepareCommunicator(comm('communicator = "none"\n'))).toEqual([]);
    expect(prepareCommunicator(comm('communicator = "docker"\n'))).toEqual([]);
  });
});

describe('validation messages', () => {
  test('unknown type: only that error', () => {
    expect(prepareCommunicator(comm('communicator = "rdp"\n'))).toEqual(['Communicator type rdp is invalid']);
  });

  test('certificates without keys (1.16)', () => {
    expect(prepareCommunicator(comm('ssh_username = "u"\nssh_certificate_file = "c"\nssh_bastion_certificate_file = "d"\n'))).toEqual([
      'ssh_private_key_file must be specified if ssh_certificate_file is specified',
      'ssh_bastion_private_key_file must be specified if ssh_bastion_certificate_file is specified',
    ]);
  });

  test('private key files', () => {
    const check = (file: string) => prepareCommunicator(comm(`ssh_username = "u"\nssh_private_key_file = "${dir}/${file}"\n`));
    expect(check('rsa')).toEqual([]);
    expect(check('openssh')).toEqual([]);
    expect(check('missing')).toEqual([`ssh_private_key_file is invalid: stat ${dir}/missing: no such file or directory`]);
    expect(check('encrypted')).toEqual([
      `ssh_private_key_file is invalid: Error setting up SSH config: Failed to read key '${dir}/encrypted': password protected keys are\nnot supported. Please decrypt the key prior to use.`,
    ]);
    expect(check('openssh-aes')).toEqual([
      'ssh_private_key_file is invalid: Error setting up SSH config: ssh: this private key is passphrase protected',
    ]);
    expect(check('garbled')[0]).toMatch(/^ssh_private_key_file is invalid: Error setting up SSH config: ./);
  });

  test('certificate files', () => {
    const check = (cert: string) =>
      prepareCommunicator(comm(`ssh_username = "u"\nssh_private_key_file = "${dir}/rsa"\nssh_certificate_file = "${dir}/${cert}"\n`));
    expect(check('cert')).toEqual([]);
    expect(check('pub')).toEqual(['ssh_private_key_file is invalid: Error loading certificate']);
    expect(check('rsa')).toEqual(['ssh_private_key_file is invalid: unable to parse public key: ssh: no key found']);
    expect(check('none')).toEqual([
      `ssh_private_key_file is invalid: unable to read certificate file: open ${dir}/none: no such file or directory`,
    ]);
  });

  test('bastion authentication (1.16 wording), transfer method, bastion with proxy', () => {
    expect(
      prepareCommunicator(comm('ssh_username = "u"\nssh_bastion_host = "b"\nssh_proxy_host = "p"\nssh_file_transfer_method = "rsync"\n')),
    ).toEqual([
      'ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified',
      "ssh_file_transfer_method ('rsync') is invalid, valid methods: sftp, scp",
      'please specify either ssh_bastion_host or ssh_proxy_host, not both',
    ]);
    expect(prepareCommunicator(comm('ssh_username = "u"\nssh_bastion_host = "b"\nssh_bastion_agent_auth = true\n'))).toEqual([]);
  });

  test('tunnels', () => {
    const errors = prepareCommunicator(
      comm(
        'ssh_username = "u"\n' +
          'ssh_local_tunnels = ["8080:localhost:3000", "8080", "8080:localhost", "8080:a:b:1", "x:localhost:1", "1:h:99999999999999999999"]\n' +
          'ssh_remote_tunnels = ["9090:[::1]:80", "9090:[::1:80"]\n',
      ),
    );
    expect(errors).toEqual([
      "ssh_local_tunnels ('8080') is invalid: Error parsing tunnel '8080': [8080]",
      "ssh_local_tunnels ('8080:localhost') is invalid: Error parsing forwarding, must be a tcp address: address localhost: missing port in address",
      "ssh_local_tunnels ('8080:a:b:1') is invalid: Error parsing forwarding, must be a tcp address: address a:b:1: too many colons in address",
      'ssh_local_tunnels (\'x:localhost:1\') is invalid: Error parsing listening port, must be a valid port: strconv.Atoi: parsing "x": invalid syntax',
      'ssh_local_tunnels (\'1:h:99999999999999999999\') is invalid: Error parsing forwarding port, must be a valid port: strconv.Atoi: parsing "99999999999999999999": value out of range',
      "ssh_remote_tunnels ('9090:[::1:80') is invalid: Error parsing forwarding, must be a tcp address: address [::1:80: missing ']' in address",
    ]);
  });

  test('winrm without a username', () => {
    expect(prepareCommunicator(comm('communicator = "winrm"\n'))).toEqual(['winrm_username must be specified.']);
  });
});
