// Scratch directories for tests that need real files (templates, var files) on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary directory holding `files` (by path relative to it; missing subdirectories are made). */
export function tempDir(files: Readonly<Record<string, string>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-test-'));
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}
