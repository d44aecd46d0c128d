// AWS-shaped resource ids: a prefix and 17 lowercase hex digits (the long id format), checked the way EC2
// checks them before looking anything up.
import { randomBytes } from 'node:crypto';
import { AwsError } from '../contracts.js';

export type IdPrefix = 'ami' | 'i' | 'r' | 'snap' | 'vol' | 'sg' | 'sgr' | 'vpc' | 'subnet' | 'key' | 'igw' | 'dopt' | 'eni' | 'sir' | 'lt' | 'fleet';

/** Random bytes drawn in 4 KB batches: every create makes ids, one getrandom call per id showed in profiles. */
let pool = Buffer.alloc(0);
let poolOffset = 0;

export function newId(prefix: IdPrefix): string {
  if (poolOffset + 9 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + 9).slice(0, 17);
  poolOffset += 9;
  return `${prefix}-${hex}`;
}

const shapes = new Map<string, RegExp>();

/** The long (17) or legacy short (8) hex form. */
export function isId(prefix: IdPrefix, id: string): boolean {
  let shape = shapes.get(prefix);
  if (!shape) shapes.set(prefix, (shape = new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`)));
  return shape.test(id);
}

/** Throws `<code>` (e.g. `InvalidAMIID.Malformed`) unless `id` has the prefix's shape. */
export function checkId(prefix: IdPrefix, id: string, code: string): void {
  if (!isId(prefix, id)) throw new AwsError(code, `Invalid id: "${id}"`);
}
