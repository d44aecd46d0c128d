// insecure_skip_tls_verify: an EC2 endpoint behind HTTPS with a self-signed certificate (a loopback TLS proxy in
// front of ec2-local) is refused by default and reached with the option set.
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { LocalCloud } from '@tspacker/ec2-local';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAwsSession } from '../src/access/create-session.js';
import { awsErrorText } from '../src/common/aws-errors.js';
import { accessConfig } from './access-config.js';
import { startTempCloud, type TempCloud } from './temp-cloud.js';

let temp: TempCloud;
let dir: string;
let cloud: LocalCloud;
let proxy: https.Server;
let tlsEndpoint: string;

beforeAll(async () => {
  temp = await startTempCloud('tls', { machines: false });
  ({ dir, cloud } = temp);
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore', timeout: 20_000 });
  const upstream = new URL(cloud.endpoint);
  proxy = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  tlsEndpoint = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await temp?.stop();
});

const access = (insecure: boolean) =>
  accessConfig({ access_key: 'AKIATLSTEST000000001', secret_key: 'tls-secret', region: 'us-east-1', custom_endpoint_ec2: tlsEndpoint, skip_credential_validation: true, insecure_skip_tls_verify: insecure });
const env = () => ({ HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' });

test('a self-signed EC2 endpoint is refused without insecure_skip_tls_verify', async () => {
  const session = await createAwsSession(access(false), { env: env() });
  try {
    const error = await session.ec2().send(new DescribeRegionsCommand({})).catch((e: unknown) => e);
    expect(awsErrorText(error)).toMatch(/self[- ]signed certificate/);
  } finally {
    session.destroy();
  }
});

test('insecure_skip_tls_verify reaches it (in every region)', async () => {
  const session = await createAwsSession(access(true), { env: env() });
  try {
    const answer = await session.ec2('eu-west-1').send(new DescribeRegionsCommand({}));
    expect(answer.Regions?.map((r) => r.RegionName)).toContain('eu-west-1');
  } finally {
    session.destroy();
  }
});
