// What the amazon-ebs benchmarks share: the local cloud they build against (ec2-local's built package, in this
// process), the amazon-ebs template both tools get, a build process run with its output lines timestamped as
// they arrive and its memory sampled, where a build's time went (from those lines), and which API calls it made
// (from ec2-local's request log).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const tspackerBin = path.join(repo, 'packages', 'cli', 'bin', 'tspacker.mjs');
const ec2LocalDist = path.join(repo, 'packages', 'ec2-local', 'dist', 'index.js');

/** Static keys: ec2-local verifies SigV4 signatures against them, as AWS would. Not secret (a local endpoint). */
export const CREDENTIALS = { accessKeyId: 'AKIABENCHAMAZONEBS01', secretAccessKey: 'bench-amazon-ebs-secret' };

/**
 * State transitions: ec2-local's defaults (1-1.5 s each), or `aws`: closer to what EC2 takes for a small Ubuntu
 * build (instance 12 s to `running`, 25 s to stop, 20 s to terminate, an image or its copy 70 s to `available`), to
 * see what remains of the difference when AWS's own durations dominate. None is a multiple of Packer's 15 s.
 */
export const TIMINGS = {
  default: undefined,
  aws: { instancePending: 12_000, instanceStopping: 25_000, instanceShuttingDown: 20_000, imagePending: 70_000, snapshotPending: 50_000, volumeCreating: 5_000 },
};

/** ec2-local (real machines, as root) under `dir`; the request log tells which calls each build made. */
export async function startBenchCloud(dir, { durations } = {}) {
  const { startLocalCloud } = await import(ec2LocalDist);
  const cloud = await startLocalCloud({
    stateDir: path.join(dir, 'cloud'),
    durations,
    credentials: [CREDENTIALS],
    // 50 machines booting at once on a small machine take longer than one.
    machineStartTimeoutMs: 120_000,
  });
  if (cloud.isolation !== 'namespace') throw new Error(`ec2-local machines are ${cloud.isolation}: run as root`);
  /** Lines of the request log so far (a mark for `callsSince`). */
  async function mark() {
    await cloud.operations.flushLog();
    return readLog().length;
  }
  function readLog() {
    return fs.readFileSync(cloud.requestLogPath, 'utf8').split('\n').filter(Boolean);
  }
  /** The calls logged after `since` (a mark): [{time, service, region, action, status, errorCode, ...}]. */
  async function callsSince(since) {
    await cloud.operations.flushLog();
    return readLog().slice(since).map((line) => JSON.parse(line));
  }
  return { cloud, mark, callsSince };
}

/** One amazon-ebs source block: Ubuntu 22.04 by source_ami_filter, SSH, one extra region; Packer 1.6.6's needs. */
export function ebsSource(name, { endpoint, amiName, regions = ['us-west-2'] }) {
  return `source "amazon-ebs" "${name}" {
  access_key                 = "${CREDENTIALS.accessKeyId}"
  secret_key                 = "${CREDENTIALS.secretAccessKey}"
  region                     = "us-east-1"
  custom_endpoint_ec2        = "${endpoint}"
  skip_region_validation     = true
  skip_credential_validation = true
  instance_type              = "t3.micro"
  ami_name                   = "${amiName}"
  ami_regions                = [${regions.map((r) => `"${r}"`).join(', ')}]
  source_ami_filter {
    filters = {
      name                = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
  ssh_username = "ubuntu"
  tags = {
    Name = "${amiName}"
  }
}
`;
}

/** The provisioner both tools run: a few commands, one with sudo, a file in the image. */
export const SHELL_PROVISIONER = `  provisioner "shell" {
    inline = [
      "mkdir -p $HOME/app",
      "echo \\"provisioned by $PACKER_BUILD_NAME on $(hostname)\\" > $HOME/app/provisioned",
      "sudo sh -c 'echo bench > /etc/bench-provisioned'",
      "uname -a",
    ]
  }
`;

export function buildBlock(sourceNames) {
  return `build {
  sources = [${sourceNames.map((n) => `"source.amazon-ebs.${n}"`).join(', ')}]

${SHELL_PROVISIONER}}
`;
}

/** A clean environment: no AWS_* of the caller's, no polling override (both tools at their defaults). */
export function buildEnv(home) {
  return { PATH: process.env.PATH, HOME: home, CHECKPOINT_DISABLE: '1', PACKER_CACHE_DIR: path.join(home, 'packer-cache'), TMPDIR: home };
}

function rssKb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) };
  } catch {
    return undefined; // gone
  }
}

/** Every descendant of `pid` (Packer runs each component as a plugin process). */
function descendants(pid) {
  const children = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Runs `cmd argv` to completion (killed after `timeoutMs`): wall ms, exit code, every output line with the ms
 * since the start at which it arrived, and memory sampled every `sampleMs`: the process's own peak RSS
 * (VmHWM, the kernel's high-water mark, read at each sample) and the peak of the sum over its process tree.
 * `wrapped`: `cmd` is a wrapper (GNU time): the main process is its child.
 */
export function runBuild(cmd, argv, { cwd, env, timeoutMs = 600_000, sampleMs = 100, wrapped = false }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    const collect = (stream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const t = since();
        const parts = (rest + chunk).split('\n');
        rest = parts.pop();
        for (const text of parts) lines.push({ t, stream: stream === child.stdout ? 'out' : 'err', text });
      });
      stream.on('end', () => rest && lines.push({ t: since(), text: rest }));
    };
    collect(child.stdout);
    collect(child.stderr);
    let peakOwnKb = 0;
    let peakTreeKb = 0;
    const rssSamples = [];
    let mainPid = wrapped ? undefined : child.pid;
    const sample = () => {
      mainPid ??= descendants(child.pid)[0];
      const own = mainPid === undefined ? undefined : rssKb(mainPid);
      if (!own) return;
      peakOwnKb = Math.max(peakOwnKb, own.hwm, own.rss);
      let tree = 0;
      for (const pid of descendants(mainPid)) tree += rssKb(pid)?.rss ?? 0;
      tree += own.rss;
      peakTreeKb = Math.max(peakTreeKb, tree);
      rssSamples.push({ t: since(), rssMb: own.rss / 1024 });
    };
    const sampler = setInterval(sample, sampleMs);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(killer);
      resolve({ ms: since(), code: code ?? signal, lines, peakOwnMb: peakOwnKb / 1024, peakTreeMb: peakTreeKb / 1024, rssSamples });
    });
  });
}

/**
 * Where a build's time went, from its UI lines (Packer's amazon-ebs wording, which tspacker keeps): each phase
 * runs from the first line matching its marker to the next phase's, the last to the end of the process. A phase
 * whose marker never appeared is absent (its time counts in the one before).
 */
export const PHASES = [
  ['setup', null, 'process start, AMI lookup, temporary key pair and security group'],
  ['launch', /Launching a source AWS instance/, 'RunInstances until the instance is `running`', 'instancePending'],
  ['ssh', /Waiting for SSH to become available/, 'until SSH is connected'],
  ['provision', /Connected to SSH!/, 'the shell provisioner'],
  ['stop', /Stopping the source instance/, 'StopInstances until `stopped`', 'instanceStopping'],
  ['capture', /Creating AMI|Creating the AMI/, 'CreateImage until `available`', 'imagePending'],
  ['copy', /Copying\/Encrypting AMI|Copying AMI/, 'CopyImage to the other region until `available`, tags', 'imagePending'],
  ['cleanup', /Terminating the source AWS instance/, 'terminate the instance (and wait), delete the key pair and security group', 'instanceShuttingDown'],
];

/** ec2-local's durations for `timings` (its defaults where not set). */
export async function effectiveDurations(durations) {
  const { DEFAULT_DURATIONS } = await import(ec2LocalDist);
  return { ...DEFAULT_DURATIONS, ...durations };
}

export function phases(result, phaseList = PHASES) {
  const found = [];
  for (const [name, marker] of phaseList) {
    const t = marker === null ? 0 : result.lines.find((l) => marker.test(l.text))?.t;
    if (t !== undefined) found.push({ name, t });
  }
  const out = {};
  found.forEach((p, i) => {
    out[p.name] = (found[i + 1]?.t ?? result.ms) - p.t;
  });
  return out;
}

/** Calls by action, e.g. {DescribeInstances: 7, ...}, and the total. */
export function countCalls(calls) {
  const byAction = {};
  for (const c of calls) byAction[c.action] = (byAction[c.action] ?? 0) + 1;
  return { total: calls.length, byAction };
}

export const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The artifact line of a build's output: `us-east-1: ami-...` pairs. */
export function artifactAmis(result) {
  return result.lines.map((l) => /^(?:--> .*?: )?([a-z]{2}-[a-z]+-\d): (ami-[0-9a-f]+)/.exec(l.text.trim())).filter(Boolean).map((m) => `${m[1]}:${m[2]}`);
}

/** The machine, for the figures' footnote. */
export async function machineLine() {
  const os = await import('node:os');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} vCPU, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`;
}

/** The load averages (1, 5, 15 min) now. */
export async function loadLine() {
  const os = await import('node:os');
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
