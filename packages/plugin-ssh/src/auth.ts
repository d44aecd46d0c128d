// The authentication methods of a connection, in Packer's order (the SDK's SSHConfigFunc and sshBastionConfig),
// and a record of what was tried, so that a rejection says which methods the server refused and which it accepts.
// Secrets never appear in the labels: a key is named by its file, the agent by its socket.
import { readFileSync } from 'node:fs';
import ssh2, { type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import { expandUser, type CommunicatorConfig, type ConnectTarget } from '@tspacker/sdk';
import { withCertificate } from './certificate.js';
import { ConnectFailure } from './connection-errors.js';

/** One method: what to send to ssh2, and how to name it in messages. */
export interface AuthStep {
  readonly label: string;
  readonly method: (username: string) => AnyAuthMethod;
}

/** Who logs in, and with which methods, in order. */
export interface AuthPlan {
  readonly username: string;
  readonly steps: readonly AuthStep[];
}

/** The local agent's socket (SSH_AUTH_SOCK), or undefined when there is none. */
export function agentSocket(): string | undefined {
  const socket = process.env['SSH_AUTH_SOCK'];
  return socket === undefined || socket === '' ? undefined : socket;
}

function agentStep(option: string): AuthStep {
  const socket = agentSocket();
  if (socket === undefined) {
    throw new ConnectFailure('config', `${option} is set but SSH_AUTH_SOCK is not: no SSH agent to authenticate with`, true);
  }
  return { label: `publickey (SSH agent at ${socket})`, method: (username) => ({ type: 'agent', username, agent: socket }) };
}

function parsePrivateKey(text: string | Buffer, source: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) {
    const why = key instanceof Error ? key.message : 'no key found';
    throw new ConnectFailure('config', `${source} is not a private key tspacker can use: ${why}`, true);
  }
  if (!key.isPrivateKey()) throw new ConnectFailure('config', `${source} holds a public key, not a private key`, true);
  return key;
}

function keyFileStep(option: string, file: string, certificateFile: string): AuthStep {
  const path = expandUser(file);
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (err) {
    throw new ConnectFailure('config', `${option} ${path} cannot be read: ${(err as Error).message}`, true);
  }
  let key = parsePrivateKey(text, `${option} ${path}`);
  if (certificateFile !== '') key = withCertificate(key, expandUser(certificateFile));
  const certificate = certificateFile !== '' ? ` with certificate ${expandUser(certificateFile)}` : '';
  return { label: `publickey (key file ${path}${certificate})`, method: (username) => ({ type: 'publickey', username, key }) };
}

function passwordSteps(password: string): AuthStep[] {
  return [
    { label: 'password', method: (username) => ({ type: 'password', username, password }) },
    {
      label: 'keyboard-interactive (answering with the password)',
      method: (username) => ({
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
      }),
    },
  ];
}

/** The target's methods: agent, key file (with certificate), the builder's key, password + keyboard-interactive. */
export function targetAuthPlan(config: CommunicatorConfig, target: ConnectTarget): AuthPlan {
  const steps: AuthStep[] = [];
  if (config.ssh_agent_auth) steps.push(agentStep('ssh_agent_auth'));
  if (config.ssh_private_key_file !== '') {
    steps.push(keyFileStep('ssh_private_key_file', config.ssh_private_key_file, config.ssh_certificate_file));
  }
  const builderKeys = [
    ...(target.privateKey !== undefined ? [target.privateKey] : []),
    ...(config.ssh_private_key.length > 0 ? [Buffer.from(config.ssh_private_key).toString('utf8')] : []),
  ];
  for (const text of builderKeys) {
    let key = parsePrivateKey(text, "the builder's temporary private key");
    if (config.ssh_certificate_file !== '') key = withCertificate(key, expandUser(config.ssh_certificate_file));
    steps.push({ label: `publickey (the builder's temporary ${key.type} key)`, method: (username) => ({ type: 'publickey', username, key }) });
  }
  if (config.ssh_password !== '') steps.push(...passwordSteps(config.ssh_password));
  if (steps.length === 0) {
    throw new ConnectFailure(
      'config',
      'no SSH authentication method: set ssh_password, ssh_private_key_file or ssh_agent_auth, or let the builder make a temporary key',
      true,
    );
  }
  return { username: config.ssh_username, steps };
}

/** The bastion's methods, in sshBastionConfig's order: password + keyboard-interactive, key file, agent. */
export function bastionAuthPlan(config: CommunicatorConfig): AuthPlan {
  if (config.ssh_bastion_interactive) {
    throw new ConnectFailure('config', 'ssh_bastion_interactive is not supported by tspacker: use a key, a password or the agent', true);
  }
  const steps: AuthStep[] = [];
  if (config.ssh_bastion_password !== '') steps.push(...passwordSteps(config.ssh_bastion_password));
  if (config.ssh_bastion_private_key_file !== '') {
    steps.push(
      keyFileStep('ssh_bastion_private_key_file', config.ssh_bastion_private_key_file, config.ssh_bastion_certificate_file),
    );
  }
  if (config.ssh_bastion_agent_auth) steps.push(agentStep('ssh_bastion_agent_auth'));
  return { username: config.ssh_bastion_username, steps };
}

/** What one handshake tried, and what the server said it accepts. */
export class AuthRecord {
  readonly tried: string[] = [];
  /** The methods the server lists after the first failed request (undefined: it never said). */
  serverAccepts: readonly string[] | undefined;

  /** "tried publickey (key file /k), password; the server accepts publickey". */
  describe(): string {
    const tried = this.tried.length > 0 ? `tried ${this.tried.join(', ')}` : 'no offered method is one the server accepts';
    const accepts = this.serverAccepts !== undefined ? `; the server accepts ${this.serverAccepts.join(', ') || 'nothing'}` : '';
    return tried + accepts;
  }
}

/**
 * ssh2's authHandler for `plan`: asks "none" first (as Go's client does) to learn the server's methods, then
 * offers each step the server accepts, recording it.
 */
export function authHandler(plan: AuthPlan, record: AuthRecord): AuthHandlerMiddleware {
  let next = -1;
  return ((methodsLeft: AuthenticationType[] | null) => {
    if (next === -1) {
      next = 0;
      return { type: 'none', username: plan.username };
    }
    if (methodsLeft) record.serverAccepts = methodsLeft;
    while (next < plan.steps.length) {
      const step = plan.steps[next++]!;
      const auth = step.method(plan.username);
      const type = auth.type === 'agent' ? 'publickey' : auth.type;
      if (methodsLeft && !methodsLeft.includes(type as AuthenticationType)) continue;
      record.tried.push(step.label);
      return auth;
    }
    return false;
  }) as unknown as AuthHandlerMiddleware;
}
