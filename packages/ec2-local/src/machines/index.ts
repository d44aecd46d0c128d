// Real machines for ec2-local's instances (see docs/machines.md): a MachineHost makes one Machine per instance,
// isolated by namespaces when running as root, or explicitly unisolated.
import fs from 'node:fs';
import path from 'node:path';
import type { Machine, MachineHost, MachineSpec } from '../contracts.js';
import { NamespaceMachine } from './namespace-machine.js';
import { checkMountablePath, checkSpec } from './spec-checks.js';
import { UnisolatedMachine } from './unisolated-machine.js';

export interface MachineHostOptions {
  /** Machines live under `<stateDir>/machines/<instanceId>` (disk, seed, console log); hidden inside machines. */
  readonly stateDir: string;
  /** `namespace` (the default as root) or `none` (the default otherwise, refused unless `allowUnisolated`). */
  readonly isolation?: 'namespace' | 'none';
  /** Consent to `none`: sessions run as the current user on the host's own filesystem. */
  readonly allowUnisolated?: boolean;
  /** The sshd to run: inside the machine for `namespace`, on the host for `none`. Default /usr/sbin/sshd. */
  readonly sshdPath?: string;
  /** How long a start may take until the SSH banner answers. Default 15 s. */
  readonly startTimeoutMs?: number;
  /** How long a stop waits for the machine's processes to end before killing them. Default 5 s. */
  readonly stopTimeoutMs?: number;
}

const isRoot = (): boolean => process.getuid?.() === 0;

export function createMachineHost(options: MachineHostOptions): MachineHost {
  const isolation = options.isolation ?? (isRoot() ? 'namespace' : 'none');
  if (isolation === 'none' && !options.allowUnisolated) {
    throw new Error(
      'refusing to run unisolated machines: their sessions would run as this user on this host\'s own filesystem ' +
        '(pass allowUnisolated to allow it, or run as root for namespace isolation)',
    );
  }
  if (isolation === 'namespace' && !isRoot()) {
    throw new Error('namespace isolation needs root (mount namespaces, overlayfs, chroot)');
  }
  const stateDir = path.resolve(options.stateDir);
  checkMountablePath('the state directory', stateDir);
  const machinesDir = path.join(stateDir, 'machines');
  fs.mkdirSync(machinesDir, { recursive: true, mode: 0o700 });
  const common = {
    sshdPath: options.sshdPath ?? '/usr/sbin/sshd',
    startTimeoutMs: options.startTimeoutMs ?? 15_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
  };
  const machines = new Map<string, Machine>();

  return {
    isolation,
    async create(spec: MachineSpec): Promise<Machine> {
      checkSpec(spec);
      if (machines.has(spec.instanceId)) throw new Error(`machine ${spec.instanceId} exists already`);
      const dir = path.join(machinesDir, spec.instanceId);
      const onTerminated = (): void => void machines.delete(spec.instanceId);
      const machine =
        isolation === 'namespace'
          ? new NamespaceMachine(spec, { ...common, dir, hiddenDir: stateDir, onTerminated })
          : new UnisolatedMachine(spec, { ...common, dir, onTerminated });
      machines.set(spec.instanceId, machine);
      return machine;
    },
    // The host stays usable (an endpoint's reset closes it and goes on with a fresh account), and it keeps
    // track of every machine until terminated, so a machine started again is stopped by the next close.
    async close(): Promise<void> {
      const stopping = [...machines.values()].map((machine) => machine.stop());
      const failures = (await Promise.allSettled(stopping)).filter((r) => r.status === 'rejected');
      if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
    },
  };
}
