// The default sink: synchronous writes to stdout, so output is never lost or reordered when the process exits
// right after (Packer writes to os.Stdout unbuffered).
import fs from 'node:fs';

export function writeStdoutSync(text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full: wait a little for the reader, then retry.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EPIPE') return; // the reader went away (`| head`): drop output, like Packer
      throw e;
    }
  }
}
