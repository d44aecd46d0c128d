// StepConnect: connect the communicator to the instance — the host by ssh_interface (or ssh_host), the
// communicator's port, the key StepKeyPair got — and keep the connection for the provisioners (closed by the
// cleanup). `communicator = "none"` connects to nothing.
//
// Better than Packer: when the wait fails, one line after the communicator's own message says what probably went
// wrong, from what EC2 knows (the instance is not running, has no public address, its security groups do not
// open the port) and from the failure class the SSH wait reports (the key or user was refused, nothing listens).
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, type EC2Client, type Instance, type IpPermission } from '@aws-sdk/client-ec2';
import { communicatorHost, communicatorPort, communicatorUser, sleepUnlessAborted, type Step } from '@tspacker/sdk';
import type { EbsConfig } from '../config.js';
import type { EbsState } from '../state.js';

/** Packer's sshHostSleepDuration: the pause between looks at an instance without an address yet. */
const LOOK_INTERVAL_MS = 1000;

/**
 * The address field ssh_interface names (Packer's SSHHost switch); '' when the instance has none. Before the
 * last look, a VPC instance without a public IP gives '' (a public one may still be on its way).
 */
function addressOf(instance: Instance, sshInterface: string, lastLook: boolean): string {
  switch (sshInterface) {
    case 'public_ip':
      return instance.PublicIpAddress ?? '';
    case 'private_ip':
      return instance.PrivateIpAddress ?? '';
    case 'public_dns':
      return instance.PublicDnsName ?? '';
    case 'private_dns':
      return instance.PrivateDnsName ?? '';
    case 'ipv6':
      return instance.Ipv6Address ?? '';
    case '':
      if (instance.VpcId) {
        if (instance.PublicIpAddress) return instance.PublicIpAddress;
        return lastLook ? (instance.PrivateIpAddress ?? '') : '';
      }
      return instance.PublicDnsName ?? '';
    default:
      throw new Error(`Unknown interface type: ${sshInterface}`);
  }
}

/**
 * The host the communicator reaches the instance at, as it stands: `ssh_host` verbatim, 'localhost' through a
 * Session Manager tunnel, else the instance's address for ssh_interface ('' when it has none yet). StepProvision
 * gives it to the provisioners (Packer's hook data calls the same SSHHost).
 */
export function instanceHost(config: EbsConfig, instance: Instance | undefined, lastLook = true): string {
  const given = communicatorHost(config);
  if (given !== '') return given;
  if (config.ssh_interface === 'session_manager') return 'localhost';
  return instance === undefined ? '' : addressOf(instance, config.ssh_interface, lastLook);
}

/**
 * SSHHost: `ssh_host` verbatim, else the instance's address for ssh_interface, looking again (DescribeInstances)
 * up to 3 times 1 s apart while it has none. Updates state.instance with what it saw.
 */
export async function sshHost(state: EbsState, signal: AbortSignal, lookIntervalMs = LOOK_INTERVAL_MS): Promise<string> {
  const tries = 2;
  for (let look = 0; look <= tries; look++) {
    const instance = state.instance!;
    const host = instanceHost(state.config, instance, look === tries);
    if (host !== '') return host;
    const found = await state.session.ec2().send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId!] }), { abortSignal: signal });
    const latest = found.Reservations?.[0]?.Instances?.[0];
    if (latest === undefined) throw new Error(`instance not found: ${instance.InstanceId}`);
    state.instance = latest;
    await sleepUnlessAborted(lookIntervalMs, signal);
  }
  throw new Error("couldn't determine address for instance");
}

/** Whether an ingress rule lets TCP `port` in (any protocol, or tcp with the port in its range). */
function opensPort(rule: IpPermission, port: number): boolean {
  if (rule.IpProtocol === '-1' || rule.IpProtocol === 'all') return true;
  if (rule.IpProtocol !== 'tcp' && rule.IpProtocol !== '6') return false;
  return (rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 65535);
}

function ruleText(rule: IpPermission): string {
  const ports = rule.IpProtocol === '-1' ? 'all' : rule.FromPort === rule.ToPort ? `${rule.IpProtocol}/${rule.FromPort}` : `${rule.IpProtocol}/${rule.FromPort}-${rule.ToPort}`;
  const sources = [...(rule.IpRanges ?? []).map((r) => r.CidrIp), ...(rule.Ipv6Ranges ?? []).map((r) => r.CidrIpv6), ...(rule.UserIdGroupPairs ?? []).map((p) => p.GroupId)];
  return `${ports} from ${sources.join(', ') || 'nowhere'}`;
}

/** The image's usual login user, guessed from its name (for the hint after a refused login). */
function usualUser(imageName: string): string | undefined {
  if (/ubuntu/i.test(imageName)) return 'ubuntu';
  if (/^(amzn|al20)/i.test(imageName)) return 'ec2-user';
  if (/debian/i.test(imageName)) return 'admin';
  return undefined;
}

/**
 * One line saying why the communicator probably could not connect, or undefined when nothing stands out.
 * `failure` is the class the SSH wait reported (SshConnectError.failure).
 */
export async function diagnoseConnectFailure(state: EbsState, host: string, port: number, failure: string | undefined): Promise<string | undefined> {
  const c = state.config;
  const ec2: EC2Client = state.session.ec2();
  const instanceId = state.instanceId ?? state.instance?.InstanceId;
  let instance = state.instance;
  const signal = AbortSignal.timeout(10_000); // a diagnosis must not hold up the cleanups
  if (instanceId) {
    try {
      instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal })).Reservations?.[0]?.Instances?.[0] ?? instance;
    } catch {
      // keep what the launch saw
    }
  }
  if (instance !== undefined && (instance.State?.Name ?? 'unknown') !== 'running') {
    const reason = instance.StateReason?.Message ? ` (${instance.StateReason.Message})` : '';
    return `the instance ${instance.InstanceId} is ${instance.State?.Name ?? 'unknown'}${reason}, not running.`;
  }
  const user = communicatorUser(c);
  if (failure === 'auth') {
    // The server answered: address and security groups were fine, the credentials were not.
    const usual = usualUser(state.sourceImage?.Name ?? '');
    const hint = usual !== undefined && usual !== user ? ` — this image usually logs in as '${usual}'` : '';
    const key = state.keyPair?.temporaryName ? `the temporary key pair ${state.keyPair.temporaryName}` : c.ssh_private_key_file !== '' ? 'ssh_private_key_file' : 'the configured credentials';
    return `the server refused the login of '${user}' with ${key}: check ssh_username${hint}.`;
  }
  if (failure === 'reset' || failure === 'handshake-timeout' || failure === 'algorithm') return undefined; // the SSH error says it all
  if (instance !== undefined) {
    const wantsPublic = c.ssh_interface === 'public_ip' || c.ssh_interface === 'public_dns' || (c.ssh_interface === '' && communicatorHost(c) === '');
    if (wantsPublic && !instance.PublicIpAddress) {
      const used = host === instance.PrivateIpAddress ? `; ${host} is its private address, reachable only from inside the VPC` : '';
      return `the instance has no public IP address${used}: set associate_public_ip_address = true (or a subnet that maps public IPs), or ssh_interface = "private_ip" when this host is inside the VPC.`;
    }
  }
  const groupIds = instance?.SecurityGroups?.map((g) => g.GroupId ?? '').filter((g) => g !== '') ?? state.securityGroupIds ?? [];
  if (groupIds.length > 0) {
    try {
      const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }), { abortSignal: signal })).SecurityGroups ?? [];
      const rules = groups.flatMap((g) => g.IpPermissions ?? []);
      if (!rules.some((r) => opensPort(r, port))) {
        const open = rules.length > 0 ? ` (they allow ${rules.map(ruleText).join('; ')})` : ' (they allow no inbound traffic)';
        return `no inbound rule of the instance's security groups ${groupIds.join(', ')} allows tcp/${port}${open}: add one, or check ssh_port.`;
      }
    } catch {
      // the groups could not be read: say nothing about them
    }
  }
  switch (failure) {
    case 'refused':
      return `nothing accepts connections on ${host}:${port}: sshd is not (yet) running on the instance, or ssh_port is not its port.`;
    case 'no-route':
    case 'dial-timeout':
      return `${host}:${port} could not be reached: a network ACL, a route or a firewall between here and the instance drops the connection.`;
    default:
      return undefined;
  }
}

// The SSH wait's failure names (plugin-ssh failureName) of the classes the diagnosis distinguishes.
const FAILURE_NAMES: Record<string, string> = {
  'authentication rejected': 'auth',
  'connection refused': 'refused',
  'no route to host': 'no-route',
  'TCP connection timeout': 'dial-timeout',
};

/**
 * The failure class of a connect error (SshConnectError.failure); for a timeout, the class of the last failed
 * attempt, which the message names ("Timeout waiting for SSH. Last failure: connection refused: ...").
 */
export function failureClassOf(e: unknown): string | undefined {
  const failure = (e as { failure?: unknown }).failure;
  if (typeof failure !== 'string') return undefined;
  if (failure !== 'timeout') return failure;
  const last = /Last failure: ([^:]+):/.exec(e instanceof Error ? e.message : '');
  return last ? FAILURE_NAMES[last[1]!] : undefined;
}

export const stepConnect: Step<EbsState> = {
  name: 'StepConnect',
  async run(state, { signal }) {
    const c = state.config;
    if (c.communicator === 'none') return 'continue';
    if (c.ssh_interface === 'session_manager') {
      throw new Error('ssh_interface = "session_manager" is not supported by tspacker yet');
    }
    const port = communicatorPort(c);
    let host: string;
    try {
      host = await sshHost(state, signal);
    } catch (e) {
      if (signal.aborted) throw e;
      const why = await diagnoseConnectFailure(state, '', port, undefined);
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(why === undefined ? message : `${message}\nProbable cause: ${why}`);
    }
    const privateKey = state.keyPair?.privateKey;
    try {
      state.connection = await state.ctx.connect(c, { host, port, ...(privateKey ? { privateKey } : {}) });
    } catch (e) {
      if (signal.aborted) throw e;
      const why = await diagnoseConnectFailure(state, host, port, failureClassOf(e));
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(why === undefined ? message : `${message}\nProbable cause: ${why}`);
    }
    return 'continue';
  },

  async cleanup(state) {
    const connection = state.connection;
    if (connection === undefined) return;
    state.connection = undefined;
    await connection.close();
  },
};
