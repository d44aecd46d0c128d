// Image storage: captured layer directories under the store's layer root, shared by an image's copies and by
// the instances launched from it, and removed once nothing references them any more.
import { rm } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import type { Store } from '../state/store.js';

function referenced(store: Store): Set<string> {
  const used = new Set<string>();
  for (const region of store.allRegions()) {
    for (const image of region.images.values()) image.layers.forEach((l) => used.add(l));
    for (const instance of region.instances.values()) if (instance.state !== 'terminated') instance.layers.forEach((l) => used.add(l));
  }
  return used;
}

/**
 * Removes those of `layers` that were captured here and are no longer used by any image or live instance. Never
 * rejects (it runs in the background of API calls): a layer that cannot be removed is reported and left.
 */
export async function releaseLayers(store: Store, layers: readonly string[]): Promise<void> {
  // Most instances run catalog images (no layers): nothing to release, and no scan of every image.
  if (layers.length === 0) return;
  const used = referenced(store);
  for (const layer of layers) {
    const inside = relative(store.options.layerRoot, layer);
    if (used.has(layer) || inside.startsWith('..') || isAbsolute(inside) || inside === '') continue;
    try {
      await rm(layer, { recursive: true, force: true });
    } catch (error) {
      process.stderr.write(`ec2-local: could not remove the image layer ${layer}: ${String(error)}\n`);
    }
  }
}
