// Helpers of the launch-*.test.ts files: an amazon-ebs configuration decoded from HCL and prepared as the builder
// does, a build state on a real session against a local cloud (real machines as root), a BuildContext whose
// connect is the ssh communicator, and a Ui that records every line.
import { parseConfig, renderDiagnostics } from '@tspacker/hcl';
import type { LocalCloud } from '@tspacker/ec2-local';
import { sshCommunicator } from '@tspacker/plugin-ssh';
import { configFromValue, decodeConfig, runSteps, type BuildContext, type Progress, type Step, type Ui } from '@tspacker/sdk';
import { createAwsSession } from '../src/access/create-session.js';
import { ebsSpec, type EbsConfig } from '../src/ebs/config.js';
import { prepareEbs } from '../src/ebs/prepare.js';
import { newEbsState, type EbsState } from '../src/ebs/state.js';
import { accessSettings, UBUNTU_FILTER } from './ebs-build-harness.js';

/** The launch steps, source AMI to connected instance, in the builder's order. */
export { launchSteps } from '../src/ebs/run.js';

/**
 * An amazon-ebs configuration from HCL lines (after the local cloud's access settings and `base`, whose top-level
 * attributes they replace), decoded and prepared as the builder's prepare does.
 */
export function launchConfig(cloud: LocalCloud, lines: readonly string[], base: readonly string[] = defaults()): EbsConfig {
  // An attribute in `lines` replaces the default one of the same name.
  const keyOf = (line: string): string | undefined => /^([a-z0-9_]+)\s*=/.exec(line)?.[1]; // top-level attributes only
  const given = new Set(lines.map(keyOf).filter((k) => k !== undefined));
  const kept = [...accessSettings(cloud), ...base].filter((line) => !given.has(keyOf(line)));
  const text = [...kept, ...lines].join('\n') + '\n';
  const parsed = parseConfig(text, 'launch.pkr.hcl');
  if (parsed.diags.length > 0) throw new Error(renderDiagnostics(parsed.diags));
  const decoded = decodeConfig(parsed.body, ebsSpec);
  if (decoded.diags.length > 0) throw new Error(renderDiagnostics(decoded.diags));
  const { config, errors } = configFromValue(ebsSpec, decoded.value);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const core = { buildName: 'x', builderType: 'amazon-ebs', coreVersion: '1.16.0', debug: false, force: false, onError: 'cleanup', sensitiveVariables: [] };
  const prepared = prepareEbs(config, core);
  const problems = [...(prepared.errors ?? []), ...(prepared.error ? [prepared.error] : [])];
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return config;
}

function defaults(): string[] {
  return ['instance_type = "t3.micro"', `ami_name = "launch-${Date.now()}"`, ...UBUNTU_FILTER, 'ssh_username = "ubuntu"', 'ssh_timeout = "20s"'];
}

export interface RecordingUi extends Ui {
  readonly lines: string[];
  /** The lines `say` printed (Packer's `==>` lines). */
  readonly said: string[];
}

/** A Ui recording every line; `onSay` sees each `say` line as it comes (e.g. to cancel at a given point). */
export function recordingUi(onSay?: (line: string) => void): RecordingUi {
  const lines: string[] = [];
  const said: string[] = [];
  return {
    lines,
    said,
    say: (m) => {
      lines.push(m);
      said.push(m);
      onSay?.(m);
    },
    message: (m) => lines.push(m),
    error: (m) => lines.push(`ERROR: ${m}`),
    ask: async () => {
      throw new Error('no terminal');
    },
    progress: (): Progress => ({ update: () => {}, done: () => {} }),
    machine: () => {},
  };
}

/** A build state for `config` on a fresh session; `signal` is the build's cancellation. */
export async function launchState(config: EbsConfig, ui: RecordingUi, signal = new AbortController().signal): Promise<EbsState> {
  const session = await createAwsSession(config, { signal });
  const ctx: BuildContext = {
    ui,
    signal,
    provision: async () => {},
    connect: (commConfig, target) => sshCommunicator.connect(commConfig, target, { ui, signal }),
    generateKeyPair: (type, bits, comment) => sshCommunicator.generateKeyPair!(type, bits, comment),
  };
  return newEbsState(config, session, ctx, `run-${Date.now()}`);
}

/** A step that runs `check` with the state once the launch steps ran (before any cleanup). */
export function probe(check: (state: EbsState) => Promise<void>): Step<EbsState> {
  return {
    name: 'Probe',
    async run(state) {
      await check(state);
      return 'continue';
    },
  };
}

/** Runs `steps`; resolves with the error the steps ended with (undefined on success), after every cleanup. */
export async function run(steps: Step<EbsState>[], state: EbsState, ui: RecordingUi, signal = new AbortController().signal): Promise<Error | undefined> {
  try {
    await runSteps(steps, state, { ui, signal });
    return undefined;
  } catch (e) {
    return e as Error;
  } finally {
    state.session.destroy();
  }
}

/** Runs a command over the state's connection; its output. */
export async function remote(state: EbsState, command: string): Promise<string> {
  const { Writable } = await import('node:stream');
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const result = await state.connection!.communicator.start({ command, stdout }, new AbortController().signal);
  if (result.exitStatus !== 0) throw new Error(`${command}: exit ${result.exitStatus}`);
  return out;
}
