// Progress of a large upload (Packer's ui.TrackProgress around the source file): the communicator reports the
// bytes it has sent (Communicator.upload's `progress` option), shown as "done / total (percent)". Small files
// get no progress: their transfer is over before a spinner could say anything, and without a terminal each
// progress costs two lines of output that Packer does not print.
import type { Progress, UploadOptions, Ui } from '@tspacker/sdk';

/** Files at least this large show progress. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/** How often (at most) the progress text is refreshed. */
const UPDATE_INTERVAL_MS = 200;

/** "12.5 MiB", "200.0 MiB", "512 B". */
export function byteSizeText(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The text of a progress after `done` of `total` bytes. */
export function transferProgressText(done: number, total: number): string {
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  return `${byteSizeText(done)} / ${byteSizeText(total)} (${percent}%)`;
}

export interface UploadProgress {
  /** Communicator.upload's `progress` option: undefined for a small file. */
  readonly report: UploadOptions['progress'];
  /** Ends the progress (idempotent): call it whatever the transfer's outcome. */
  done(): void;
}

/** Progress under `label` for an upload of `size` bytes, when it is large enough. */
export function uploadProgress(ui: Ui, label: string, size: number): UploadProgress {
  if (size < PROGRESS_MIN_BYTES) return { report: undefined, done: () => {} };
  const progress: Progress = ui.progress(label);
  let lastUpdate = 0;
  let ended = false;
  return {
    report(done, total = size) {
      const now = Date.now();
      if (ended || (now - lastUpdate < UPDATE_INTERVAL_MS && done < total)) return;
      lastUpdate = now;
      // A file that grows while it is read must not show more than 100%.
      progress.update(transferProgressText(Math.min(done, total), total));
    },
    done() {
      if (ended) return;
      ended = true;
      progress.done();
    },
  };
}
