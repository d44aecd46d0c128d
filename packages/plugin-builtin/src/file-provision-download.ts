// The download half of the file provisioner (ProvisionDownload in Packer's provisioner/file): `destination` is
// local. One ending in a slash is a directory, and a file source lands inside it under its own name; otherwise
// it is the file to write (or, for a directory source, the directory to fill). The local directory is made
// first. A source ending in a slash, or holding a glob character, is a remote directory (or pattern) fetched
// with the communicator's downloadDir.
import fs from 'node:fs';
import { once } from 'node:events';
import { goBase, goDir, goJoin, goPathErrorText } from '@tspacker/sdk';
import { goMkdirAll } from './file-provision-paths.js';
import { untilAborted } from '@tspacker/sdk';
import type { TransferContext } from './file-provision-upload.js';

export async function downloadSources(sources: readonly string[], destination: string, ctx: TransferContext): Promise<void> {
  const { ui, communicator, signal } = ctx;
  for (const source of sources) {
    let target = destination;
    let dir = destination;
    if (!destination.endsWith('/')) dir = goDir(destination);
    else if (!source.endsWith('/') && !source.endsWith('*')) target = goJoin(destination, goBase(source));
    ui.say(`Downloading ${source} => ${target}`);
    await goMkdirAll(dir, 0o755);
    // Packer returns after the first directory source, skipping the rest (a bug): tspacker downloads them all.
    if (source.endsWith('/') || /[*?[]/.test(source)) {
      await untilAborted(() => communicator.downloadDir(source, target), signal);
      continue;
    }
    await downloadFile(source, target, ctx);
  }
}

async function downloadFile(source: string, target: string, { ui, communicator, signal }: TransferContext): Promise<void> {
  // Created (and truncated) before the transfer, as Packer does: a failed download leaves an empty file.
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(target, 'w', 0o644);
  } catch (e) {
    throw new Error(goPathErrorText('open', target, e));
  }
  const file = handle.createWriteStream();
  try {
    await untilAborted(async () => {
      await communicator.download(source, file);
      // The communicator may or may not end the stream it wrote to: everything must be on disk before going on.
      if (!file.writableEnded) file.end();
      if (!file.closed) await once(file, 'close');
    }, signal);
  } catch (e) {
    file.destroy();
    ui.error(`Download failed: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  } finally {
    await handle.close().catch(() => {});
  }
}
