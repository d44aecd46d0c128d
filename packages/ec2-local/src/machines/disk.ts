// A machine's disk: one writable overlay upper directory over the read-only layers of its image. The layer list
// is the image's, plus the layers captured from this machine while it was stopped (capture turns the upper
// directory itself into a layer and starts a fresh one on top), so it is kept in disk.json next to the upper
// directory and survives a restart of the host process.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkMountablePath } from './spec-checks.js';

const run = promisify(execFile);

/** The mount data page holds every lowerdir path; beyond it the kernel truncates. */
const MOUNT_OPTIONS_LIMIT = 4000;

interface DiskRecord {
  readonly layers: readonly string[];
}

export class Disk {
  readonly upper: string;
  readonly work: string;
  private readonly recordFile: string;
  private layerList: readonly string[];

  private constructor(readonly dir: string, layers: readonly string[]) {
    this.upper = path.join(dir, 'upper');
    this.work = path.join(dir, 'work');
    this.recordFile = path.join(dir, 'disk.json');
    this.layerList = layers;
  }

  /** The disk under `dir`: the existing one (its own layer list wins), else a new empty one over `imageLayers`. */
  static open(dir: string, imageLayers: readonly string[]): Disk {
    checkMountablePath('the machine state directory', dir);
    const recordFile = path.join(dir, 'disk.json');
    const layers = fs.existsSync(recordFile)
      ? (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as DiskRecord).layers
      : imageLayers;
    const disk = new Disk(dir, layers);
    fs.mkdirSync(disk.upper, { recursive: true, mode: 0o755 });
    fs.mkdirSync(disk.work, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(recordFile)) disk.save();
    return disk;
  }

  /** Read-only layers under the upper directory, topmost first (the base image `/` not included). */
  get layers(): readonly string[] {
    return this.layerList;
  }

  /** overlayfs's lowerdir list for the layers, each followed by `:` (the base comes last). */
  lowerdirPrefix(): string {
    const prefix = this.layerList.map((layer) => `${layer}:`).join('');
    if (prefix.length + this.dir.length * 3 > MOUNT_OPTIONS_LIMIT) {
      throw new Error(`too many image layers for one overlay mount (${this.layerList.length})`);
    }
    return prefix;
  }

  /**
   * Stopped: the upper directory becomes the layer (a rename, whatever its size) and the machine continues on a
   * fresh upper directory over it. Whiteouts (deleted files) and opaque directories are kept as they are, so the
   * layer hides what the machine deleted from the layers below.
   */
  async captureStopped(layerParent: string): Promise<string> {
    const layer = await newLayerDir(layerParent, path.basename(this.dir));
    try {
      // rename(2) replaces the empty directory atomically.
      await fs.promises.rename(this.upper, layer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyTree(this.upper, layer);
      await fs.promises.rm(this.upper, { recursive: true, force: true });
    }
    await fs.promises.mkdir(this.upper, { mode: 0o755 });
    this.layerList = [layer, ...this.layerList];
    this.save();
    return layer;
  }

  /** Running: a copy of the upper directory (reflinked where the filesystem can); the caller freezes writers. */
  async captureCopy(layerParent: string): Promise<string> {
    const layer = await newLayerDir(layerParent, path.basename(this.dir));
    await copyTree(this.upper, layer);
    return layer;
  }

  /** Removes the disk; layers captured from it belong to their images and stay. */
  async remove(): Promise<void> {
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }

  private save(): void {
    const record: DiskRecord = { layers: this.layerList };
    const temp = `${this.recordFile}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(record, null, 2) + '\n');
    fs.renameSync(temp, this.recordFile);
  }
}

async function newLayerDir(parent: string, name: string): Promise<string> {
  checkMountablePath('the layer directory', parent);
  await fs.promises.mkdir(parent, { recursive: true });
  const layer = await fs.promises.mkdtemp(path.join(parent, `${name}-`));
  await fs.promises.chmod(layer, 0o755);
  return layer;
}

/** cp -a keeps owners, modes, times, device nodes (whiteouts) and trusted.overlay.* attributes (as root). */
async function copyTree(from: string, to: string): Promise<void> {
  await run('cp', ['-a', '--reflink=auto', '--', `${from}/.`, `${to}/`], { maxBuffer: 1 << 20 });
}
