// What the data source and secrets tests share: an ec2-local cloud without machines (EC2 images, SSM, Secrets
// Manager over HTTP on loopback) in a temporary state directory, fed through its admin API, and the process
// environment pointed at it (the data sources and the secrets worker read AWS_* from process.env).
//
// The cloud runs in a child process: aws_secretsmanager blocks the calling thread until Secrets Manager answers,
// so a cloud on the test's own thread could never answer it. The child stops when its stdin closes (the test's
// close(), or the test process dying).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { initializeTemplate, evalContext, loadTemplate, type PackerConfig } from '@tspacker/core';
import { localCloudEnvironment } from '@tspacker/ec2-local';
import { evaluate, hasErrors, parseExpression, renderConsoleValue, renderDiagnostics, type Diagnostic } from '@tspacker/hcl';
import { builtinComponents } from '@tspacker/plugin-builtin';
import {
  attr,
  type BuilderComponent,
  type ComponentRegistry,
  type ConfigSpec,
  type DataSourceComponent,
  type SecretsProvider,
} from '@tspacker/sdk';
import { amiDataSource } from '../src/datasources/ami.js';
import { parameterStoreDataSource } from '../src/datasources/parameterstore.js';
import { secretsManagerDataSource } from '../src/datasources/secretsmanager.js';
import { awsSecrets } from '../src/secrets/provider.js';

export interface TestCloud {
  readonly endpoint: string;
  /** The environment that points AWS clients at it (us-east-1), set in process.env until close(). */
  readonly env: Record<string, string>;
  /** POST /_admin/secrets: a new version (AWSCURRENT) of a secret; its answer ({name, versionId, region}). */
  putSecret(secret: { name: string; secretString?: string; secretBinary?: string; region?: string }): Promise<{ versionId: string }>;
  /** POST /_admin/ssm-parameters: a new version of a parameter. */
  putParameter(parameter: { name: string; value: string; type?: string; region?: string }): Promise<{ version: number }>;
  /** POST /_admin/ROUTE with a JSON body. */
  admin(route: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

// Runs in the child: the workspace's compiled ec2-local (built before the tests, as `npm test` does).
const CHILD = `
import { startLocalCloud } from '@tspacker/ec2-local';
const cloud = await startLocalCloud({ stateDir: process.argv[1], machines: false, requestLog: false });
console.log(JSON.stringify({ endpoint: cloud.endpoint }));
process.stdin.resume();
process.stdin.on('end', async () => { await cloud.stop(); process.exit(0); });
`;

function startChild(stateDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, stateDir], {
    cwd: path.dirname(new URL(import.meta.url).pathname),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('no endpoint within 20s'), 20_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`ec2-local child: ${why}\n${stderr}`));
    };
    child.on('exit', (code) => fail(`exited with ${code}`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, endpoint: (JSON.parse(line) as { endpoint: string }).endpoint });
    });
  });
}

/**
 * The cloud, with process.env pointed at it (every AWS_* variable of the machine unset first, so none leaks into
 * a test); close() restores the environment and stops the cloud.
 */
export async function startTestCloud(): Promise<TestCloud> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amazon-ds-cloud-'));
  let started: { child: ChildProcess; endpoint: string };
  try {
    started = await startChild(stateDir);
  } catch (e) {
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
  const { child, endpoint } = started;
  const admin = async (route: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${endpoint}/_admin/${route}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const answer = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`admin ${route}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const env = localCloudEnvironment(endpoint);
  const restoreEnv = setEnv({ ...withoutAwsEnv(), ...env });
  return {
    endpoint,
    env,
    admin,
    putSecret: async (secret) => (await admin('secrets', secret)) as { versionId: string },
    putParameter: async (parameter) => (await admin('ssm-parameters', parameter)) as { version: number },
    async close() {
      restoreEnv();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Sets `vars` in process.env (undefined deletes); returns what restores the previous values. */
export function setEnv(vars: Readonly<Record<string, string | undefined>>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(vars)) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Every AWS_* variable unset (no profile, region or credentials of the machine leaks into a test). */
export function withoutAwsEnv(): Record<string, undefined> {
  return Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, undefined]));
}

// ---- templates through core ------------------------------------------------------------------------------------

/**
 * amazon-ebs as a schema only, for templates that name it beside a data source (its own tests are the builder's):
 * the options the corpus templates set, and the configuration it was prepared with kept for the test to read.
 */
const standInEbsSpec = {
  region: attr.string(),
  source_ami: attr.string(),
  instance_type: attr.string(),
  ami_name: attr.string(),
  communicator: attr.string(),
  ssh_username: attr.string(),
} satisfies ConfigSpec;
export const standInEbs: BuilderComponent<typeof standInEbsSpec> = {
  configSpec: standInEbsSpec,
  prepare: () => ({ generatedVars: [] }),
  run: async () => undefined,
};

/** Packer's built-ins, the three amazon data sources, the stand-in amazon-ebs and `secrets`. */
export function amazonTestRegistry(secrets: SecretsProvider = awsSecrets): ComponentRegistry {
  const builtin = builtinComponents();
  return {
    ...builtin,
    builders: new Map([...builtin.builders, ['amazon-ebs', standInEbs as unknown as BuilderComponent]]),
    dataSources: new Map<string, DataSourceComponent>([
      ...builtin.dataSources,
      ['amazon-ami', amiDataSource],
      ['amazon-secretsmanager', secretsManagerDataSource],
      ['amazon-parameterstore', parameterStoreDataSource],
    ]),
    secrets,
  };
}

export interface Evaluated {
  readonly config?: PackerConfig;
  /** Error diagnostics as Packer prints them (summary, then detail when there is one). */
  readonly errors: string[];
}

/** Loads and initializes a template (data sources executed unless `validate`), as `packer build` does first. */
export async function loadTemplateFile(templatePath: string, options: { validate?: boolean; secrets?: SecretsProvider } = {}): Promise<Evaluated> {
  const loaded = await loadTemplate({
    path: templatePath,
    varFiles: [],
    vars: [],
    env: { ...process.env },
    cwd: path.dirname(templatePath),
    coreVersion: '1.16.0',
    components: amazonTestRegistry(options.secrets),
    skipDatasourcesExecution: options.validate ?? false,
  });
  const diags: Diagnostic[] = [...loaded.diags];
  if (loaded.value && !hasErrors(diags)) diags.push(...(await initializeTemplate(loaded.value)));
  const errors = diags.filter((d) => d.severity === 'error').map((d) => (d.detail ? `${d.summary}: ${d.detail}` : d.summary));
  return { ...(loaded.value ? { config: loaded.value } : {}), errors };
}

/** A template written to a temporary directory (removed by the returned function) and loaded. */
export async function loadTemplateText(text: string, options: { validate?: boolean; secrets?: SecretsProvider } = {}): Promise<Evaluated> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amazon-ds-template-'));
  try {
    fs.writeFileSync(path.join(dir, 't.pkr.hcl'), text);
    return await loadTemplateFile(path.join(dir, 't.pkr.hcl'), options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An expression's value in the template (`local.x`, `data.T.N.attr`), as `packer console` prints it. */
export function consoleValue(config: PackerConfig, expr: string): string {
  const parsed = parseExpression(expr, '<console-input>');
  const r = evaluate(parsed.expr, evalContext(config, 'locals'));
  const diags = [...parsed.diags, ...r.diags];
  if (hasErrors(diags)) throw new Error(renderDiagnostics(diags, config.files));
  return renderConsoleValue(r.value);
}

/** The string value of an expression. */
export function stringValue(config: PackerConfig, expr: string): string {
  const r = evaluate(parseExpression(expr, '<console-input>').expr, evalContext(config, 'locals'));
  if (hasErrors(r.diags)) throw new Error(r.diags.map((d) => d.summary).join('; '));
  return r.value.asString();
}

/** The corpus of Packer's amazon plugin (read in place). */
export const corpusDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/corpus/packer-plugin-amazon');
