// A machine isolated by namespaces (needs root): `unshare` makes mount, PID, UTS and IPC namespaces whose first
// process mounts the overlay (image layers + the host's root, under the machine's upper directory) and chroots
// into it; sshd and everything started over SSH live in there. Stopping ends the namespace's init, which makes
// the kernel kill every process in it and drop its mounts (they were never visible to the host: the mount
// namespace is private).
import fs from 'node:fs';
import path from 'node:path';
import type { MachineSpec } from '../contracts.js';
import { BOOT_SCRIPT, MOUNT_SCRIPT } from './boot-scripts.js';
import { Disk } from './disk.js';
import { spawnOnLifeline, type LifelineProcess } from './lifeline.js';
import { LifelineMachine, type LifelineMachineOptions } from './lifeline-machine.js';
import { firstChild, whileFrozen } from './pid-namespace.js';

export interface NamespaceMachineOptions extends LifelineMachineOptions {
  /** Hidden inside every machine (an empty read-only tmpfs over it): the host's machine state. */
  readonly hiddenDir: string;
  /** sshd inside the machine (the base image's). */
  readonly sshdPath: string;
}

export class NamespaceMachine extends LifelineMachine {
  private readonly disk: Disk;

  constructor(
    private readonly imageSpec: MachineSpec,
    private readonly options: NamespaceMachineOptions,
  ) {
    super(options);
    this.disk = Disk.open(path.join(options.dir, 'disk'), imageSpec.layers);
  }

  /** The spec, with the layers this machine boots from now (the image's plus any captured while stopped). */
  get spec(): MachineSpec {
    return { ...this.imageSpec, layers: this.disk.layers };
  }

  /** The machine's console: what its boot scripts printed (mount errors, first-boot output). */
  consoleLog(): string {
    const file = path.join(this.options.dir, 'console.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  capture(layerDir: string): Promise<string> {
    return this.exclusive(async (running) => {
      this.refuseTerminated();
      if (!running) return this.disk.captureStopped(layerDir);
      // Never the rename while running: the mounted overlay would go on writing into the new layer.
      const init = firstChild(running.pid);
      if (init === undefined) throw new Error(`machine ${this.imageSpec.instanceId}: its init process is not found`);
      return whileFrozen(init, () => this.disk.captureCopy(layerDir));
    });
  }

  protected spawnFirstProcess(): LifelineProcess {
    return spawnOnLifeline({
      command: 'unshare',
      args: ['--mount', '--pid', '--uts', '--ipc', '--fork', '--kill-child', '--propagation', 'private', '/bin/sh', '-c', MOUNT_SCRIPT, 'ec2-local-boot', ...this.bootArguments()],
      consoleFile: path.join(this.options.dir, 'console.log'),
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    });
  }

  protected bootLog(): string {
    return this.consoleLog();
  }

  /** Writes the seed (cloud-init's NoCloud data, in effect) and returns both stages' arguments. */
  private bootArguments(): string[] {
    const missing = this.disk.layers.find((layer) => !fs.statSync(layer, { throwIfNoEntry: false })?.isDirectory());
    if (missing) throw new Error(`machine ${this.imageSpec.instanceId}: image layer ${missing} is not a directory`);
    const dir = this.options.dir;
    const seed = path.join(dir, 'seed');
    const base = path.join(dir, 'base');
    const root = path.join(dir, 'root');
    for (const d of [seed, path.join(base, 'upper'), path.join(base, 'work'), path.join(base, 'root'), root]) {
      fs.mkdirSync(d, { recursive: true });
    }
    fs.writeFileSync(path.join(seed, 'boot.sh'), BOOT_SCRIPT);
    fs.writeFileSync(path.join(seed, 'authorized_keys'), this.imageSpec.authorizedKeys.map((k) => `${k.trim()}\n`).join(''));
    fs.writeFileSync(path.join(seed, 'user-data'), this.imageSpec.userData ?? '');
    const { instanceId, defaultUser, address, sshPort } = this.imageSpec;
    return [
      root,
      this.disk.lowerdirPrefix(),
      this.disk.upper,
      this.disk.work,
      path.join(base, 'root'),
      path.join(base, 'upper'),
      path.join(base, 'work'),
      seed,
      this.options.hiddenDir,
      `ip-${address.replaceAll('.', '-')}`,
      instanceId,
      defaultUser,
      address,
      String(sshPort),
      this.options.sshdPath,
    ];
  }
}
