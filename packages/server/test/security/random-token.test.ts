import { describe, expect, it } from 'vitest';
import { randomBase64url, randomHex } from '../../src/core/random-token.js';

describe('random tokens', () => {
  it('hands out distinct tokens of the asked length across many refills of the pool', () => {
    const seen = new Set<string>();
    // 16 bytes each: 256 tokens per 4 KiB pool, so this crosses about 40 refills.
    for (let i = 0; i < 10_000; i++) {
      const token = randomHex(16);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      seen.add(token);
    }
    expect(seen.size).toBe(10_000);
  });

  it('gives base64url tokens and refuses one larger than the pool', () => {
    expect(randomBase64url(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomBase64url(32)).not.toBe(randomBase64url(32));
    expect(() => randomHex(8192)).toThrow(/larger than the pool/);
  });
});
