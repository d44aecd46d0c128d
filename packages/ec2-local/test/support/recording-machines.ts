// A MachineHost that records what it is asked and captures a marker file as a layer: for API tests that check
// what the EC2 side hands to machines (the real host has its own tests).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine, MachineHost, MachineSpec } from '../../src/index.js';

export interface RecordedMachine extends Machine {
  readonly events: string[];
}

export class RecordingMachines implements MachineHost {
  readonly isolation = 'none' as const;
  readonly machines: RecordedMachine[] = [];
  closed = 0;
  /** Makes start() fail for specs whose instance id is listed. */
  failStart = false;
  startDelayMs = 0;
  private captures = 0;

  async create(spec: MachineSpec): Promise<Machine> {
    const events: string[] = [];
    const host = this;
    const machine: RecordedMachine = {
      spec,
      events,
      async start() {
        events.push('start');
        if (host.startDelayMs > 0) await new Promise((r) => setTimeout(r, host.startDelayMs));
        if (host.failStart) throw new Error('no root filesystem');
      },
      async stop() {
        events.push('stop');
      },
      async terminate() {
        events.push('terminate');
      },
      async capture(layerDir: string) {
        events.push('capture');
        const layer = join(layerDir, `layer-${++host.captures}-${spec.instanceId}`);
        await mkdir(layer, { recursive: true });
        await writeFile(join(layer, 'captured-from'), spec.instanceId);
        return layer;
      },
    };
    this.machines.push(machine);
    return machine;
  }

  async close(): Promise<void> {
    this.closed++;
  }

  byInstance(instanceId: string): RecordedMachine | undefined {
    return this.machines.find((m) => m.spec.instanceId === instanceId);
  }
}
