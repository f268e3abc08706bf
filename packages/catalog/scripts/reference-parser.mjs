// @ts-check
/**
 * An independent reader of Healthie's webhook event reference (a text copy whose headings were lost), and
 * the facts fixture that stands in for it. Deliberately shares no code with the catalog it checks.
 *
 * The reference lives beside the repository (../shared/reference/), so a fresh clone does not have it.
 * `scripts/reference-facts.mjs` parses it here and commits the facts (names, types, nullability, mutation
 * names, example values; no prose) to test/fixtures/reference-facts.json; the tests read that fixture and,
 * only when the reference is present, check that the fixture still equals what the reference says.
 *
 * Plain JavaScript with JSDoc types so that `node` runs it without a build step; `tsc -p test` checks it.
 *
 * Shape of one section in the copy: a description line ("Fires when ..."), trigger text and mutation
 * bullets, a JSON example whose event_type names the section, then `• field: note (nullable)` bullets.
 * A few sections repeat the example with the extras added ("the actual payload will also contain").
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} ReferenceEvent
 * @property {string} eventType
 * @property {string} resourceType
 * @property {string[]} extras
 * @property {string[]} nullable
 * @property {string[]} mutations
 * @property {boolean} garbled The mutation list is malformed in the copy, so it cannot be compared.
 * @property {Record<string, unknown>} example The fullest example, with changed_fields from the first one.
 */

/**
 * @typedef {object} ExtraFact
 * @property {string} name
 * @property {boolean} nullable
 * @property {string} type The JSON type of the reference's example value.
 * @property {unknown} example The reference's example value.
 */

/**
 * @typedef {object} EventFact
 * @property {string} event_type
 * @property {string} resource_id_type
 * @property {unknown} resource_id_example
 * @property {unknown} changed_fields_example
 * @property {ExtraFact[]} extras In payload order.
 * @property {string[]} mutations In the reference's order.
 * @property {boolean} mutations_garbled
 */

/**
 * @typedef {object} ReferenceFacts
 * @property {string} source
 * @property {string} generated_by
 * @property {EventFact[]} events Sorted by event_type.
 */

export const REFERENCE_FILE = 'webhook-event-reference.txt';

/** The committed fixture. */
export const FACTS_FIXTURE = fileURLToPath(new URL('../test/fixtures/reference-facts.json', import.meta.url));

/** Where the reference is looked for: the folder named by CAREHOOKS_REFERENCE_DIR, else ../shared/reference/. */
export function referencePath() {
  const dir = process.env.CAREHOOKS_REFERENCE_DIR;
  if (dir) return join(dir, REFERENCE_FILE);
  return fileURLToPath(new URL(`../../../../shared/reference/${REFERENCE_FILE}`, import.meta.url));
}

const STANDARD = ['resource_id', 'resource_id_type', 'event_type', 'changed_fields'];
const GENERIC_EXAMPLE = 'resource.action';
const SECTION_START = /^(Fires when|Test webhook event)/;
const BULLET = /^\s*•\s*(.*)$/;
const MUTATION_BULLET = /^([a-z][A-Za-z0-9]*)(\s+-\s+.*)?$/;
const UNBULLETED_LIST = /^[a-z][A-Za-z0-9]*(,\s*[a-z][A-Za-z0-9]*)+$/;
const FIELD_NOTE = /^\s*•\s*([a-z][a-z0-9_]*):\s+(.*)$/;

/**
 * @typedef {object} Block
 * @property {number} start
 * @property {number} end
 * @property {Record<string, unknown>} body
 */

/**
 * @param {string[]} lines
 * @returns {Block[]}
 */
function jsonBlocks(lines) {
  /** @type {Block[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '{') continue;
    let end = i + 1;
    while (end < lines.length && lines[end]?.trim() !== '}') end++;
    // The copy's last example lost its closing brace.
    const text = [...lines.slice(i, end), '}'].join('\n');
    blocks.push({ start: i, end, body: /** @type {Record<string, unknown>} */ (JSON.parse(text)) });
    i = end;
  }
  return blocks.filter((block) => block.body.event_type !== GENERIC_EXAMPLE);
}

/**
 * @param {[Block, ...Block[]]} blocks
 * @returns {Block}
 */
function lastBlock(blocks) {
  return blocks[blocks.length - 1] ?? blocks[0];
}

/**
 * @param {string} text the reference file's content
 * @returns {Map<string, ReferenceEvent>}
 */
export function parseReference(text) {
  const lines = text.split(/\r?\n/);
  /** @type {[Block, ...Block[]][]} */
  const sections = [];
  for (const block of jsonBlocks(lines)) {
    const current = sections.at(-1);
    if (current && current[0].body.event_type === block.body.event_type) current.push(block);
    else sections.push([block]);
  }

  /** @type {Map<string, ReferenceEvent>} */
  const events = new Map();
  sections.forEach((blocks, index) => {
    const first = blocks[0];
    const eventType = String(first.body.event_type);
    if (events.has(eventType)) throw new Error(`reference: ${eventType} appears in two places`);

    // Head: from this section's description line to its first example.
    const previous = sections[index - 1];
    const previousEnd = previous ? lastBlock(previous).end + 1 : 0;
    let head = -1;
    for (let i = previousEnd; i < first.start; i++) if (SECTION_START.test(lines[i] ?? '')) head = i;
    if (head < 0) throw new Error(`reference: no description line before the ${eventType} example`);
    // Tail: after the first example up to the next section's description line.
    const nextStart = sections[index + 1]?.[0].start ?? lines.length;
    let tailEnd = nextStart;
    for (let i = first.end + 1; i < nextStart; i++) {
      if (SECTION_START.test(lines[i] ?? '')) {
        tailEnd = i;
        break;
      }
    }

    /** @type {string[]} */
    const mutations = [];
    let garbled = false;
    for (const line of lines.slice(head + 1, first.start)) {
      const bullet = BULLET.exec(line)?.[1]?.trim();
      if (bullet === undefined) {
        if (UNBULLETED_LIST.test(line.trim())) garbled = true;
        continue;
      }
      const name = MUTATION_BULLET.exec(bullet)?.[1];
      if (name) mutations.push(name);
      // A bullet that is neither a mutation nor a sentence (e.g. a lone backtick) is debris.
      else if (!/\s/.test(bullet)) garbled = true;
    }

    const fullest = blocks.reduce((a, b) =>
      Object.keys(b.body).length > Object.keys(a.body).length ? b : a,
    );
    const extras = Object.keys(fullest.body).filter((key) => !STANDARD.includes(key));
    /** @type {{ name: string, note: string }[]} */
    const notes = [];
    for (const line of lines.slice(first.end + 1, tailEnd)) {
      const match = FIELD_NOTE.exec(line);
      if (match) notes.push({ name: match[1] ?? '', note: match[2] ?? '' });
    }
    for (const { name } of notes) {
      if (!extras.includes(name)) throw new Error(`reference: ${eventType} notes unknown field ${name}`);
    }

    events.set(eventType, {
      eventType,
      resourceType: String(first.body.resource_id_type),
      extras,
      nullable: notes.filter(({ note }) => note.includes('(nullable)')).map(({ name }) => name),
      mutations,
      garbled,
      example: { ...fullest.body, changed_fields: first.body.changed_fields },
    });
  });
  return events;
}

// ---------------------------------------------------------------------------------------------------------
// The facts fixture

/**
 * @param {unknown} value
 * @returns {string}
 */
function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A copy with every object's keys in code-unit order; arrays keep their order (it is a fact).
 * @param {unknown} value
 * @returns {unknown}
 */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}

/**
 * The facts of a parsed reference, in the fixture's shape: events sorted by event_type, keys sorted.
 * Throws if the facts could not give back exactly what was parsed.
 * @param {Map<string, ReferenceEvent>} reference
 * @returns {ReferenceFacts}
 */
export function factsFromReference(reference) {
  const events = [...reference.values()]
    .sort((a, b) => (a.eventType < b.eventType ? -1 : a.eventType > b.eventType ? 1 : 0))
    .map(
      (event) =>
        /** @type {EventFact} */ ({
          event_type: event.eventType,
          resource_id_type: event.resourceType,
          resource_id_example: event.example.resource_id,
          changed_fields_example: event.example.changed_fields,
          extras: event.extras.map((name) => ({
            name,
            nullable: event.nullable.includes(name),
            type: jsonType(event.example[name]),
            example: event.example[name],
          })),
          mutations: event.mutations,
          mutations_garbled: event.garbled,
        }),
    );
  const facts = /** @type {ReferenceFacts} */ (
    sortKeys({
      source: REFERENCE_FILE,
      generated_by: 'npm run facts -w @carehooks/catalog (scripts/reference-facts.mjs); do not edit by hand',
      events,
    })
  );

  // The fixture stands in for the reference, so it must give back exactly what was parsed.
  const rebuilt = referenceFromFacts(facts);
  for (const [eventType, event] of reference) {
    if (JSON.stringify(rebuilt.get(eventType)) !== JSON.stringify(event)) {
      throw new Error(
        `facts: ${eventType} cannot be written as facts without loss: ${JSON.stringify(event)}`,
      );
    }
  }
  return facts;
}

/**
 * @param {unknown} value
 * @param {string} at
 * @param {readonly string[]} keys exactly these
 * @returns {Record<string, unknown>}
 */
function record(value, at, keys) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${at}: expected an object`);
  }
  const actual = Object.keys(value).sort().join(', ');
  const expected = [...keys].sort().join(', ');
  if (actual !== expected) throw new Error(`${at}: keys ${actual}, expected ${expected}`);
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * @param {unknown} value
 * @param {string} at
 * @returns {unknown[]}
 */
function array(value, at) {
  if (!Array.isArray(value)) throw new Error(`${at}: expected an array`);
  return value;
}

/**
 * @param {unknown} value
 * @param {string} at
 * @returns {string}
 */
function string(value, at) {
  if (typeof value !== 'string' || value === '') throw new Error(`${at}: expected a non-empty string`);
  return value;
}

/**
 * @param {unknown} value
 * @param {string} at
 * @returns {boolean}
 */
function boolean(value, at) {
  if (typeof value !== 'boolean') throw new Error(`${at}: expected true or false`);
  return value;
}

const EVENT_KEYS = [
  'event_type',
  'resource_id_type',
  'resource_id_example',
  'changed_fields_example',
  'extras',
  'mutations',
  'mutations_garbled',
];
const EXTRA_KEYS = ['name', 'nullable', 'type', 'example'];

/**
 * The reference as the tests use it, read back from the fixture (checked strictly: no unknown keys).
 * @param {unknown} json the parsed fixture
 * @returns {Map<string, ReferenceEvent>}
 */
export function referenceFromFacts(json) {
  const facts = record(json, 'facts', ['source', 'generated_by', 'events']);
  /** @type {Map<string, ReferenceEvent>} */
  const events = new Map();
  array(facts.events, 'facts.events').forEach((item, index) => {
    const fact = record(item, `facts.events[${index}]`, EVENT_KEYS);
    const eventType = string(fact.event_type, `facts.events[${index}].event_type`);
    const at = `facts ${eventType}`;
    if (events.has(eventType)) throw new Error(`${at}: listed twice`);
    const resourceType = string(fact.resource_id_type, `${at}.resource_id_type`);
    const extras = array(fact.extras, `${at}.extras`).map((value, i) => {
      const extra = record(value, `${at}.extras[${i}]`, EXTRA_KEYS);
      const name = string(extra.name, `${at}.extras[${i}].name`);
      if (STANDARD.includes(name)) throw new Error(`${at}: ${name} is a standard field, not an extra`);
      if (extra.type !== jsonType(extra.example)) {
        throw new Error(
          `${at}: ${name} has type ${String(extra.type)} but its example is ${jsonType(extra.example)}`,
        );
      }
      return { name, nullable: boolean(extra.nullable, `${at}.${name}.nullable`), example: extra.example };
    });
    const names = extras.map((extra) => extra.name);
    if (new Set(names).size !== names.length) throw new Error(`${at}: an extra is listed twice`);

    events.set(eventType, {
      eventType,
      resourceType,
      extras: names,
      nullable: extras.filter((extra) => extra.nullable).map((extra) => extra.name),
      mutations: array(fact.mutations, `${at}.mutations`).map((m, i) => string(m, `${at}.mutations[${i}]`)),
      garbled: boolean(fact.mutations_garbled, `${at}.mutations_garbled`),
      example: {
        resource_id: fact.resource_id_example,
        resource_id_type: resourceType,
        event_type: eventType,
        changed_fields: fact.changed_fields_example,
        ...Object.fromEntries(extras.map((extra) => [extra.name, extra.example])),
      },
    });
  });
  return events;
}
