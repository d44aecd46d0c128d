// The upload half of the file provisioner (ProvisionUpload in Packer's provisioner/file): each source is said,
// then a directory goes through the communicator's uploadDir — which keeps Packer's trailing-slash rule, `src/`
// copies the contents and `src` the directory itself into the destination — and a file through upload, into
// `destination` itself, or under its own name when the destination ends in a slash. The local file's permission
// bits go with it (Packer passes the file's FileInfo to the communicator).
import fs from 'node:fs';
import type { Communicator, Ui } from '@tspacker/sdk';
import { goBase, goPathErrorText } from '@tspacker/sdk';
import { uploadProgress } from './file-provision-progress.js';
import { untilAborted } from '@tspacker/sdk';

/** The text Packer's communicators give when a file lands where a directory is: Packer adds a hint to it. */
const RESTORING_FILE_ERROR = 'Error restoring file';

export interface TransferContext {
  readonly ui: Ui;
  readonly communicator: Communicator;
  /** Aborted on Ctrl-C or the provisioner's timeout: the transfer is abandoned. */
  readonly signal: AbortSignal;
}

export async function uploadSources(sources: readonly string[], destination: string, ctx: TransferContext): Promise<void> {
  const { ui, communicator, signal } = ctx;
  for (const source of sources) {
    ui.say(`Uploading ${source} => ${destination}`);
    let info: fs.Stats;
    try {
      info = await fs.promises.stat(source);
    } catch (e) {
      // `generated = true` leaves this check to run time: the same text prepare would give.
      throw new Error(goPathErrorText('stat', source, e));
    }
    if (info.isDirectory()) {
      await reportingFailure(ui, () => untilAborted(() => communicator.uploadDir(destination, source), signal));
      continue;
    }
    const fileDestination = destination.endsWith('/') ? destination + goBase(source) : destination;
    await uploadFile(source, info, fileDestination, ctx);
  }
}

async function uploadFile(source: string, info: fs.Stats, destination: string, { ui, communicator, signal }: TransferContext): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(source, 'r');
  } catch (e) {
    throw new Error(goPathErrorText('open', source, e));
  }
  const file = handle.createReadStream();
  const progress = uploadProgress(ui, `Uploading ${goBase(source)}`, info.size);
  const options = { mode: info.mode & 0o777, size: info.size, progress: progress.report };
  try {
    await reportingFailure(ui, () => untilAborted(() => communicator.upload(destination, file, options), signal));
  } finally {
    progress.done();
    file.destroy();
    await handle.close().catch(() => {});
  }
}

/** Runs an upload; on failure says "Upload failed: …" (with Packer's hint for a directory destination) and rethrows. */
async function reportingFailure(ui: Ui, upload: () => Promise<void>): Promise<void> {
  try {
    await upload();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes(RESTORING_FILE_ERROR)) {
      ui.error(
        `Upload failed: ${message}; this can occur when your file destination is a folder without a trailing slash.`,
      );
    }
    ui.error(`Upload failed: ${message}`);
    throw e;
  }
}
