#!/usr/bin/env node
// ec2-local benchmark (issue 6, "Performance"): against the built package (`npx tsc -b packages/ec2-local`).
//   (a) API under 50 concurrent clients (@aws-sdk/client-ec2, one keep-alive connection each, closed loop):
//       DescribeImages with Packer-style filters (name wildcard, owners, root-device-type, virtualization-type,
//       state) over a catalog of 10,000 synthetic + the seeded images, and RunInstances/TerminateInstances cycles
//       (metadata-only instances). p50/p95/p99 and req/s; the endpoint runs in a process of its own
//       (bench/support/ec2-local-api-server.mjs). Side by side: a bare node:http server answering the same bytes
//       (the ceiling of HTTP + SDK client on this machine).
//   (b) real machines: RunInstances → SSH banner read at the reported address, and `running` → SSH banner.
//   (c) CreateImage of an instance whose disk holds 1 GB (written into its upper directory, fsynced): stopped
//       (StopInstances then CreateImage, what amazon-ebs does), running with NoReboot, running with the default
//       reboot. Time from the CreateImage call until DescribeImages says `available`.
// (b) and (c) need root (namespace machines). Transition durations are set to 0 for (b)/(c), so the figures are
// the machines' own work, not configured waits.
//   node bench/ec2-local.mjs [--quick] [--runs 3] [--seconds 5] [--only api|boot|image] [--profile DIR]
//     [--scenarios 0,1,2,3] [--clients sdk,sdk-ceiling,raw,raw-ceiling,sdk-paced,sdk-paced-ceiling] [--rate 200]
//     [--dist packages/ec2-local/dist] [--server-node-options '--trace-gc']
//   --profile DIR: the API server process runs with --cpu-prof into DIR.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateImageCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { median, numberOption } from './lib/process-timing.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args0 = process.argv.slice(2);
/** --dist DIR: another build of the package (A/B comparisons). */
const distIndex = path.resolve(args0.includes('--dist') ? args0[args0.indexOf('--dist') + 1] : path.join(here, '..', 'packages', 'ec2-local', 'dist'), 'index.js');
const serverScript = path.join(here, 'support', 'ec2-local-api-server.mjs');

const args = process.argv.slice(2);
const option = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const quick = args.includes('--quick');
const runs = numberOption('runs', quick ? 1 : 3);
const seconds = numberOption('seconds', quick ? 2 : 5);
const only = option('only');
const profileDir = option('profile');
/** --scenarios 0,2: only these rows of (a) (0-2 DescribeImages, 3 Run/Terminate); --clients sdk,raw likewise. */
const scenarioFilter = option('scenarios')?.split(',').map(Number);
const clientFilter = option('clients')?.split(',');
/** --server-node-options '--trace-gc ...': node options of the API server processes. */
const serverNodeOptions = option('server-node-options')?.split(' ').filter(Boolean) ?? [];
const CLIENTS = 50;
/** Calls (cycles) per second of all paced clients together. */
const rate = numberOption('rate', 200);
const SYNTHETIC = 10_000;
const GB = 1024 * 1024 * 1024;

const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

function client(endpoint, maxSockets = 1) {
  return new EC2Client({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets }) }),
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const spread = (xs) => (xs.length > 1 ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : fmt(xs[0]));

// ---------------------------------------------------------------------------------------------------------------
// (a) API

/** Packer `source_ami_filter`-style queries (owners + name wildcard + the usual fixed filters). */
const packerFilters = (name, extra = []) => [
  { Name: 'name', Values: [name] },
  { Name: 'root-device-type', Values: ['ebs'] },
  { Name: 'virtualization-type', Values: ['hvm'] },
  { Name: 'state', Values: ['available'] },
  ...extra,
];
const QUERIES = [
  {
    label: 'DescribeImages, Ubuntu focal (seeded series)',
    input: { Owners: ['099720109477'], Filters: packerFilters('ubuntu/images/*ubuntu-focal-20.04-amd64-server-*') },
  },
  {
    // family-42 images are n ≡ 42 (mod 100), all owned by 777788889999 (n mod 5 = 2): 100 candidates.
    label: 'DescribeImages, synthetic family, 2019 x86_64',
    input: { Owners: ['777788889999'], Filters: packerFilters('synthetic/family-42-*-x86_64-2019*', [{ Name: 'architecture', Values: ['x86_64'] }]) },
  },
  {
    label: 'DescribeImages, Ubuntu jammy, leading `*` (no literal name prefix)',
    input: { Owners: ['099720109477'], Filters: packerFilters('*ubuntu-jammy-22.04-amd64-server-*') },
  },
];

/** The EC2 Query form of the inputs used here (for fetching the bytes the ceiling server answers with). */
function form(action, input) {
  const params = new URLSearchParams({ Action: action, Version: '2016-11-15' });
  (input.Owners ?? []).forEach((owner, i) => params.set(`Owner.${i + 1}`, owner));
  (input.Filters ?? []).forEach((filter, i) => {
    params.set(`Filter.${i + 1}.Name`, filter.Name);
    filter.Values.forEach((value, j) => params.set(`Filter.${i + 1}.Value.${j + 1}`, value));
  });
  for (const key of ['ImageId', 'MinCount', 'MaxCount', 'InstanceType']) if (input[key] !== undefined) params.set(key, String(input[key]));
  (input.InstanceIds ?? []).forEach((id, i) => params.set(`InstanceId.${i + 1}`, id));
  return params.toString();
}

async function rawCall(endpoint, action, input) {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(action, input) });
  return response.text();
}

function startServerProcess(kind, fixed = {}) {
  const execArgv = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...serverNodeOptions];
  const child = fork(serverScript, [kind, distIndex, String(SYNTHETIC), JSON.stringify(fixed)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type) => new Promise((resolve) => {
    const listener = (message) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
  return next('ready').then(({ endpoint }) => ({
    endpoint,
    cpu: async () => {
      child.send({ type: 'cpu' });
      const { user, system } = await next('cpu');
      return (user + system) / 1000;
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.send({ type: 'stop' });
    }),
  }));
}

/** A minimal EC2 client: one keep-alive connection, form bodies as the SDK sends them, an Authorization header
 * of SigV4's shape (the endpoint reads region and service from its scope; it verifies nothing without
 * credentials). What the endpoint costs, without the SDK's own CPU (which dominates on 2 cores). */
function rawClient(endpoint) {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20261204/us-east-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`;
  return {
    send(action, input) {
      const body = form(action, input);
      return new Promise((resolve, reject) => {
        const request = http.request(
          { host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': Buffer.byteLength(body), authorization, 'x-amz-date': '20261204T000000Z' } },
          (response) => {
            const chunks = [];
            response.on('data', (c) => chunks.push(c));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              if (response.statusCode !== 200) reject(new Error(`${response.statusCode}: ${text.slice(0, 200)}`));
              else resolve(text);
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    },
    destroy: () => agent.destroy(),
  };
}

/** 50 closed loops for `durationMs` after a warm-up; `call(client, record)` records each AWS call's latency. */
async function load(server, call, durationMs, raw = false, intervalMs = 0) {
  const clients = Array.from({ length: CLIENTS }, () => (raw ? rawClient(server.endpoint) : client(server.endpoint)));
  const phase = async (ms, latencies) => {
    let errors = 0;
    let lastError;
    const end = performance.now() + ms;
    await Promise.all(
      clients.map(async (c, i) => {
        // Paced: client i calls every intervalMs, spread evenly over the interval (a tick missed is skipped).
        let tick = performance.now() + (i / CLIENTS) * intervalMs;
        while (performance.now() < end) {
          if (intervalMs > 0) {
            const now = performance.now();
            if (tick > now) await sleep(tick - now);
            tick = Math.max(tick + intervalMs, performance.now());
            if (performance.now() >= end) break;
          }
          try {
            await call(c, (t) => latencies.push(t));
          } catch (error) {
            errors++;
            lastError = error;
          }
        }
      }),
    );
    return { errors, lastError };
  };
  await phase(Math.min(1000, durationMs / 3), []);
  const latencies = [];
  const cpuBefore = await server.cpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const { errors, lastError } = await phase(durationMs, latencies);
  const elapsed = performance.now() - started;
  const clientUsage = process.cpuUsage(clientBefore);
  const cpu = (await server.cpu()) - cpuBefore;
  clients.forEach((c) => c.destroy());
  if (errors > 0) console.error(`  ${errors} errors, e.g. ${lastError?.name}: ${lastError?.message}`);
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: (latencies.length / elapsed) * 1000,
    serverCpu: (cpu / elapsed) * 100,
    clientCpu: ((clientUsage.user + clientUsage.system) / 1000 / elapsed) * 100,
    errors,
  };
}

const timed = async (record, promise) => {
  const t = performance.now();
  const result = await promise;
  record(performance.now() - t);
  return result;
};

async function benchApi() {
  // The bytes ec2-local answers (for the ceiling) and the result sizes, from one throwaway endpoint.
  const probe = await startServerProcess('ec2-local');
  const fixed = {};
  const results = [];
  for (const query of QUERIES) {
    const body = await rawCall(probe.endpoint, 'DescribeImages', query.input);
    results.push({ images: (body.match(/<imageId>/g) ?? []).length, bytes: Buffer.byteLength(body), body });
  }
  const imageId = /<imageId>([^<]+)</.exec(await rawCall(probe.endpoint, 'DescribeImages', QUERIES[0].input))[1];
  const runInput = { ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' };
  fixed.RunInstances = await rawCall(probe.endpoint, 'RunInstances', runInput);
  const instanceId = /<instanceId>([^<]+)</.exec(fixed.RunInstances)[1];
  fixed.TerminateInstances = await rawCall(probe.endpoint, 'TerminateInstances', { InstanceIds: [instanceId] });
  await probe.stop();

  const scenarios = [
    ...QUERIES.map((query, i) => ({
      label: `${query.label} → ${results[i].images} images, ${(results[i].bytes / 1024).toFixed(1)} KB`,
      describeBytes: results[i].body,
      call: (c, record) => timed(record, c.send(new DescribeImagesCommand(query.input))),
      raw: (c, record) => timed(record, c.send('DescribeImages', query.input)),
    })),
    {
      label: 'RunInstances + TerminateInstances cycle (each call)',
      call: async (c, record) => {
        const run = await timed(record, c.send(new RunInstancesCommand(runInput)));
        await timed(record, c.send(new TerminateInstancesCommand({ InstanceIds: [run.Instances[0].InstanceId] })));
      },
      raw: async (c, record) => {
        const run = await timed(record, c.send('RunInstances', runInput));
        await timed(record, c.send('TerminateInstances', { InstanceIds: [/<instanceId>([^<]+)</.exec(run)[1]] }));
      },
    },
  ];
  const rows = [];
  const kinds = [
    { key: 'sdk', client: 'SDK v3', server: 'ec2-local' },
    { key: 'sdk-ceiling', client: 'SDK v3', server: 'ceiling' },
    { key: 'raw', client: 'raw HTTP', server: 'ec2-local' },
    { key: 'raw-ceiling', client: 'raw HTTP', server: 'ceiling' },
    { key: 'sdk-paced', client: 'SDK v3', server: 'ec2-local', paced: true },
    { key: 'sdk-paced-ceiling', client: 'SDK v3', server: 'ceiling', paced: true },
  ];
  const intervalMs = (CLIENTS / rate) * 1000;
  for (const scenario of scenarios.filter((_, i) => !scenarioFilter || scenarioFilter.includes(i))) {
    const results = Object.fromEntries(kinds.map((k) => [k.key, []]));
    for (let run = 0; run < runs; run++) {
      for (const kind of kinds.filter((k) => !clientFilter || clientFilter.includes(k.key))) {
        // The ceiling answers the same bytes ec2-local answered for this very call.
        const bytes = { ...fixed, DescribeImages: scenario.describeBytes ?? '' };
        const server = kind.server === 'ceiling' ? await startServerProcess('ceiling', bytes) : await startServerProcess('ec2-local');
        const raw = kind.client === 'raw HTTP';
        const result = await load(server, raw ? scenario.raw : scenario.call, seconds * 1000, raw, kind.paced ? intervalMs : 0);
        await server.stop();
        results[kind.key].push(result);
        console.error(`  ${scenario.label} [${kind.client}${kind.paced ? ' paced' : ''} → ${kind.server}] run ${run + 1}: p50 ${fmt(result.p50)} p95 ${fmt(result.p95)} p99 ${fmt(result.p99)} ms, ${result.rps.toFixed(0)} req/s, server CPU ${result.serverCpu.toFixed(0)}%, client CPU ${result.clientCpu.toFixed(0)}%`);
      }
    }
    rows.push({ label: scenario.label, results });
  }
  console.log(`\n### (a) API, ${CLIENTS} concurrent clients (closed loop: each sends its next call when the last is answered; paced: ${rate} calls/s in all), ${SYNTHETIC} synthetic images + the seeded catalog; ${runs} run(s) × ${seconds} s; medians (min–max over runs)\n`);
  console.log('| call | client → server | p50 ms | p95 ms | p99 ms | req/s | server CPU |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    kinds.forEach((kind, i) => {
      const rs = row.results[kind.key];
      if (rs.length === 0) return;
      const cell = (key, digits) => `${median(rs.map((r) => r[key])).toFixed(digits)}${rs.length > 1 ? ` (${Math.min(...rs.map((r) => r[key])).toFixed(digits)}–${Math.max(...rs.map((r) => r[key])).toFixed(digits)})` : ''}`;
      const server = kind.server === 'ceiling' ? 'ceiling (node:http, fixed bytes)' : 'ec2-local';
      const who = kind.paced ? `${kind.client}, paced (each client every ${intervalMs.toFixed(0)} ms)` : kind.client;
      console.log(`| ${i === 0 ? row.label : ''} | ${who} → ${server} | ${cell('p50', 1)} | ${cell('p95', 1)} | ${cell('p99', 1)} | ${cell('rps', 0)} | ${cell('serverCpu', 0)}% |`);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (b), (c): real machines

/** Whether an SSH identification string is read at address:port within `timeoutMs`. */
function bannerAnswers(address, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let seen = '';
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.startsWith('SSH-') && seen.includes('\n')) done(true);
    });
    socket.on('error', () => done(false));
    socket.on('end', () => done(false));
  });
}

async function until(what, test, timeoutMs = 30_000, intervalMs = 5) {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = await test();
    if (value) return performance.now();
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function instanceState(ec2, id) {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return Reservations[0].Instances[0].State.Name;
}

async function imageState(ec2, id) {
  const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }));
  return Images[0]?.State;
}

async function withMachines(work) {
  if (process.getuid?.() !== 0) throw new Error('(b) and (c) need root (namespace machines)');
  const { startEc2Local, createMachineHost } = await import(distIndex);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ec2-local-bench-'));
  const machines = createMachineHost({ stateDir });
  const local = await startEc2Local({
    stateDir,
    machines,
    durations: { instancePending: 0, instanceStopping: 0, instanceShuttingDown: 0, imagePending: 0, snapshotPending: 0 },
  });
  const ec2 = client(local.endpoint, 8);
  const { Images } = await ec2.send(new DescribeImagesCommand(QUERIES[0].input));
  const imageId = Images.sort((a, b) => (a.CreationDate < b.CreationDate ? 1 : -1))[0].ImageId;
  const launch = async () => {
    const t0 = performance.now();
    const run = await ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
    const instance = run.Instances[0];
    return { t0, id: instance.InstanceId, address: instance.PrivateIpAddress };
  };
  const terminate = async (id) => {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await until('terminated', async () => (await instanceState(ec2, id)) === 'terminated', 30_000, 20);
  };
  try {
    return await work({ ec2, launch, terminate, stateDir });
  } finally {
    ec2.destroy();
    await local.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function benchBoot() {
  const n = Math.max(runs * 3, quick ? 2 : 5);
  const samples = await withMachines(async ({ ec2, launch, terminate }) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const { t0, id, address } = await launch();
      const [running, ready] = await Promise.all([
        until('running', async () => (await instanceState(ec2, id)) === 'running'),
        until('the SSH banner', () => bannerAnswers(address, 22)),
      ]);
      out.push({ toSsh: ready - t0, toRunning: running - t0, runningToSsh: ready - running });
      await terminate(id);
    }
    return out;
  });
  console.log(`\n### (b) RunInstances → SSH banner, real machines (namespace isolation, first boot), ${samples.length} launches one after another; median (min–max)\n`);
  console.log('| interval | ms |');
  console.log('|---|---:|');
  for (const [key, label] of [['toSsh', 'RunInstances sent → SSH banner read at the reported address'], ['toRunning', 'RunInstances sent → DescribeInstances says running'], ['runningToSsh', '`running` seen → SSH banner (negative: SSH was up first)']]) {
    const xs = samples.map((s) => s[key]);
    console.log(`| ${label} | ${fmt(median(xs))} (${spread(xs)}) |`);
  }
}

/** 1 GB of incompressible-looking data into the machine's disk (its upper directory), fsynced. */
function writeGigabyte(stateDir, instanceId) {
  const dir = path.join(stateDir, 'machines', instanceId, 'disk', 'upper', 'var', 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = fs.openSync(path.join(dir, 'bench-1g'), 'w');
  for (let written = 0; written < GB; written += block.length) fs.writeSync(fd, block);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

function capturedSize(stateDir) {
  let size = 0;
  for (const layer of fs.readdirSync(path.join(stateDir, 'layers'))) {
    const file = path.join(stateDir, 'layers', layer, 'var', 'tmp', 'bench-1g');
    if (fs.existsSync(file)) size = Math.max(size, fs.statSync(file).size);
  }
  return size;
}

async function benchCreateImage() {
  const n = Math.max(runs, quick ? 1 : 3);
  const paths = [
    { key: 'stopped', label: 'stopped instance (StopInstances, then CreateImage: amazon-ebs)' },
    { key: 'noReboot', label: 'running instance, NoReboot=true (freeze + copy)' },
    { key: 'reboot', label: 'running instance, default NoReboot=false (reboot)' },
  ];
  const samples = Object.fromEntries(paths.map((p) => [p.key, []]));
  const stopTimes = [];
  const sshBack = [];
  await withMachines(async ({ ec2, launch, terminate, stateDir }) => {
    let count = 0;
    for (let i = 0; i < n; i++) {
      for (const { key } of paths) {
        const { id, address } = await launch();
        await until('running', async () => (await instanceState(ec2, id)) === 'running', 30_000, 10);
        writeGigabyte(stateDir, id);
        if (key === 'stopped') {
          const t = performance.now();
          await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
          stopTimes.push((await until('stopped', async () => (await instanceState(ec2, id)) === 'stopped', 30_000, 5)) - t);
        }
        const t0 = performance.now();
        const { ImageId } = await ec2.send(new CreateImageCommand({ InstanceId: id, Name: `bench-${key}-${++count}`, NoReboot: key === 'noReboot' ? true : undefined }));
        const available = await until('available', async () => {
          const state = await imageState(ec2, ImageId);
          if (state === 'failed') throw new Error(`image ${ImageId} failed`);
          return state === 'available';
        }, 60_000, 5);
        samples[key].push(available - t0);
        if (key === 'reboot') {
          // The rebooted instance answers SSH again (and never left `running`).
          sshBack.push((await until('SSH after the reboot', () => bannerAnswers(address, 22), 30_000, 5)) - t0);
          if ((await instanceState(ec2, id)) !== 'running') throw new Error('the instance is no longer running after CreateImage');
        }
        if (capturedSize(stateDir) !== GB) throw new Error('the captured layer does not hold the 1 GB file');
        await ec2.send(new DeregisterImageCommand({ ImageId }));
        await terminate(id);
      }
    }
  });
  console.log(`\n### (c) CreateImage → available, 1 GB on the instance's disk (ext4 here: ${reflinkNote()}); ${n} run(s) each; median (min–max)\n`);
  console.log('| path | ms |');
  console.log('|---|---:|');
  for (const { key, label } of paths) console.log(`| ${label} | ${fmt(median(samples[key]))} (${spread(samples[key])}) |`);
  console.log(`| (for reference) StopInstances → stopped | ${fmt(median(stopTimes))} (${spread(stopTimes)}) |`);
  console.log(`| (for reference) reboot path: CreateImage → SSH banner again | ${fmt(median(sshBack))} (${spread(sshBack)}) |`);
}

function reflinkNote() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reflink-probe-'));
  try {
    fs.writeFileSync(path.join(dir, 'a'), 'x');
    try {
      fs.copyFileSync(path.join(dir, 'a'), path.join(dir, 'b'), fs.constants.COPYFILE_FICLONE_FORCE);
      return 'reflinks supported';
    } catch {
      return 'no reflinks, a copy is a byte copy';
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const started = new Date();
console.log(`ec2-local benchmark, ${started.toISOString()}, ${os.cpus().length} × ${os.cpus()[0].model.trim()}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (!only || only === 'api') await benchApi();
if (!only || only === 'boot') await benchBoot();
if (!only || only === 'image') await benchCreateImage();
console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
