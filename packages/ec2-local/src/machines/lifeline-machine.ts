// What every kind of machine does the same way around its first process, which hangs on a lifeline: one
// operation at a time; start = refuse a taken port, spawn, wait for sshd's banner (halting again when it never
// comes); stop = end the lifeline; terminate = stop for good and remove the machine's directory. How the first
// process is spawned, what the machine logged, what must end before the lifeline, and capture are each kind's own.
import fs from 'node:fs';
import type { Machine, MachineSpec } from '../contracts.js';
import type { LifelineProcess } from './lifeline.js';
import { Serial } from './serial.js';
import { portAnswers, waitForSshBanner } from './ssh-banner.js';

export interface LifelineMachineOptions {
  /** This machine's directory: removed when it is terminated. */
  readonly dir: string;
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Called once the machine is terminated (its host forgets it). */
  readonly onTerminated?: () => void;
}

export abstract class LifelineMachine implements Machine {
  private readonly serial = new Serial();
  private process: LifelineProcess | undefined;
  private terminated = false;

  constructor(private readonly lifelineOptions: LifelineMachineOptions) {}

  abstract readonly spec: MachineSpec;
  abstract capture(layerDir: string): Promise<string>;
  /** Prepares the machine's files and spawns its first process (the SSH port is known to be free). */
  protected abstract spawnFirstProcess(): LifelineProcess;
  /** What the machine logged, told when its first process ended while booting. */
  protected abstract bootLog(): string;
  /** Runs before the lifeline is closed: ends what does not hang on it. */
  protected beforeStop(_firstProcess: LifelineProcess): void {}

  get running(): boolean {
    return this.process !== undefined && this.process.ended() === undefined;
  }

  start(): Promise<void> {
    return this.serial.run(async () => {
      this.refuseTerminated();
      if (this.running) return;
      const { instanceId, address, sshPort } = this.spec;
      if (await portAnswers(address, sshPort)) {
        throw new Error(`${address}:${sshPort} is already in use; machine ${instanceId} cannot listen there`);
      }
      const proc = this.spawnFirstProcess();
      this.process = proc;
      try {
        await waitForSshBanner({
          address,
          port: sshPort,
          timeoutMs: this.lifelineOptions.startTimeoutMs,
          failed: () => {
            const ended = proc.ended();
            return ended && `machine ${instanceId} ${ended} while booting:\n${this.bootLog()}`;
          },
        });
      } catch (error) {
        await this.halt();
        throw error;
      }
    });
  }

  stop(): Promise<void> {
    return this.serial.run(() => this.halt());
  }

  terminate(): Promise<void> {
    return this.serial.run(async () => {
      await this.halt();
      this.terminated = true;
      await fs.promises.rm(this.lifelineOptions.dir, { recursive: true, force: true });
      this.lifelineOptions.onTerminated?.();
    });
  }

  /** Runs `operation` in turn with start, stop and terminate; it is given the first process while running. */
  protected exclusive<T>(operation: (running: LifelineProcess | undefined) => Promise<T>): Promise<T> {
    return this.serial.run(() => operation(this.running ? this.process : undefined));
  }

  protected refuseTerminated(): void {
    if (this.terminated) throw new Error(`machine ${this.spec.instanceId} is terminated`);
  }

  private async halt(): Promise<void> {
    const proc = this.process;
    this.process = undefined;
    if (!proc) return;
    this.beforeStop(proc);
    await proc.stop(this.lifelineOptions.stopTimeoutMs);
  }
}
