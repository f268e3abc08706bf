/**
 * The coverage table in docs/ is what the registry says, and the inputs accepted without effect only
 * shrink (test/fixtures/ignored-inputs.txt). `UPDATE_PARITY=1` rewrites both.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildServerRegistry } from '../../src/app/registry.js';
import { coverageTable, ignoredInputs } from './coverage.js';

const docFile = new URL('../../../../docs/healthie-coverage.md', import.meta.url);
const ignoredFile = new URL('../fixtures/ignored-inputs.txt', import.meta.url);

describe('coverage of Healthie inputs and fields', () => {
  const registry = buildServerRegistry();
  const doc = coverageTable(registry);
  const ignored = ignoredInputs(registry);
  if (process.env.UPDATE_PARITY) {
    fs.writeFileSync(docFile, doc);
    fs.writeFileSync(ignoredFile, ignored.map((i) => `${i}\n`).join(''));
  }

  it('docs/healthie-coverage.md is up to date', () => {
    expect(fs.readFileSync(docFile, 'utf8')).toBe(doc);
  });

  it('accepts no new input without an effect, and lists none that gained one', () => {
    const listed = fs.readFileSync(ignoredFile, 'utf8').split('\n').filter(Boolean);
    expect({
      new: ignored.filter((i) => !listed.includes(i)),
      gained: listed.filter((i) => !ignored.includes(i)),
    }).toEqual({ new: [], gained: [] });
  });
});
