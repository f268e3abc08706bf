import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/delivery/retry-after.js';

const NOW = Date.parse('1994-11-06T08:49:00Z');

describe('parseRetryAfter', () => {
  it.each<[string | string[] | undefined, number | null]>([
    ['7', 7000],
    ['0', 0],
    [' 120 ', 120_000],
    [['5', '9'], 5000],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 37_000], // IMF-fixdate
    ['Sunday, 06-Nov-94 08:49:37 GMT', 37_000], // obsolete RFC 850
    ['Sun Nov  6 08:49:37 1994', 37_000], // obsolete asctime, which is GMT
    ['Sun, 06 Nov 1994 08:48:00 GMT', 0], // already past
    [undefined, null],
    ['', null],
    ['-5', null],
    ['7.5', null],
    ['soon', null],
    ['99999999999999999999', null],
    ['2024-01-01T00:00:00Z', null],
  ])('%j → %s', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});
