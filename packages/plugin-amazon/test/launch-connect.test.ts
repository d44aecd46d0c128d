// StepConnect against a local cloud with real machines: when the wait for SSH fails, the error keeps the SSH
// communicator's "Timeout waiting for SSH." text and adds one line with the probable cause — the security groups do
// not open the port, the login was refused (wrong ssh_username), the instance is not running — and the cleanups
// still remove everything. Also: communicator "none" connects to nothing, ssh_interface / ssh_host choose the host.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import type { EbsState } from '../src/ebs/state.js';
import { ec2Client, startTestCloud, type TestCloud } from './ebs-build-harness.js';
import { launchConfig, launchState, launchSteps, probe, recordingUi, remote, run } from './launch-support.js';

let test_: TestCloud;

beforeAll(async () => {
  test_ = await startTestCloud('launch-connect');
});

afterAll(async () => {
  await test_?.stop();
});

/** The steps with `extra` inserted just before StepConnect. */
function beforeConnect(steps: Step<EbsState>[], extra: Step<EbsState>): Step<EbsState>[] {
  const at = steps.findIndex((s) => s.name === 'StepConnect');
  return [...steps.slice(0, at), extra, ...steps.slice(at)];
}

test('SSH timeout with a security group that opens another port: the cause names the group and its rules', async () => {
  const { cloud } = test_;
  const ec2 = ec2Client(cloud, 'us-east-1');
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'only-22', Description: 'ssh on 22 only' }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  try {
    const config = launchConfig(cloud, [`security_group_ids = ["${GroupId}"]`, 'ssh_port = 2222', 'ssh_timeout = "3s"']);
    const ui = recordingUi();
    const state = await launchState(config, ui);
    const error = await run(launchSteps(config), state, ui);
    const [first, cause, ...rest] = error!.message.split('\n');
    expect(first).toMatch(/^Timeout waiting for SSH\. Last failure: connection refused: /);
    expect(cause).toBe(`Probable cause: no inbound rule of the instance's security groups ${GroupId} allows tcp/2222 (they allow tcp/22 from 0.0.0.0/0): add one, or check ssh_port.`);
    expect(rest).toEqual([]);
    // The given group is not the build's: only the instance and the key pair are removed.
    expect(ui.said.slice(-4)).toEqual(['Terminating the source AWS instance...', 'Cleaning up any extra volumes...', 'No volumes to clean up, skipping', 'Deleting temporary keypair...']);
    expect(state.ledger.remaining()).toEqual([]);
  } finally {
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId }));
  }
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('SSH refused login (wrong ssh_username): the cause says so and names the image\'s usual user', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['ssh_username = "ec2-user"', 'ssh_timeout = "4s"']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const error = await run(launchSteps(config), state, ui);
  const lines = error!.message.split('\n');
  expect(lines[0]).toMatch(/^Timeout waiting for SSH\. Last failure: authentication rejected: /);
  expect(lines[1]).toBe(`Probable cause: the server refused the login of 'ec2-user' with the temporary key pair ${state.keyPair!.temporaryName}: check ssh_username — this image usually logs in as 'ubuntu'.`);
  expect(ui.said.slice(-2)).toEqual(['Deleting temporary security group...', 'Deleting temporary keypair...']);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('the instance no longer running when SSH is tried: the cause says it is not running', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['ssh_timeout = "2s"']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const terminate = probe(async (s) => {
    await ec2Client(cloud, 'us-east-1').send(new TerminateInstancesCommand({ InstanceIds: [s.instanceId!] }));
  });
  const error = await run(beforeConnect(launchSteps(config), terminate), state, ui);
  expect(error!.message.split('\n')[1]).toMatch(new RegExp(`^Probable cause: the instance ${state.instanceId} is (shutting-down|terminated)( \\(.*\\))?, not running\\.$`));
  expect(ui.said).toContain('Terminating the source AWS instance...');
  expect(state.ledger.remaining()).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('communicator "none": no connection; the temporary group opens port 0 as Packer\'s does', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['communicator = "none"'], ['instance_type = "t3.micro"', 'ami_name = "none-comm"', 'source_ami_filter {', '  filters = { name = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*" }', '  owners = ["099720109477"]', '  most_recent = true', '}']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  let connected: unknown = 'not looked';
  const error = await run([...launchSteps(config), probe(async (s) => void (connected = s.connection))], state, ui);
  expect(error).toBeUndefined();
  expect(connected).toBeUndefined();
  expect(ui.said).toContain('Authorizing access to port 0 from [0.0.0.0/0] in the temporary security groups...');
  expect(ui.said.some((l) => l.includes('SSH'))).toBe(false);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('ssh_interface = "private_ip" and ssh_host choose the address connected to', async () => {
  const { cloud } = test_;
  for (const [setting, expected] of [
    ['ssh_interface = "private_ip"', 'private'],
    ['ssh_host = "HOST"', 'given'],
  ] as const) {
    const ui = recordingUi();
    // The instance's address is only known once it runs: ssh_host is set to it just before StepConnect.
    let host = '';
    const config = launchConfig(cloud, [setting === 'ssh_host = "HOST"' ? 'ssh_interface = "private_ip"' : setting]);
    const state = await launchState(config, ui);
    const error = await run(
      [
        ...launchSteps(config).slice(0, -2),
        probe(async (s) => {
          host = s.instance!.PrivateIpAddress!;
          if (expected === 'given') s.config.ssh_host = host;
        }),
        ...launchSteps(config).slice(-2),
        probe(async (s) => void expect(await remote(s, 'hostname -I || true')).toBeDefined()),
      ],
      state,
      ui,
    );
    expect(error).toBeUndefined();
    expect(ui.said).toContain(`Using SSH communicator to connect: ${host}`);
  }
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);
