/**
 * Random tokens for rows that carry one (set-password links, session ids). `randomBytes` per token asks the
 * CSPRNG each time, which cost about 16 µs per createClient under load; like `crypto.randomUUID`, tokens here
 * are cut from a buffer the CSPRNG fills a few kilobytes at a time. Each byte is handed out once.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

function take(bytes: number): [start: number, end: number] {
  if (bytes > POOL_BYTES) throw new RangeError(`a token of ${bytes} bytes is larger than the pool`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return [start, offset];
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  return pool.toString('hex', ...take(bytes));
}

/** `bytes` random bytes as unpadded base64url. */
export function randomBase64url(bytes: number): string {
  return pool.toString('base64url', ...take(bytes));
}
