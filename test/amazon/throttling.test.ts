// Issue 7's throttling acceptance, through the bundled CLI: with 30% of all calls answered RequestLimitExceeded
// (EC2) or ThrottlingException (STS) — set through the admin endpoint, `POST /_admin/throttle {fraction: 0.3}` —
// builds still succeed: one CLI run with two amazon-ebs builds at once (each copied to two more regions, shared and
// tagged), so the retries of concurrent builds share one process. Every throttled call is retried, the artifacts
// are complete, and nothing temporary is left.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { killRunningClis, runCli, type CliResult } from './support/cli.js';
import { describeResources, images, startTestCloud, temporaries, type TestCloud } from './support/local-cloud.js';
import type { LoggedCall } from './support/request-log.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

function source(name: string): string {
  return `
source "amazon-ebs" "${name}" {
  region         = "us-east-1"
  ami_regions    = ["us-west-2", "eu-west-1"]
  ami_name       = "tspacker-throttled-${name}-{{timestamp}}"
  ami_users      = ["123456789012"]
  snapshot_users = ["123456789012"]
  instance_type  = "t3.micro"
  ssh_username   = "ubuntu"
  source_ami_filter {
    filters = {
      name = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
  tags = {
    Name = "${name}"
  }
}
`;
}

const TEMPLATE = `${source('first')}${source('second')}
build {
  sources = ["source.amazon-ebs.first", "source.amazon-ebs.second"]

  provisioner "shell" {
    inline = ["echo provisioned by $PACKER_BUILD_NAME"]
  }
}
`;

let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud('throttling', { addressPrefix: '127.13' });
  writeFileSync(path.join(tc.dir, 'throttled.pkr.hcl'), TEMPLATE);
});

afterAll(async () => {
  await killRunningClis();
  await tc?.stop();
});

function shown(result: CliResult, calls: readonly LoggedCall[]): string {
  return `exit ${result.code} after ${result.ms} ms\n${result.stdout}\n${result.stderr}\n${calls.map((c) => `${c.region} ${c.action} ${c.status} ${c.errorCode ?? ''}`).join('\n')}`;
}

test('with 30% of calls throttled, two concurrent builds with copies to two regions succeed and leave nothing temporary', async () => {
  const response = await fetch(`${tc.cloud.endpoint}/_admin/throttle`, { method: 'POST', body: JSON.stringify({ fraction: 0.3, seed: 7 }), signal: AbortSignal.timeout(5000) });
  expect(response.ok).toBe(true);
  await tc.log.mark();
  const result = await runCli(['build', '-color=false', 'throttled.pkr.hcl'], { cwd: tc.dir, env: tc.env, timeoutMs: 50_000 });
  const calls = await tc.log.since();
  if (result.code !== 0) throw new Error(shown(result, calls));

  // About 30% of the calls were throttled, EC2's with RequestLimitExceeded (HTTP 503), STS's with ThrottlingException.
  const throttled = calls.filter((c) => c.injected === 'throttle');
  expect(throttled.length / calls.length).toBeGreaterThan(0.15);
  expect(throttled.length / calls.length).toBeLessThan(0.45);
  expect(new Set(throttled.filter((c) => c.service === 'ec2').map((c) => `${c.status} ${c.errorCode}`))).toEqual(new Set(['503 RequestLimitExceeded']));
  // Every kind of call that was throttled also succeeded: each was retried.
  for (const { region, action } of throttled) expect(calls.some((c) => c.region === region && c.action === action && c.status === 200)).toBe(true);

  for (const name of ['first', 'second']) {
    expect(result.stdout).toMatch(new RegExp(`\\n--> amazon-ebs\\.${name}: AMIs were created:\\neu-west-1: ami-[0-9a-f]+\\nus-east-1: ami-[0-9a-f]+\\nus-west-2: ami-[0-9a-f]+\\n`));
    expect(result.stdout).toContain(`==> amazon-ebs.${name}: provisioned by ${name}\n`);
  }
  expect(describeResources(temporaries(tc.cloud))).toEqual([]);
  const left = images(tc.cloud);
  expect(left.filter((r) => r.kind === 'image').map((r) => r.region).sort()).toEqual([...REGIONS, ...REGIONS].sort());
  expect(left.filter((r) => r.kind === 'snapshot').map((r) => r.region).sort()).toEqual([...REGIONS, ...REGIONS].sort());
}, 58_000);
