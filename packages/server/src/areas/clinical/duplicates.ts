/**
 * Duplicate detection, as Healthie's create payloads report it: `duplicate_allergy` is another allergy of
 * the same patient to the same allergen (same category, same name or custom name, ignoring case),
 * `duplicate_family_history_condition` another condition of the same patient with the same concept, and
 * `duplicated_physician` another physician on file with the same NPI (or, without one, the same first and
 * last name). The record is still written; the payload names the one it duplicates (the oldest), or null.
 *
 * `createAllergySensitivity` may also name (`id`) an allergy of the same patient that the new one replaces.
 */
import {
  deleteRecord,
  fail,
  requireRow,
  typedDb,
  type Computed,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { AllergySensitivity, type ClinicalTables } from './resources.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
type Eb = any;

const lowerTrimmed = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/** The payload's record (its `field`), when the mutation answered one. */
const payloadRecord = (payload: unknown, field: string): StoredRow | undefined => {
  const row = (payload as Record<string, unknown> | null)?.[field];
  return typeof row === 'object' && row !== null ? (row as StoredRow) : undefined;
};

async function duplicateAllergy(allergy: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const name = lowerTrimmed(allergy.name);
  const custom = lowerTrimmed(allergy.custom_name);
  if (name === '' && custom === '') return null;
  const sameAllergen = (eb: Eb) =>
    eb.or([
      ...(name === '' ? [] : [eb(eb.fn('lower', ['name']), '=', name)]),
      ...(custom === '' ? [] : [eb(eb.fn('lower', ['custom_name']), '=', custom)]),
    ]);
  const found = await typedDb<ClinicalTables>(reader)
    .selectFrom('allergy_sensitivities')
    .selectAll()
    .where('user_id', '=', Number(allergy.user_id))
    .where('id', '!=', allergy.id)
    .where('organization_id', 'in', reader.scope)
    .where((eb) => eb(eb.fn('lower', ['category']), '=', lowerTrimmed(allergy.category)))
    .where(sameAllergen)
    .orderBy('id')
    .executeTakeFirst();
  return (found as StoredRow | undefined) ?? null;
}

async function duplicateCondition(condition: StoredRow, reader: Reader): Promise<StoredRow | null> {
  if (condition.concept_id == null || condition.concept_id === '') return null;
  const found = await typedDb<ClinicalTables>(reader)
    .selectFrom('family_history_conditions')
    .selectAll()
    .where('user_id', '=', Number(condition.user_id))
    .where('concept_id', '=', String(condition.concept_id))
    .where('id', '!=', condition.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .executeTakeFirst();
  return (found as StoredRow | undefined) ?? null;
}

async function duplicatePhysician(physician: StoredRow, reader: Reader): Promise<StoredRow | null> {
  let query = typedDb<ClinicalTables>(reader)
    .selectFrom('referring_physicians')
    .selectAll()
    .where('id', '!=', physician.id)
    .where('organization_id', 'in', reader.scope);
  const npi = typeof physician.npi === 'string' ? physician.npi.trim() : '';
  const first = lowerTrimmed(physician.first_name);
  const last = lowerTrimmed(physician.last_name);
  if (npi !== '') query = query.where('npi', '=', npi);
  else if (first !== '' && last !== '')
    query = query
      .where((eb) => eb(eb.fn('lower', ['first_name']), '=', first))
      .where((eb) => eb(eb.fn('lower', ['last_name']), '=', last));
  else return null;
  return ((await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined) ?? null;
}

function payloadDuplicate(
  type: string,
  field: string,
  find: (row: StoredRow, reader: Reader) => Promise<StoredRow | null>,
): Computed {
  return {
    type,
    resolve: async (payload, reader) => {
      const row = payloadRecord(payload, field);
      return row ? find(row, reader) : null;
    },
  };
}

/** The payload fields, by payload type (bound in ./area.ts as type extensions). */
export const duplicateFields = {
  createAllergySensitivityPayload: {
    duplicate_allergy: payloadDuplicate('AllergySensitivity', 'allergy_sensitivity', duplicateAllergy),
  },
  updateAllergySensitivityPayload: {
    duplicate_allergy: payloadDuplicate('AllergySensitivity', 'allergy_sensitivity', duplicateAllergy),
  },
  createFamilyHistoryPayload: {
    duplicate_family_history_condition: payloadDuplicate(
      'FamilyHistoryCondition',
      'family_history_condition',
      duplicateCondition,
    ),
  },
  updateFamilyHistoryPayload: {
    duplicate_family_history_condition: payloadDuplicate(
      'FamilyHistoryCondition',
      'family_history_condition',
      duplicateCondition,
    ),
  },
  createReferringPhysicianPayload: {
    duplicated_physician: payloadDuplicate('ReferringPhysician', 'referring_physician', duplicatePhysician),
  },
};

/** Replaced allergies, by input, between the create's `before` and `after` hooks. */
const replacing = new WeakMap<object, StoredRow>();

const COPIED = [
  'category',
  'category_type',
  'name',
  'custom_name',
  'reaction',
  'custom_reaction',
  'reaction_type',
  'severity',
  'status',
  'onset_date',
  'drug_allergen_id',
] as const;

/** `createAllergySensitivity(id)`: the allergy replaced lends the fields the input leaves out. */
export async function replacedAllergy(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (input.id === undefined || input.id === null || input.id === '') return;
  const old = await requireRow(work, AllergySensitivity, input.id);
  if (Number(old.user_id) !== Number(values.user_id))
    fail('id', `AllergySensitivity ${old.id} belongs to another patient`);
  for (const name of COPIED) if (!(name in values)) values[name] = old[name];
  replacing.set(input, old);
}

/** ...and is removed once the new one exists. */
export async function removeReplacedAllergy(work: Work, change: RecordChange): Promise<void> {
  const old = replacing.get(change.input);
  if (old) await deleteRecord(work, AllergySensitivity, old);
}
