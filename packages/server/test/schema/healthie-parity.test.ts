/**
 * Holds the API to Healthie's published schema for what carehooks exposes. The gaps still open are listed
 * in test/fixtures/healthie-parity-gaps.txt, which may only shrink: a gap not listed (a regression, or a
 * newly exposed mutation or type that is not at parity) fails, and so does a listed gap that is closed,
 * until the list is rewritten with `UPDATE_PARITY=1 npx vitest run packages/server/test/schema`.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gapText, schemaGaps } from './parity.js';

const listFile = new URL('../fixtures/healthie-parity-gaps.txt', import.meta.url);

describe("parity with Healthie's published schema", () => {
  const gaps = schemaGaps().map(gapText).sort();

  if (process.env.UPDATE_PARITY) fs.writeFileSync(listFile, gaps.map((g) => `${g}\n`).join(''));
  const listed = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);

  it('opens no gap that is not already listed', () => {
    const known = new Set(listed);
    expect(gaps.filter((g) => !known.has(g))).toEqual([]);
  });

  it('lists no gap that has been closed', () => {
    const open = new Set(gaps);
    expect(listed.filter((g) => !open.has(g))).toEqual([]);
  });
});
