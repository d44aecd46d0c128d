// The instance state machine: pending → running (once its machine, if any, has booted and the pending time has
// passed), running → stopping → stopped, stopped → pending → running, anything → shutting-down → terminated.
// Durations come from the store (scaled by the operations layer). Every change bumps the instance's generation,
// so a transition overtaken by a later request (a terminate while pending) leaves the state alone.
import { AwsError, type MachineSpec } from '../contracts.js';
import type { RegionState } from '../state/region.js';
import type { Instance, InstanceStateName } from '../state/resources.js';
import type { Store } from '../state/store.js';
import { releaseLayers } from './layers.js';
import { releaseVolumes } from './volumes.js';

function setState(instance: Instance, state: InstanceStateName, reason = ''): number {
  instance.state = state;
  instance.stateTransitionReason = reason;
  return ++instance.generation;
}

/** Runs a machine operation after the ones already queued for the instance (a failed one does not stop the queue). */
export function enqueue<T>(instance: Instance, operation: () => Promise<T>): Promise<T> {
  const result = instance.machineOps.then(operation);
  instance.machineOps = result.then(
    () => {},
    () => {},
  );
  return result;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the instance's machine boots as (cloud-init's first boot makes the user and runs the user data). */
function machineSpec(store: Store, instance: Instance): MachineSpec {
  return {
    instanceId: instance.id,
    layers: instance.layers,
    address: instance.address,
    sshPort: store.options.sshPort,
    defaultUser: instance.defaultUser,
    authorizedKeys: instance.authorizedKeys,
    userData: instance.userData !== undefined ? Buffer.from(instance.userData, 'base64').toString('utf8') : undefined,
  };
}

/** pending → running; the machine is created on first boot (or after an endpoint restart) and started on each. */
export function boot(store: Store, region: RegionState, instance: Instance): void {
  const generation = setState(instance, 'pending');
  const host = store.options.machines;
  const machineUp = host
    ? enqueue(instance, async () => {
        instance.machine ??= await host.create(machineSpec(store, instance));
        await instance.machine.start();
      })
    : Promise.resolve();
  Promise.all([store.scheduler.sleep(store.durations.instancePending), machineUp]).then(
    () => {
      if (store.closed || instance.generation !== generation) return;
      setState(instance, 'running');
      instance.stateReason = undefined;
    },
    (error: unknown) => {
      if (store.closed || instance.generation !== generation) return;
      // A machine that cannot boot ends the instance, as EC2 does with a failed launch.
      instance.stateReason = { code: 'Server.InternalError', message: `Server.InternalError: the machine did not start: ${message(error)}` };
      terminate(store, region, instance, 'Server.InternalError');
    },
  );
}

export function stop(store: Store, instance: Instance): void {
  const generation = setState(instance, 'stopping', `User initiated (${new Date().toISOString()})`);
  // The machine is read when the operation runs: a start still queued may be creating it.
  const machineDown = enqueue(instance, async () => {
    await instance.machine?.stop();
  });
  const settle = () => {
    if (store.closed || instance.generation !== generation) return;
    setState(instance, 'stopped', instance.stateTransitionReason);
    instance.stateReason = { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
  };
  Promise.all([store.scheduler.sleep(store.durations.instanceStopping), machineDown]).then(settle, settle);
}

export function terminate(store: Store, region: RegionState, instance: Instance, reason = 'User initiated'): void {
  const generation = setState(instance, 'shutting-down', `${reason} (${new Date().toISOString()})`);
  const machineGone = enqueue(instance, async () => {
    await instance.machine?.terminate();
  });
  const settle = () => {
    if (store.closed || instance.generation !== generation) return;
    setState(instance, 'terminated', instance.stateTransitionReason);
    instance.stateReason ??= { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
    instance.terminatedAt = Date.now();
    instance.machine = undefined;
    releaseVolumes(region, instance.id);
    void releaseLayers(store, instance.layers);
  };
  Promise.all([store.scheduler.sleep(store.durations.instanceShuttingDown), machineGone]).then(settle, settle);
}

/** Endpoint stop or reset: every machine's disk goes (the metadata that knew it is gone as well). */
export async function terminateAllMachines(store: Store, timeoutMs = 20_000): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const region of store.allRegions()) {
    for (const instance of region.instances.values()) {
      pending.push(enqueue(instance, async () => {
        await instance.machine?.terminate();
        instance.machine = undefined;
      }).catch(() => {}));
    }
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(pending), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

/** The error for a state change an instance's current state does not allow. */
export function incorrectState(instance: Instance, verb: string): AwsError {
  return new AwsError('IncorrectInstanceState', `This instance '${instance.id}' is not in a state from which it can be ${verb}.`);
}
