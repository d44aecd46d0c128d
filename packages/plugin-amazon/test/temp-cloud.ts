// A local cloud in a temporary directory of its own under /var/tmp (machines mount a tmpfs of their own on /tmp),
// removed with the cloud: what every test that starts ec2-local in its own process shares.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '@tspacker/ec2-local';

export interface TempCloud {
  readonly cloud: LocalCloud;
  /** The temporary directory (the cloud's state is in `dir/cloud`; tests may put their own files beside it). */
  readonly dir: string;
  /** Stops the cloud and removes the directory. */
  stop(): Promise<void>;
}

export async function startTempCloud(prefix: string, options: Omit<LocalCloudOptions, 'stateDir'> = {}): Promise<TempCloud> {
  mkdirSync('/var/tmp', { recursive: true });
  const dir = mkdtempSync(`/var/tmp/plugin-amazon-${prefix}-`);
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({ stateDir: path.join(dir, 'cloud'), ...options });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    cloud,
    dir,
    async stop() {
      await cloud.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
