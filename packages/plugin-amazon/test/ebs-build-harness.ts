// Helpers of the ebs-build-*.test.ts and capture-*.test.ts files: a local cloud with real machines (as root) and
// fast state transitions, a `tspacker build` of an amazon-ebs template in this process (core's runBuilds with the
// amazon-ebs builder, the built-in provisioners and the ssh communicator) recording every line, and readers of the
// cloud's request log.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { getBuilds, initializeTemplate, loadTemplate, runBuilds } from '@tspacker/core';
import type { LocalCloud } from '@tspacker/ec2-local';
import type { Artifact } from '@tspacker/sdk';
import { mergedBuiltins } from '../../cli/src/template.js';
import type { EbsConfig } from '../src/ebs/config.js';
import { RecordingBuildsUi } from '../../../test/support/recording-builds-ui.js';
import { startTempCloud, type TempCloud } from './temp-cloud.js';

export const CREDENTIALS = { accessKeyId: 'AKIALOCALCLOUDTEST01', secretAccessKey: 'local-cloud-test-secret' };
/** Fast state transitions (ms). */
export const DURATIONS = { instancePending: 100, instanceStopping: 100, instanceShuttingDown: 100, imagePending: 150, snapshotPending: 100, volumeCreating: 50 };

export type TestCloud = TempCloud;

/** A local cloud with the test credentials and fast state transitions (machines unless `machines: false`). */
export function startTestCloud(prefix: string, options: { machines?: boolean } = {}): Promise<TestCloud> {
  return startTempCloud(prefix, {
    durations: DURATIONS,
    credentials: [CREDENTIALS],
    machineStartTimeoutMs: 20_000,
    ...(options.machines === false ? { machines: false } : {}),
  });
}

export function ec2Client(cloud: LocalCloud, region: string): EC2Client {
  return new EC2Client({ endpoint: cloud.endpoint, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

/** The source settings that reach the local cloud (HCL attribute lines); waits poll at their default pace. */
export function accessSettings(cloud: LocalCloud): string[] {
  return [
    `access_key = "${CREDENTIALS.accessKeyId}"`,
    `secret_key = "${CREDENTIALS.secretAccessKey}"`,
    'region = "us-east-1"',
    `custom_endpoint_ec2 = "${cloud.endpoint}"`,
    'skip_region_validation = true',
    'skip_credential_validation = true',
  ];
}

export { actionsIn, loggedCalls, type LoggedCall } from './request-log.js';

/** What a build printed (`==> amazon-ebs.x: text` lines in order), its exit code, errors and artifacts. */
export interface BuildRun {
  readonly lines: string[];
  readonly exitCode: number;
  readonly errors: ReadonlyMap<string, string>;
  readonly artifacts: readonly Artifact[];
}

/** The builds of `hcl` (written to `dir/build.pkr.hcl`), decoded and prepared as `tspacker build` does. */
async function preparedBuilds(dir: string, hcl: string, options: { onError?: string; force?: boolean }) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'build.pkr.hcl');
  writeFileSync(file, hcl);
  const components = mergedBuiltins();
  const loaded = await loadTemplate({ path: file, varFiles: [], vars: [], env: {}, cwd: dir, coreVersion: '1.16.0', components });
  const diags = [...loaded.diags];
  if (loaded.value && !diags.some((d) => d.severity === 'error')) diags.push(...(await initializeTemplate(loaded.value)));
  const errors = diags.filter((d) => d.severity === 'error');
  if (!loaded.value || errors.length > 0) throw new Error(errors.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('\n'));
  const got = getBuilds(loaded.value, { only: [], except: [], force: options.force ?? false, onError: options.onError ?? '' });
  const buildErrors = got.diags.filter((d) => d.severity === 'error');
  if (buildErrors.length > 0) throw new Error(buildErrors.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('\n'));
  return { builds: got.builds, components };
}

/** The amazon-ebs configuration of `hcl`'s only build, decoded and prepared (Packer's defaults filled). */
export async function preparedEbsConfig(dir: string, hcl: string): Promise<EbsConfig> {
  const { builds } = await preparedBuilds(dir, hcl, {});
  return builds[0]!.builderConfig as EbsConfig;
}

/** `tspacker build` of `hcl` (written to `dir/build.pkr.hcl`) in this process. */
export async function tspackerBuild(
  dir: string,
  hcl: string,
  options: { signal?: AbortSignal; onError?: string; force?: boolean } = {},
): Promise<BuildRun> {
  const { builds, components } = await preparedBuilds(dir, hcl, options);
  const ui = new RecordingBuildsUi();
  const result = await runBuilds(builds, {
    ui,
    signal: options.signal ?? new AbortController().signal,
    parallelBuilds: 0,
    onError: options.onError ?? '',
    debug: false,
    communicators: components.communicators,
  });
  return { lines: ui.lines, exitCode: result.exitCode, errors: result.errors, artifacts: [...result.artifacts.values()].flat() };
}

/** The source_ami_filter block (HCL lines) that finds Canonical's newest Ubuntu 22.04 EBS image. */
export const UBUNTU_FILTER = [
    'source_ami_filter {',
    '  filters = {',
    '    name                = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"',
    '    root-device-type    = "ebs"',
    '    virtualization-type = "hvm"',
    '  }',
    '  owners      = ["099720109477"]',
    '  most_recent = true',
    '}',
];

/** An amazon-ebs source "x" building from Canonical's Ubuntu 22.04 with `extra` lines, and a shell provisioner. */
export function ebsTemplate(cloud: LocalCloud, extra: readonly string[], provisioner = 'echo "built by $PACKER_BUILD_NAME" > $HOME/built'): string {
  const lines = [
    ...accessSettings(cloud),
    'instance_type = "t3.micro"',
    ...UBUNTU_FILTER,
    'ssh_username = "ubuntu"',
    'ssh_timeout  = "30s"',
    ...extra,
  ];
  return [
    'source "amazon-ebs" "x" {',
    ...lines.map((l) => `  ${l}`),
    '}',
    '',
    'build {',
    '  sources = ["source.amazon-ebs.x"]',
    '  provisioner "shell" {',
    `    inline = [${JSON.stringify(provisioner)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}
