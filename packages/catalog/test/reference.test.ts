import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FACTS_FIXTURE,
  REFERENCE_FILE,
  factsFromReference,
  parseReference,
  referenceFromFacts,
  referencePath,
} from '../scripts/reference-parser.mjs';
import { catalog } from '../src/index.js';
import { compareWithReference, type CatalogLike } from './reference-compare.js';

// The reference itself lives beside the repository and is absent from a fresh clone, so the tests hold the
// catalog to the committed facts fixture (`npm run facts -w @carehooks/catalog` regenerates it). Only the
// drift check at the end reads the reference, and only when it is there.
const committedFacts: unknown = JSON.parse(readFileSync(FACTS_FIXTURE, 'utf8'));
const reference = referenceFromFacts(committedFacts);

/** A mutable deep copy of the catalog, for feeding deliberately wrong versions to the comparison. */
function catalogCopy(): CatalogLike[] {
  return structuredClone(catalog) as unknown as CatalogLike[];
}

function entry(entries: CatalogLike[], eventType: string): CatalogLike {
  const found = entries.find((e) => e.event_type === eventType);
  if (!found) throw new Error(`no ${eventType} in the copy`);
  return found;
}

describe('the reference facts', () => {
  it('yields 167 events, test.created among them, and not the generic example', () => {
    expect(reference.size).toBe(167);
    expect(reference.has('test.created')).toBe(true);
    expect(reference.has('resource.action')).toBe(false);
  });

  it('is read the way we expect in the tricky places', () => {
    expect(reference.get('goal.updated')?.extras).toEqual(['care_plan_id', 'parent_id', 'user_id']);
    expect(reference.get('goal.deleted')?.nullable).toEqual(['care_plan_id', 'parent_id']);
    expect(reference.get('medication.created')?.extras).toEqual(['user_id']);
    expect(reference.get('patient.created')?.mutations).toEqual([
      'createClient',
      'completeCheckout',
      'createNotificationContact',
    ]);
    expect(reference.get('applied_tag.deleted')?.mutations).toEqual(['removeAppliedTag']);
    expect(reference.get('requested_form_completion.updated')?.garbled).toBe(true);
    expect(reference.get('organization_member.updated')?.garbled).toBe(true);
    expect(reference.get('lab_result.created')?.nullable).toEqual(['patient_id']);
  });
});

describe('the catalog against the reference', () => {
  it('agrees on event types, resource types, extras, nullability, mutations and examples', () => {
    expect(compareWithReference(reference, catalogCopy()).join('\n')).toBe('');
  });

  // The comparison must catch a wrong catalog, not just pass on the right one.
  const alter =
    (eventType: string, change: (entry: CatalogLike) => void) =>
    (entries: CatalogLike[]): CatalogLike[] => {
      change(entry(entries, eventType));
      return entries;
    };
  const breakages: [string, (entries: CatalogLike[]) => CatalogLike[], RegExp][] = [
    [
      'a missing event',
      (es) => es.filter((e) => e.event_type !== 'sent_fax.updated'),
      /sent_fax\.updated: missing/,
    ],
    [
      'an invented event',
      (es) => [...es, { ...entry(es, 'task.created'), event_type: 'task.archived' }],
      /task\.archived: not in the reference/,
    ],
    [
      'a wrong resource type',
      alter('entry.created', (e) => (e.resource_id_type = 'MetricEntry')),
      /entry\.created: resource type/,
    ],
    [
      'a dropped extra',
      alter('lab_result.created', (e) => e.extras.pop()),
      /missing extra ordering_physician_id/,
    ],
    [
      'an invented extra',
      alter('task.created', (e) => e.extras.push({ name: 'owner_id', nullable: false })),
      /extra owner_id not in the reference/,
    ],
    [
      'extras out of order',
      alter('applied_tag.created', (e) => e.extras.reverse()),
      /applied_tag\.created: extras in order/,
    ],
    [
      'a nullable extra made required',
      alter('super_bill.created', (e) => (e.extras[0]!.nullable = false)),
      /super_bill\.created: patient_id must be nullable/,
    ],
    [
      'an extra made nullable with no decision',
      alter('applied_tag.created', (e) => (e.extras[0]!.nullable = true)),
      /applied_tag\.created: tag_id nullable without a decision/,
    ],
    [
      'a decision that no longer explains a nullable extra',
      alter('goal.created', (e) => delete e.decision),
      /goal\.created: care_plan_id nullable without a decision/,
    ],
    [
      'a dropped mutation',
      alter('appointment.created', (e) => e.mutations.pop()),
      /appointment\.created: mutations/,
    ],
    [
      'an unexplained mutation',
      alter('diagnosis.created', (e) => e.mutations.push('createDiagnosis')),
      /diagnosis\.created: mutations/,
    ],
    [
      'a garbled list with no decision',
      alter('organization_member.updated', (e) => delete e.decision),
      /organization_member\.updated: the reference list is garbled/,
    ],
    [
      'a changed example',
      alter('cms1500.created', (e) => (e.example.resource_id = '1')),
      /cms1500\.created: example differs/,
    ],
  ];
  it.each(breakages)('fails on %s', (_name, breakCatalog, expected) => {
    const problems = compareWithReference(reference, breakCatalog(catalogCopy()));
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join('\n'),
    ).toBe(true);
  });
});

describe('the committed facts fixture', () => {
  const source = referencePath();
  const present = existsSync(source);
  it.skipIf(!present)(
    present
      ? `equals the facts regenerated from ${REFERENCE_FILE} (drift check; fix with npm run facts -w @carehooks/catalog)`
      : `drift check SKIPPED: ${REFERENCE_FILE} not found (../shared/reference/ or CAREHOOKS_REFERENCE_DIR)`,
    () => {
      const regenerated = factsFromReference(parseReference(readFileSync(source, 'utf8')));
      expect(committedFacts).toEqual(regenerated);
    },
  );
});
