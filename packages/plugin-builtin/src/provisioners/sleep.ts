// Provisioner `sleep` (provisioner/sleep): waits for `duration`. Its config has no Packer core keys and is not
// interpolated.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';

export const sleepSpec = {
  duration: attr.duration({ interpolate: false, doc: 'How long to wait, as a Go duration (`30s`, `1m30s`).' }),
} satisfies ConfigSpec;

export type SleepConfig = ConfigOf<typeof sleepSpec>;

export const sleepProvisioner: ProvisionerComponent<typeof sleepSpec> = {
  configSpec: sleepSpec,
  prepare: () => ({}),
  provision: (c, ctx) =>
    new Promise((resolve, reject) => {
      // Go's ctx.Err() when the build is cancelled.
      if (ctx.signal.aborted) return reject(new Error('context canceled'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('context canceled'));
      };
      const timer = setTimeout(() => {
        ctx.signal.removeEventListener('abort', onAbort);
        resolve();
      }, c.duration);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    }),
};
