#!/usr/bin/env node
// @ts-check
/**
 * Writes test/fixtures/reference-facts.json from Healthie's webhook event reference, which lives beside the
 * repository (../shared/reference/, or the folder named by CAREHOOKS_REFERENCE_DIR). Run it after the
 * reference changes: `npm run facts -w @carehooks/catalog`. Without the reference it writes nothing and
 * exits 1. The output is deterministic (events sorted by event_type, keys sorted, formatted by prettier).
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { FACTS_FIXTURE, factsFromReference, parseReference, referencePath } from './reference-parser.mjs';

const source = referencePath();
const fixture = relative(process.cwd(), FACTS_FIXTURE);
if (!existsSync(source)) {
  console.error(
    `reference-facts: ${source} not found, so ${fixture} was left as it is.\n` +
      'Put the reference at ../shared/reference/ beside the repository, or set CAREHOOKS_REFERENCE_DIR to its folder.',
  );
  process.exit(1);
}

const facts = factsFromReference(parseReference(readFileSync(source, 'utf8')));
const text = await format(`${JSON.stringify(facts, null, 2)}\n`, {
  ...(await resolveConfig(FACTS_FIXTURE)),
  filepath: FACTS_FIXTURE,
});

const extras = facts.events.flatMap((event) => event.extras);
const summary =
  `${facts.events.length} events, ${extras.length} extras (${extras.filter((e) => e.nullable).length} nullable), ` +
  `${facts.events.reduce((n, event) => n + event.mutations.length, 0)} mutations, ` +
  `${facts.events.filter((event) => event.mutations_garbled).length} garbled mutation lists`;

if (existsSync(FACTS_FIXTURE) && readFileSync(FACTS_FIXTURE, 'utf8') === text) {
  console.log(`reference-facts: ${fixture} is up to date (${summary})`);
} else {
  mkdirSync(dirname(FACTS_FIXTURE), { recursive: true });
  writeFileSync(FACTS_FIXTURE, text);
  console.log(`reference-facts: wrote ${fixture} (${summary})`);
}
