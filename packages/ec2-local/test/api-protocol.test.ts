// The HTTP front: AWS error documents for bad requests (the endpoint stays up), the region from the SigV4
// scope, signature verification, the operations seam (intercept, record, hidden, time scale), other services
// in the JSON protocol, the admin resource list, reset, and Packer 1.6.6's Run A call sequence as it goes on the
// wire (empty strings for unset parameters included).
import { CreateKeyPairCommand, DescribeImagesCommand, DescribeKeyPairsCommand, DescribeInstancesCommand, DescribeRegionsCommand, EC2Client, RunInstancesCommand, waitUntilInstanceRunning } from '@aws-sdk/client-ec2';
import { AwsError, LocalOperations, type AwsRequest, type Ec2Local, type Ec2LocalOptions, type AwsResponse, type AwsService, type Operations } from '../src/index.js';
import { renderAwsError } from '../src/server.js';
import { awsError, CREDENTIALS, ec2Client, startFast } from './support/endpoint.js';

type Form = Record<string, string>;

async function post(endpoint: string, form: Form | string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const body = typeof form === 'string' ? form : new URLSearchParams({ Version: '2016-11-15', ...form }).toString();
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  return { status: response.status, body: await response.text() };
}

/** A SigV4 Authorization header naming a region (unverified endpoints only read the scope). */
function scope(region: string, service = 'ec2'): Record<string, string> {
  return { authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}` };
}

/** Runs `body` against an endpoint of its own (startFast with `options`), stopped after. */
async function withEndpoint(options: Ec2LocalOptions, body: (local: Ec2Local) => Promise<void>): Promise<void> {
  const local = await startFast(options);
  try {
    await body(local);
  } finally {
    await local.stop();
  }
}

function code(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

function element(body: string, name: string): string[] {
  return [...body.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);
}

describe('bad requests', () => {
  test('unknown action, missing parameter, malformed id, garbage body, bad booleans: AWS error documents, endpoint up', async () => {
    await withEndpoint({}, async (local) => {
      const unknown = await post(local.endpoint, { Action: 'LaunchRocket' });
      expect(unknown.status).toBe(400);
      expect(code(unknown.body)).toBe('InvalidAction');
      expect(unknown.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
      expect(code((await post(local.endpoint, { Action: 'CreateKeyPair' })).body)).toBe('MissingParameter');
      expect(code((await post(local.endpoint, { Action: 'RunInstances', ImageId: 'ami-0123456789abcdef0', MinCount: '1' })).body)).toBe('MissingParameter');
      expect(code((await post(local.endpoint, { Action: 'DescribeInstances', 'InstanceId.1': 'i-xyz' })).body)).toBe('InvalidInstanceID.Malformed');
      expect(code((await post(local.endpoint, { Action: 'DescribeImages', IncludeDeprecated: 'maybe' })).body)).toBe('InvalidParameterValue');
      expect(code((await post(local.endpoint, { Action: 'RunInstances', ImageId: 'ami-0123456789abcdef0', MinCount: 'one', MaxCount: '1' })).body)).toBe('InvalidParameterValue');
      const garbage = await post(local.endpoint, '\u0000\u0001%%%&&==garbage\ufffd');
      expect(garbage.status).toBe(400);
      expect(code(garbage.body)).toBe('MissingAction');
      const json = await fetch(`${local.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.GetParameter', 'content-type': 'application/x-amz-json-1.1' }, body: '{not json' });
      expect(json.status).toBe(400);
      expect(await json.json()).toEqual({ __type: 'SerializationException', message: expect.any(String) });
      const unknownRegion = await post(local.endpoint, { Action: 'DescribeVpcs' }, scope('mars-north-1'));
      expect(code(unknownRegion.body)).toBe('AuthFailure');
      // Still serving.
      const ok = await post(local.endpoint, { Action: 'DescribeRegions' });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">');
      // GET with the query string works as well.
      const viaGet = await fetch(`${local.endpoint}/?Action=DescribeAvailabilityZones&Version=2016-11-15`);
      expect(element(await viaGet.text(), 'zoneName')).toContain('us-east-1a');
    });
  });
});

describe('regions and signatures', () => {
  test('the region comes from the SigV4 credential scope; state is per region', async () => {
    await withEndpoint({}, async (local) => {
      await post(local.endpoint, { Action: 'CreateKeyPair', KeyName: 'west-only' }, scope('us-west-2'));
      const west = await post(local.endpoint, { Action: 'DescribeKeyPairs' }, scope('us-west-2'));
      const east = await post(local.endpoint, { Action: 'DescribeKeyPairs' }, scope('us-east-1'));
      expect(element(west.body, 'keyName')).toEqual(['west-only']);
      expect(element(east.body, 'keyName')).toEqual([]);
      expect(local.liveResources()).toEqual([{ region: 'us-west-2', kind: 'key-pair', id: expect.stringMatching(/^key-/) }]);
    });
  });

  test('with credentials configured, only correctly signed requests are served', async () => {
    await withEndpoint({ credentials: [CREDENTIALS] }, async (local) => {
      const good = ec2Client(local, 'eu-west-1');
      expect((await good.send(new DescribeRegionsCommand({}))).Regions!.length).toBeGreaterThan(3);
      expect((await good.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['debian-12-*'] }, { Name: 'architecture', Values: ['x86_64'] }] }))).Images).toHaveLength(3);
      const wrongSecret = ec2Client(local, 'eu-west-1', { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' });
      const refused = await awsError(wrongSecret.send(new DescribeRegionsCommand({})));
      expect(refused.name).toBe('AuthFailure');
      expect(refused.$metadata.httpStatusCode).toBe(401);
      const unknownKey = ec2Client(local, 'eu-west-1', { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: CREDENTIALS.secretAccessKey });
      expect((await awsError(unknownKey.send(new DescribeRegionsCommand({})))).name).toBe('AuthFailure');
      expect(code((await post(local.endpoint, { Action: 'DescribeRegions' })).body)).toBe('AuthFailure');
      // A request whose canonical form cannot even be computed (bad percent-encoding) is refused the same way.
      const undecodable = await fetch(`${local.endpoint}/?Action=DescribeRegions&x=%ZZ`, {
        headers: { authorization: `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/20261204/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`, 'x-amz-date': '20261204T000000Z' },
      });
      expect(undecodable.status).toBe(401);
      expect(code(await undecodable.text())).toBe('AuthFailure');
    });
  });
});

describe('the operations seam and other services', () => {
  test('intercept answers instead of the service, record sees every call, hidden resources are NotFound for a while', async () => {
    const recorded: { action: string; status: number; region: string }[] = [];
    const hiddenIds = new Set<string>();
    let failNext = false;
    const operations: Operations = {
      async intercept(request) {
        if (!failNext || request.action !== 'DescribeRegions') return undefined;
        failNext = false;
        return renderAwsError(request, new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503));
      },
      record: (request, response) => recorded.push({ action: request.action, status: response.status, region: request.region }),
      hidden: (id) => hiddenIds.has(id),
      timeScale: () => 1,
    };
    await withEndpoint({ operations }, async (local) => {
      const ec2 = new EC2Client({ endpoint: local.endpoint, region: 'us-east-2', credentials: CREDENTIALS, maxAttempts: 3 });
      failNext = true;
      // The SDK retries the throttled call and succeeds.
      expect((await ec2.send(new DescribeRegionsCommand({}))).Regions!.length).toBeGreaterThan(3);
      expect(recorded.slice(0, 2)).toEqual([
        { action: 'DescribeRegions', status: 503, region: 'us-east-2' },
        { action: 'DescribeRegions', status: 200, region: 'us-east-2' },
      ]);
      const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'eventually' }));
      hiddenIds.add(key.KeyPairId!);
      const byName = new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: ['eventually'] }] });
      expect((await ec2.send(byName)).KeyPairs).toEqual([]);
      expect((await awsError(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['eventually'] })))).name).toBe('InvalidKeyPair.NotFound');
      hiddenIds.clear();
      expect((await ec2.send(byName)).KeyPairs!.map((k) => k.KeyName)).toEqual(['eventually']);
    });
  });

  test('services of other signing names are dispatched, JSON 1.1 errors rendered in their protocol', async () => {
    const seen: AwsRequest[] = [];
    const ssm: AwsService = {
      name: 'ssm',
      async handle(request): Promise<AwsResponse> {
        seen.push(request);
        const name = (request.json as { Name?: string }).Name;
        if (name !== '/known') throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
        return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ Parameter: { Name: name, Value: 'v' } }) };
      },
    };
    await withEndpoint({ services: [ssm] }, async (local) => {
      const call = (name: string) =>
        fetch(`${local.endpoint}/`, {
          method: 'POST',
          headers: { 'x-amz-target': 'AmazonSSM.GetParameter', 'content-type': 'application/x-amz-json-1.1', ...scope('eu-central-1', 'ssm') },
          body: JSON.stringify({ Name: name }),
        });
      const found = await call('/known');
      expect(await found.json()).toEqual({ Parameter: { Name: '/known', Value: 'v' } });
      const missing = await call('/missing');
      expect(missing.status).toBe(400);
      expect(missing.headers.get('x-amzn-errortype')).toBe('ParameterNotFound');
      expect(await missing.json()).toEqual({ __type: 'ParameterNotFound', message: 'Parameter /missing not found.' });
      expect(seen[0]).toMatchObject({ service: 'ssm', action: 'GetParameter', region: 'eu-central-1', accessKeyId: 'AKIDEXAMPLE' });
      const sts = await post(local.endpoint, { Action: 'GetCallerIdentity' }, scope('us-east-1', 'sts'));
      expect(sts.body).toContain('<ErrorResponse>');
      expect(code(sts.body)).toBe('InvalidAction');
    });
  });
});

describe('eventual consistency with the operations layer', () => {
  test('new resources are registered with it: hidden ones are NotFound until visible, which the SDK waiter absorbs', async () => {
    const operations = new LocalOperations();
    operations.setHideMs(1500);
    await withEndpoint({ operations }, async (local) => {
      const ec2 = ec2Client(local);
      const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'] }] }));
      const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1 }));
      const id = run.Instances![0]!.InstanceId!;
      expect((await awsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })))).name).toBe('InvalidInstanceID.NotFound');
      expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
      await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { InstanceIds: [id] });
      expect(local.liveResources().map((r) => r.kind).sort()).toEqual(['instance', 'volume']);
    });
  });
});

describe('time scale', () => {
  test("state transitions stretch with the operations layer's time scale", async () => {
    let scale = 1;
    const operations: Operations = { intercept: async () => undefined, record: () => {}, hidden: () => false, timeScale: () => scale };
    await withEndpoint({ operations, durations: { instancePending: 100 } }, async (local) => {
      const ec2 = ec2Client(local);
      const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'] }] }));
      const stateAfter = async (ms: number) => {
        const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1 }));
        await new Promise((r) => setTimeout(r, ms));
        const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [run.Instances![0]!.InstanceId!] }));
        return Reservations![0]!.Instances![0]!.State!.Name;
      };
      expect(await stateAfter(600)).toBe('running');
      scale = 20;
      expect(await stateAfter(600)).toBe('pending');
    });
  });
});

describe('admin and reset', () => {
  test('GET /__admin/resources lists live resources; reset forgets everything', async () => {
    await withEndpoint({}, async (local) => {
      const ec2 = ec2Client(local);
      await ec2.send(new CreateKeyPairCommand({ KeyName: 'leak' }));
      const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'] }] }));
      const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1 }));
      const listed = (await (await fetch(`${local.endpoint}/__admin/resources`)).json()) as { kind: string }[];
      expect(listed.map((r) => r.kind).sort()).toEqual(['instance', 'key-pair', 'volume']);
      expect((await fetch(`${local.endpoint}/__admin/nothing`)).status).toBe(404);
      await local.reset();
      expect(local.liveResources()).toEqual([]);
      expect((await awsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: [run.Instances![0]!.InstanceId!] })))).name).toBe('InvalidInstanceID.NotFound');
      // The catalog is back, with the same ids.
      const again = await ec2.send(new DescribeImagesCommand({ ImageIds: [Images![0]!.ImageId!] }));
      expect(again.Images![0]!.Name).toBe(Images![0]!.Name);
    });
  });
});

describe("Packer 1.6.6's Run A on the wire", () => {
  test('the call sequence of a communicator-none build, empty strings for unset parameters', async () => {
    await withEndpoint({}, async (local) => {
      const call = async (form: Form) => {
        const answer = await post(local.endpoint, form, scope('us-east-1'));
        expect({ action: form.Action, status: answer.status, code: code(answer.body) }).toEqual({ action: form.Action, status: 200, code: undefined });
        return answer.body;
      };
      const name = 'packer-run-a 1733300000';
      expect(element(await call({ Action: 'DescribeImages', 'Filter.1.Name': 'name', 'Filter.1.Value.1': name }), 'imageId')).toEqual([]);
      const source = element(await call({ Action: 'DescribeImages', 'Filter.1.Name': 'name', 'Filter.1.Value.1': 'ubuntu/images/hvm-ssd/ubuntu-focal-20.04-amd64-server-20201026' }), 'imageId')[0]!;
      expect(element(await call({ Action: 'DescribeImages', 'ImageId.1': source }), 'imageState')).toEqual(['available']);
      const keyBody = await call({ Action: 'CreateKeyPair', KeyName: 'packer_5fd0c7a4-1b2c' });
      expect(element(keyBody, 'keyMaterial')[0]).toContain('PRIVATE KEY');
      const groupId = element(await call({ Action: 'CreateSecurityGroup', GroupName: 'packer_5fd0c7a4-3d4e', GroupDescription: 'Temporary group for Packer', VpcId: '' }), 'groupId')[0]!;
      await call({ Action: 'DescribeSecurityGroups', 'GroupId.1': groupId });
      await call({ Action: 'AuthorizeSecurityGroupIngress', GroupId: groupId, 'IpPermissions.1.IpProtocol': 'tcp', 'IpPermissions.1.FromPort': '0', 'IpPermissions.1.ToPort': '0', 'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0' });
      const runBody = await call({
        Action: 'RunInstances', ImageId: source, InstanceType: 't2.micro', KeyName: 'packer_5fd0c7a4-1b2c', MinCount: '1', MaxCount: '1',
        ClientToken: 'b3f6a1d2-0000-4000-8000-000000000001', EbsOptimized: 'false', 'IamInstanceProfile.Name': '', 'Placement.AvailabilityZone': '',
        SubnetId: '', UserData: '', InstanceInitiatedShutdownBehavior: 'stop', 'SecurityGroupId.1': groupId,
        'TagSpecification.1.ResourceType': 'instance', 'TagSpecification.1.Tag.1.Key': 'Name', 'TagSpecification.1.Tag.1.Value': 'Packer Builder',
      });
      const instanceId = element(runBody, 'instanceId')[0]!;
      const stateOf = async () => element(await call({ Action: 'DescribeInstances', 'InstanceId.1': instanceId }), 'name')[0];
      const until = async (state: string) => {
        for (let i = 0; i < 100 && (await stateOf()) !== state; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await stateOf()).toBe(state);
      };
      await until('running');
      await call({ Action: 'StopInstances', 'InstanceId.1': instanceId });
      await until('stopped');
      const imageId = element(await call({ Action: 'CreateImage', InstanceId: instanceId, Name: name }), 'imageId')[0]!;
      const imageState = async () => element(await call({ Action: 'DescribeImages', 'ImageId.1': imageId }), 'imageState')[0];
      for (let i = 0; i < 100 && (await imageState()) !== 'available'; i++) await new Promise((r) => setTimeout(r, 20));
      const imageBody = await call({ Action: 'DescribeImages', 'ImageId.1': imageId });
      expect(element(imageBody, 'imageState')).toEqual(['available']);
      const snapshotId = element(imageBody, 'snapshotId')[0]!;
      await call({ Action: 'CreateTags', 'ResourceId.1': imageId, 'ResourceId.2': snapshotId, 'Tag.1.Key': 'Base_AMI_Name', 'Tag.1.Value': 'ubuntu-focal' });
      await call({ Action: 'TerminateInstances', 'InstanceId.1': instanceId });
      await until('terminated');
      const volumeIds = element(runBody, 'volumeId');
      const volumes = await call({ Action: 'DescribeVolumes', 'Filter.1.Name': 'volume-id', ...Object.fromEntries(volumeIds.map((v, i) => [`Filter.1.Value.${i + 1}`, v])) });
      expect(element(volumes, 'volumeId')).toEqual([]);
      await call({ Action: 'DeleteSecurityGroup', GroupId: groupId });
      await call({ Action: 'DeleteKeyPair', KeyName: 'packer_5fd0c7a4-1b2c' });
      expect(local.liveResources().map((r) => r.kind).sort()).toEqual(['image', 'snapshot']);
    });
  });
});

