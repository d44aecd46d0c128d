// Readiness as a client sees it: the machine is up when its address:port answers with an SSH identification
// string, which only our sshd would send there (a bare TCP accept could be something else).
import net from 'node:net';

/** Whether anything accepts connections at address:port right now. */
export function portAnswers(address: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolves true when `SSH-` arrives within `timeoutMs`, false on refusal, close or timeout. */
function bannerOnce(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    let received = '';
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length >= 4) done(received.startsWith('SSH-'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

export interface BannerWait {
  readonly address: string;
  readonly port: number;
  readonly timeoutMs: number;
  /** Checked between attempts: a reason to give up early (the machine's process exited), or undefined. */
  readonly failed: () => string | undefined;
}

/** Polls until the SSH banner arrives; throws with the reason when the machine fails or time runs out. */
export async function waitForSshBanner(wait: BannerWait): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const failure = wait.failed();
    if (failure) throw new Error(failure);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no SSH banner at ${wait.address}:${wait.port} within ${wait.timeoutMs} ms`);
    if (await bannerOnce(wait.address, wait.port, Math.min(left, 2000))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
