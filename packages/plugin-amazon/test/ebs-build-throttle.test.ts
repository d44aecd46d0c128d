// With 30% of all calls answered RequestLimitExceeded, a build with two extra regions still succeeds (the
// clients retry throttling) and leaves nothing but its AMIs and snapshots.
import path from 'node:path';
import { ebsTemplate, loggedCalls, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-throttle');
});

afterAll(async () => {
  await t?.stop();
});

test('30% of calls throttled: the build succeeds', async () => {
  t.cloud.operations.setThrottle({ fraction: 0.3, seed: 7 });
  const run = await tspackerBuild(
    path.join(t.dir, 'throttled'),
    ebsTemplate(t.cloud, ['ami_name = "tspacker-throttled-{{timestamp}}"', 'ami_regions = ["us-west-2", "eu-west-1"]', 'ami_users = ["123456789012"]', 'tags = { Name = "throttled" }']),
  );
  t.cloud.operations.setThrottle({ fraction: 0 });
  if (run.exitCode !== 0) throw new Error(run.lines.join('\n'));
  const calls = await loggedCalls(t.cloud);
  const throttled = calls.filter((c) => c.errorCode === 'RequestLimitExceeded').length;
  expect(throttled / calls.length).toBeGreaterThan(0.15);
  expect(run.artifacts[0]!.id.split(',')).toHaveLength(3);
  expect(t.cloud.liveResources().filter((r) => r.kind !== 'image' && r.kind !== 'snapshot')).toEqual([]);
  expect(t.cloud.liveResources().filter((r) => r.kind === 'image')).toHaveLength(3);
}, 90_000);
