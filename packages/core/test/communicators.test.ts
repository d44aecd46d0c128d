// BuildContext.connect over the registered communicators: the template's choice picks the component; an unknown
// one or `none` rejects with a clear message (never a synchronous throw).
import type { CommunicatorComponent, CommunicatorConfig, Ui } from '@tspacker/sdk';
import { communicatorContext } from '../src/build/communicators.js';

const ui = {} as Ui;
const signal = new AbortController().signal;
const config = (communicator: string) => ({ communicator }) as CommunicatorConfig;

test('connect hands the request to the component named by `communicator`', async () => {
  const seen: unknown[] = [];
  const ssh: CommunicatorComponent = {
    connect: async (c, target) => {
      seen.push([c.communicator, target.host]);
      return { communicator: {} as never, close: async () => {} };
    },
  };
  const ctx = communicatorContext(new Map([['ssh', ssh]]), ui, signal);
  await ctx.connect(config('ssh'), { host: '127.0.0.1', port: 22 });
  expect(seen).toEqual([['ssh', '127.0.0.1']]);
  await expect(ctx.generateKeyPair('rsa', 0, 'x')).rejects.toThrow('the ssh communicator cannot generate key pairs');
});

test('an unknown communicator and `none` reject with what is available', async () => {
  const ctx = communicatorContext(new Map(), ui, signal);
  const unknown = ctx.connect(config('winrm'), { host: 'h', port: 1 });
  await expect(unknown).rejects.toThrow('communicator "winrm" is not available in tspacker (no communicator is installed; only "none" works)');
  await expect(ctx.connect(config('none'), { host: 'h', port: 1 })).rejects.toThrow('communicator = "none"');
});
